import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { GitFixture } from '../support/git-fixtures.js';
import { BIN, cleanEnv, ROOT, runCli } from '../support/lsp-client.js';
import { writeMan } from '../support/mini-man.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });

const PROJECT = path.resolve(import.meta.dirname, '../fixtures/ask/project');
const ask = (...args: string[]) => spawnSync(process.execPath, [BIN, 'ask', '--repo', PROJECT, ...args], { env: cleanEnv(), encoding: 'utf8' });

describe('kibitz ask', () => {
  it('prints the sentences that answer, each with its citation', () => {
    const r = ask('what does the retries option default to?');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      '- `retries` (default: 3): how many times a failed upload is attempted again before the run fails.',
      '    — docs/configuration.md:7 (Upload options)',
    ]);
    expect(r.stdout).toMatch(/the docs' own sentences, offline\)\n$/);
  });

  it('--json carries the answer, citations and passages; a question the docs do not answer exits 1', () => {
    const j = JSON.parse(ask('--json', 'how do I run the integration tests?').stdout);
    expect(j).toMatchObject({ answered: true, files: 3 });
    expect(j.sentences.map((s: { citation: string }) => s.citation)).toContain('README.md:14-16');
    const no = ask('how do I deploy to kubernetes?');
    expect(no.status).toBe(1);
    expect(no.stdout).toMatch(/^Not in these docs: nothing in the 3 documentation files under /);
    expect(spawnSync(process.execPath, [BIN, 'ask', '--repo', '/nonexistent/dir', 'x'], { env: cleanEnv(), encoding: 'utf8' }).status).toBe(2);
  });
});

describe("kibitz ask as the README's 'Use it' shows it", () => {
  it('run in this checkout, answers from its own docs with citations that open', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const line = /^kibitz ask '([^']+)'/m.exec(readme);
    expect(line).not.toBeNull();
    const r = spawnSync(process.execPath, [BIN, 'ask', line![1]!], { env: cleanEnv(), encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    const cites = [...r.stdout.matchAll(/^ {4}— (\S+?):(\d+)/gm)];
    expect(cites.length).toBeGreaterThan(0);
    for (const [, file, at] of cites) expect(readFileSync(path.join(ROOT, file!), 'utf8').split('\n').length).toBeGreaterThanOrEqual(Number(at));
  });
});

describe('kibitz ask from the other sources', () => {
  const g = new GitFixture('ask-cli');
  g.commit('docs: say how to upload', { 'README.md': '# Courier\n\nRun `courier upload DIR` to send a folder.\n' });
  g.commit('Drop support for Node 16\n\nNode 16 reached its end of life, and the fetch API we rely on needs Node 18.', { 'package.json': '{}\n' });
  const mans = writeMan({ 'packer.1': '.TH PACKER 1\n.SH NAME\npacker \\- bundle files\n.SH OPTIONS\n.TP\n.B \\-z\nSqueeze the archive with the deflate codec.\n' });
  const env = { ...cleanEnv(), MANPATH: mans, KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-askc-')) };
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'ask', '--repo', g.root, ...args], { env, encoding: 'utf8' });

  it('answers from the commit history and from the man page of a command the question names; --sources narrows', () => {
    const sha = g.git('rev-parse', '--short', 'HEAD').trim();
    const why = run('why was support for node 16 dropped');
    expect(why.status, why.stderr).toBe(0);
    expect(why.stdout).toContain(`Node 16 reached its end of life, and the fetch API we rely on needs Node 18.\n    — commit ${sha}\n`);
    const opt = run('what does packer -z do');
    expect(opt.stdout).toContain('Squeeze the archive with the deflate codec.\n    — packer(1) (-z)\n');
    expect(opt.stdout).toMatch(/the man page's own sentences, offline\)\n$/);
    expect(why.stdout).toMatch(/the commit's own message, offline\)\n$/);
    expect(run('--sources', 'docs,code', 'why was support for node 16 dropped').status).toBe(1);
    const bad = run('--sources', 'docs,wiki', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--sources takes docs, code, man, commits (comma-separated); not: wiki');
  });
});

/** The CLI with the fake endpoint as its model (run without blocking: the endpoint lives in this process). */
function askWithModel(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...cleanEnv(), KIBITZ_MODEL: 'fake-chat', KIBITZ_BASE_URL: endpoint.fake.url, KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-askc-')) };
  return runCli(['ask', '--repo', PROJECT, ...args], env);
}

describe('kibitz ask with a model', () => {
  it("prints the model's checked sentences with their citations, says how many were dropped, and falls back offline when it fails", async () => {
    endpoint.fake.handler = () => ({
      json: {
        sentences: [
          { text: 'Retries default to three.', source: 1, quote: '(default: 3): how many times a failed upload' },
          { text: 'It retries forever.', source: 1, quote: 'retries forever' },
        ],
      },
    });
    const r = await askWithModel('what does the retries option default to?');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Retries default to three\.\n {4}— docs\/configuration\.md:7 \(Upload options\)\n/);
    expect(r.stdout).toContain('written by fake-chat, every sentence checked against the passage it cites');
    expect(r.stderr).toContain("1 sentence(s) of the model's answer were dropped");
    endpoint.fake.handler = () => ({ status: 500 });
    const off = await askWithModel('what does the retries option default to?');
    expect(off.status).toBe(0);
    expect(off.stderr).toMatch(/HTTP 500/);
    expect(off.stdout).toContain("the docs' own sentences, offline");
  });
});
