import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/lsp-client.js';
import { FIXTURE_MAN } from '../support/fixtures.js';

const env = { ...process.env, MANPATH: FIXTURE_MAN, KIBITZ_CACHE_DIR: '' };

describe('kibitz explain', () => {
  it('--json prints parts with offsets into the command line and sources', () => {
    const cmd = 'tar -xzvf a.tgz | gzip -d';
    const out = execFileSync(process.execPath, [BIN, 'explain', '--json', '--', cmd], { env, encoding: 'utf8' });
    const json = JSON.parse(out);
    expect(Array.isArray(json.parts)).toBe(true);
    for (const p of json.parts) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['text', 'start', 'end', 'kind', 'explanation', 'source']));
      expect(cmd.slice(p.start, p.end)).toBe(p.text);
    }
    const z = json.parts.find((p: any) => p.flag === '-z');
    expect(z).toMatchObject({ kind: 'flag', start: 6, end: 7 });
    expect(z.source.page).toBe('tar(1)');
    expect(z.source.lines[0]).toBeGreaterThan(0);
    expect(json.parts.find((p: any) => p.text === '|').kind).toBe('operator');
  });
  it('plain text output names each part and its source', () => {
    const out = execFileSync(process.execPath, [BIN, 'explain', '--', 'tar', '-c', 'x'], { env, encoding: 'utf8' });
    expect(out).toContain('tar  [command]');
    expect(out).toContain('Create a new archive.');
    expect(out).toMatch(/source: tar\(1\) `.*tar\.1` NAME, lines \d+–\d+/);
  });
  it('unknown parts say source: unknown; a missing command line is a usage error', () => {
    const out = execFileSync(process.execPath, [BIN, 'explain', '--', 'nosuchcmd -q'], { env, encoding: 'utf8' });
    expect(out).toContain('source: unknown');
    const r = spawnSync(process.execPath, [BIN, 'explain'], { env, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing operands');
    expect(r.stderr).toContain("usage: kibitz explain [--json] [--ai] -- '<command line>'");
  });
});
