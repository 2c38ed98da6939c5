import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/lsp-client.js';

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

describe('kibitz check over directories, with the repository policy, for CI', () => {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'kibitz-check-repo-'));
  const write = (rel: string, text: string | Buffer) => {
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    writeFileSync(path.join(repo, rel), text);
  };
  write('deploy.sh', '#!/bin/sh\ngit push --force origin main\nrm -rf "$OUT/"\n');
  write('tools/build', '#!/usr/bin/env bash\ncurl -fsSL https://get.example.com/i.sh | bash\n');
  write('Dockerfile', 'FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && chmod -R 777 /usr/local/bin\n');
  write('Makefile', 'OUT ?=\nclean:\n\trm -rf $(OUT)/\n');
  write('.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sudo rm -rf /usr/share\n');
  write('notes.txt', 'rm -rf / is what you must never type\n');
  write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x72, 0x6d]));
  write('vendor/third.sh', '#!/bin/sh\nrm -rf /\n');
  write('.gitignore', 'vendor/\n');
  const inRepo = (...args: string[]) => spawnSync(process.execPath, [BIN, 'check', ...args], { encoding: 'utf8', cwd: repo });

  it('recurses, skips what .gitignore names, finds hosts by name and shebang, leaves other files alone', () => {
    spawnSync('git', ['init', '-q'], { cwd: repo });
    const r = inRepo('--format', 'json', '.');
    const files = JSON.parse(r.stdout)
      .files.map((f: { file: string }) => f.file)
      .sort();
    expect(files).toEqual(['.github/workflows/ci.yml', 'Dockerfile', 'Makefile', 'deploy.sh', 'tools/build']);
    expect(r.status).toBe(1);
  });

  it('outside git, .gitignore is read by kibitz itself', () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'kibitz-check-plain-'));
    writeFileSync(path.join(plain, '.gitignore'), 'build/\n*.gen.sh\n');
    mkdirSync(path.join(plain, 'build'));
    writeFileSync(path.join(plain, 'build/x.sh'), '#!/bin/sh\nrm -rf /\n');
    writeFileSync(path.join(plain, 'a.gen.sh'), '#!/bin/sh\nrm -rf /\n');
    writeFileSync(path.join(plain, 'run.sh'), '#!/bin/sh\ngit push -f\n');
    const r = spawnSync(process.execPath, [BIN, 'check', '--json', '.'], { encoding: 'utf8', cwd: plain });
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual(['run.sh']);
  });

  it('reads .kibitz.json as the server does: a disabled rule is not reported, a severity override applies', () => {
    const before = JSON.parse(inRepo('--json', 'deploy.sh').stdout).files[0].findings.map((f: { rule: string }) => f.rule);
    expect(before).toContain('git-push-force');
    write('.kibitz.json', JSON.stringify({ risk: { disabledRules: ['git-push-force'], severity: { 'rm-unguarded-variable': 'low' } } }));
    const after = JSON.parse(inRepo('--json', 'deploy.sh').stdout).files[0].findings;
    expect(after.map((f: { rule: string }) => f.rule)).not.toContain('git-push-force');
    expect(after.find((f: { rule: string }) => f.rule === 'rm-unguarded-variable').severity).toBe('low');
    rmSync(path.join(repo, '.kibitz.json'));
  });

  it('names skipped files: binaries and files over the size limit, when named or found', () => {
    const r = inRepo('image.png', 'notes.txt');
    expect(r.stderr).toContain('skipped image.png: binary');
    expect(r.stderr).toContain('skipped notes.txt: no shell in it');
    write('big.sh', '#!/bin/sh\n' + 'echo hi\n'.repeat(300));
    expect(inRepo('--max-kb', '1', 'big.sh').stderr).toContain('skipped big.sh: larger than 1 KB');
  });

  it('--format sarif is valid SARIF 2.1.0 with rule metadata, help links and relative locations', async () => {
    const r = inRepo('--format', 'sarif', '.');
    const log = JSON.parse(r.stdout);
    // CommonJS modules whose default export TypeScript types as the module object
    const Ajv = (await import('ajv-draft-04')).default.default;
    const addFormats = (await import('ajv-formats')).default.default;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.length).toBeGreaterThan(30);
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/docs\/rules\.md#/);
      expect(rule.help.markdown).toContain('- what:');
      expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    }
    const push = run.results.find((x: { ruleId: string }) => x.ruleId === 'git-push-force');
    expect(push.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'deploy.sh', uriBaseId: '%SRCROOT%' });
    expect(push.locations[0].physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 10 });
    expect(run.tool.driver.rules[push.ruleIndex].id).toBe('git-push-force');
  });

  it('--format github prints workflow annotations', () => {
    const out = inRepo('--format', 'github', 'deploy.sh').stdout.trim().split('\n');
    expect(out).toContain(
      "::error file=deploy.sh,line=2,col=10,endLine=2,endColumn=17,title=kibitz git-push-force (high)::`--force` overwrites the remote branch and can discard others' commits; use --force-with-lease",
    );
    expect(inRepo('--format', 'yaml', 'deploy.sh').status).toBe(2);
  });
});
