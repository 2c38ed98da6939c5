import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { FIXTURE_MAN } from '../support/fixtures.js';
import { MINI_PAGES, writeMan } from '../support/mini-man.js';
import { cleanEnv, runCli } from '../support/lsp-client.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });

/** Run the CLI without blocking this process (the fake endpoint lives here). */
function run(args: string[], model = true, extra: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = {
    ...cleanEnv(),
    MANPATH: FIXTURE_MAN,
    KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-cli-')),
    KIBITZ_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-clistate-')),
    ...(model ? { KIBITZ_MODEL: 'fake-chat', KIBITZ_BASE_URL: endpoint.fake.url } : {}),
    ...extra,
  };
  return runCli(args, env);
}

describe('kibitz suggest', () => {
  it('prints the command, its explanation with sources, and the risk verdict', async () => {
    endpoint.fake.reply({ json: { command: 'tar -czf site.tgz public', summary: 'Archive the public folder.' } });
    const r = await run(['suggest', 'archive the public folder']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('tar -czf site.tgz public');
    expect(r.stdout).toContain('Archive the public folder.');
    expect(r.stdout).toMatch(/-z {2}\[flag\]\n.*gzip/i);
    expect(r.stdout).toMatch(/source: tar\(1\)/);
    expect(r.stdout).not.toContain('RISK');
    expect(JSON.stringify(endpoint.fake.chats[0]!.body)).toContain('archive the public folder');
  });

  it('a risky suggestion leads with the warning and names the token; --json carries the verdict', async () => {
    endpoint.fake.reply({ json: { command: 'sudo rm -rf /var/lib', summary: 'Frees space.' } });
    const r = await run(['suggest', '--json', 'free disk space']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('sudo rm -rf /var/lib');
    expect(j.risk.level).toBe('critical');
    expect(j.risk.findings[0]).toMatchObject({ rule: 'rm-critical-path', start: 12, end: 20 });
    endpoint.fake.reply({ json: { command: 'sudo rm -rf /var/lib', summary: 'Frees space.' } });
    const t = await run(['suggest', 'free disk space now']);
    expect(t.stdout.startsWith('RISK: critical: review before running\n')).toBe(true);
  });

  it('without a model: says so, and lists the best matching man pages (semantic apropos), no request', async () => {
    const r = await run(['suggest', 'compress files'], false);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('no model is configured');
    expect(r.stdout.split('\n')[0]).toBe('gzip(1) — compress or expand files');
    const j = await run(['suggest', '--json', 'extract an archive'], false);
    expect(JSON.parse(j.stdout).matches[0]).toMatchObject({ page: 'tar(1)', name: 'tar - an archiving utility' });
    expect(endpoint.fake.requests).toHaveLength(0);
  });

  it('without a model, the answer has the example lines (page and line range) and the options that fit', async () => {
    const manpath = writeMan(MINI_PAGES);
    const r = await run(['suggest', 'find files over 100MB here'], false, { MANPATH: manpath });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('find(1) — search for files in a directory hierarchy');
    expect(lines[1]).toBe('    $ find . -type f -size +100M');
    expect(lines[2]).toMatch(/bigger than 100 megabytes.*\(find\(1\), lines \d+–\d+\)$/);
    expect(r.stdout).toMatch(/^ {4}-size n: .*\(find\(1\), line \d+\)$/m);
    const j = JSON.parse((await run(['suggest', '--json', 'find files over 100MB here'], false, { MANPATH: manpath })).stdout);
    expect(j.matches[0].examples[0]).toMatchObject({ command: 'find . -type f -size +100M' });
    expect(j.matches[0].options[0]).toMatchObject({ tag: '-size n' });
    // the README shows this answer: its lines are the CLI's own
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = readme.split("$ kibitz suggest 'find files over 100MB here'\n")[1]!.split('\n...')[0]!;
    expect(r.stdout.startsWith(shown + '\n')).toBe(true);
  });

  it('with a model, the best matching man pages go into the prompt as grounding', async () => {
    endpoint.fake.reply({ json: { command: 'gzip -k notes.txt', summary: 'Compress, keep the original.' } });
    const r = await run(['suggest', 'compress a file but keep it']);
    expect(r.status).toBe(0);
    expect(JSON.stringify(endpoint.fake.chats[0]!.body)).toContain('gzip(1): gzip, gunzip, zcat - compress or expand files');
  });

  it('a failing model: its message once on stderr (naming the environment variable), then the offline answer', async () => {
    for (const failure of [{ status: 401 }, { status: 503 }] as const) {
      endpoint.fake.script.length = 0;
      // a 503 is retried once; a 401 is not
      endpoint.fake.reply(failure, ...(failure.status === 503 ? [failure] : []));
      const r = await run(['suggest', 'list files'], true, { KIBITZ_API_KEY: 'wrong' });
      expect(r.status).toBe(0);
      if (failure.status === 401) {
        expect(r.stderr.match(/refused the API key/g)).toHaveLength(1);
        expect(r.stderr).toContain('Set KIBITZ_API_KEY');
      } else expect(r.stderr).toContain('HTTP 503');
      expect(r.stderr).toContain('offline, these man pages match best');
      expect(r.stdout).toMatch(/^ls\(1\) — /m);
    }
  }, 60_000);

  it('connection refused: the offline answer too', async () => {
    const r = await run(['suggest', 'list files'], true, { KIBITZ_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Cannot reach the model endpoint');
    expect(r.stdout).toMatch(/^ls\(1\) — /m);
  });
});

describe('kibitz explain --ai', () => {
  it('adds the model summary above the cited parts', async () => {
    endpoint.fake.reply({ json: { summary: 'Lists all files, long format.' } });
    const r = await run(['explain', '--ai', '--', 'ls -la']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ls -la\n\nModel summary \(fake-chat; written by a model from the man-page parts below, check it against them\):\nLists all files, long format\.\n\n/);
    expect(r.stdout).toContain('source: ls(1)');
  });

  it('falls back to the offline explanation with a note when no model is configured', async () => {
    const r = await run(['explain', '--ai', '--json', '--', 'ls -la'], false);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).summary).toBeUndefined();
    expect(JSON.parse(r.stdout).parts.length).toBeGreaterThan(1);
    expect(r.stderr).toContain('Showing the offline explanation');
  });
});
