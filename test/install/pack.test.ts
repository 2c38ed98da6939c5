import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { FIXTURE_MAN } from '../support/fixtures.js';
import { cleanEnv, ROOT } from '../support/lsp-client.js';

/**
 * The package as a user gets it: `npm pack` (the built output, bin, grammars, docs, editor clients), installed into
 * a clean prefix without optional dependencies (no hnswlib-node: no compiler needed), then the CLI and the server
 * run from that installed copy.
 */
describe('installed from npm pack into a clean prefix, without hnswlib-node', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-pack-'));
  const prefix = path.join(dir, 'prefix');
  const bin = path.join(prefix, 'node_modules/.bin/kibitz');
  const env = { ...cleanEnv(), MANPATH: FIXTURE_MAN, KIBITZ_CACHE_DIR: path.join(dir, 'cache'), KIBITZ_STATE_DIR: path.join(dir, 'state'), KIBITZ_INDEX_ON_START: '0' };

  beforeAll(() => {
    // `npm test` has just built server/out: pack it as it is
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, stdio: 'pipe' });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    execFileSync('npm', ['install', '--prefix', prefix, '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, tgz)], { stdio: 'pipe' });
  }, 180_000);
  afterAll(() => undefined);

  it("holds what it needs and nothing of the repository's tests", () => {
    const pkg = path.join(prefix, 'node_modules/kibitz');
    for (const f of ['server/bin/kibitz.js', 'server/out/main.js', 'grammars/tree-sitter-bash.wasm', 'docs/rules.md', 'clients/neovim/lsp/kibitz.lua', 'clients/emacs/kibitz.el', 'README.md'])
      expect(existsSync(path.join(pkg, f)), f).toBe(true);
    expect(existsSync(path.join(pkg, 'test'))).toBe(false);
    expect(existsSync(path.join(prefix, 'node_modules/hnswlib-node'))).toBe(false);
  });

  it('explains, indexes and searches (exact search, with one clear note), and the doctor says why', () => {
    const ex = spawnSync(bin, ['explain', '--', 'ls -la'], { env, encoding: 'utf8' });
    expect(ex.status, ex.stderr).toBe(0);
    expect(ex.stdout).toMatch(/source: ls\(1\)/);
    // the man index needs no hnswlib-node; the docs index of a workspace falls back to exact search, with one note
    const man = spawnSync(bin, ['index', '--corpus', 'man'], { env, encoding: 'utf8' });
    expect(man.status, man.stderr).toBe(0);
    expect(man.stdout).toMatch(/man: \d+ items .* hybrid index/);
    const ws = path.join(dir, 'ws');
    mkdirSync(ws, { recursive: true });
    writeFileSync(path.join(ws, 'README.md'), '# Notes\n\nHow to release.\n');
    const idx = spawnSync(bin, ['index', '--corpus', 'docs'], { env, encoding: 'utf8', cwd: ws });
    expect(idx.status, idx.stderr).toBe(0);
    expect(idx.stdout).toMatch(/docs: \d+ items .* exact index/);
    expect(idx.stderr.match(/hnswlib-node is not available/g)).toHaveLength(1);
    const s = spawnSync(bin, ['search', '--corpus', 'man', 'compress files'], { env, encoding: 'utf8' });
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/gzip\(1\)/);
    const doc = JSON.parse(spawnSync(bin, ['doctor', '--json', '--offline'], { env, encoding: 'utf8' }).stdout);
    expect(doc.checks.find((c: { id: string }) => c.id === 'hnswlib')).toMatchObject({ status: 'warn' });
  });

  it('serves the language server from the installed copy', async () => {
    const proc = spawn(bin, ['--stdio'], { env });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    conn.listen();
    const init: any = await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions: { manpath: [FIXTURE_MAN] } });
    expect(init.serverInfo.name).toBe('kibitz');
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///w/a.sh', languageId: 'shellscript', version: 1, text: 'tar -xzf a.tgz\n' } });
    const h: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///w/a.sh' }, position: { line: 0, character: 5 } });
    expect(h.contents.value).toContain('tar');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    const code = await new Promise((r) => proc.on('exit', r));
    expect(code).toBe(0);
    conn.dispose();
  });
});
