import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/lsp-client.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kibitz-check-'));
const risky = path.join(dir, 'risky.sh');
const mild = path.join(dir, 'mild.sh');
writeFileSync(risky, '#!/bin/sh\ncurl -s https://x | sh\n');
writeFileSync(mild, '#!/bin/sh\ngit reset --hard\n');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'check', ...args], { encoding: 'utf8' });

describe('kibitz check', () => {
  it('prints file:line:col findings and exits 1 at or above --fail-on (default high)', () => {
    const r = run(risky);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${risky}:2:21: critical [pipe-to-shell]`);
    expect(run(mild).status).toBe(0);
    expect(run('--fail-on', 'medium', mild).status).toBe(1);
  });
  it('--json lists findings with rule, severity and offsets', () => {
    const r = run('--json', risky);
    const json = JSON.parse(r.stdout);
    expect(json.files[0].findings[0]).toMatchObject({ rule: 'pipe-to-shell', severity: 'critical', line: 2 });
  });
  it('reports unreadable files and bad options clearly', () => {
    expect(run(path.join(dir, 'missing.sh')).status).toBe(2);
    expect(run('--fail-on', 'extreme', risky).stderr).toContain('--fail-on must be one of');
  });
});
