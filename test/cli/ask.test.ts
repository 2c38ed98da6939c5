import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../support/lsp-client.js';

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
