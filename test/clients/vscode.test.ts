import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPCMessageReader, IPCMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { ACTIVATION_LANGUAGES, DOCUMENT_SELECTOR } from '../../clients/vscode/src/selector.js';
import { ROOT, serverEnv } from '../support/lsp-client.js';
import { FIXTURE_MAN } from '../support/fixtures.js';

// `npm test` builds first: clients/vscode/dist holds the bundled extension and server
const EXT = path.join(ROOT, 'clients/vscode');
const pkg = JSON.parse(readFileSync(path.join(EXT, 'package.json'), 'utf8'));
const VSCE = path.join(ROOT, 'node_modules/.bin/vsce');

describe('VS Code extension manifest', () => {
  it('selects every host format, the git-commit editor and the Source Control input box', () => {
    const languages = new Set(DOCUMENT_SELECTOR.map((f) => f.language).filter(Boolean));
    for (const l of ['shellscript', 'dockerfile', 'makefile', 'yaml', 'markdown', 'json', 'git-commit', 'scminput']) expect(languages, l).toContain(l);
    expect(DOCUMENT_SELECTOR).toContainEqual({ language: 'scminput', scheme: 'vscode-scm' });
    expect(DOCUMENT_SELECTOR).toContainEqual({ language: 'json', scheme: 'file', pattern: '**/package.json' });
    expect(DOCUMENT_SELECTOR.some((f) => f.pattern?.includes('PULLREQ_EDITMSG'))).toBe(true);
  });

  it('activates on each selected language and declares its commands', () => {
    expect(pkg.activationEvents).toEqual(ACTIVATION_LANGUAGES.map((l) => `onLanguage:${l}`));
    expect(pkg.contributes.commands.map((c: any) => c.command)).toEqual(['kibitz.restartServer', 'kibitz.showOutput', 'kibitz.openPullRequestDraft', 'kibitz.askDocs']);
    expect(pkg.main).toBe('./dist/extension.js');
  });
});

describe('the bundled server, as the extension starts it (node IPC, no node_modules)', () => {
  it('explains a flag from its man page, reports a risk with a rules link inside the extension, and shuts down cleanly', async () => {
    const proc = spawn(process.execPath, [path.join(EXT, 'dist/server.mjs'), '--node-ipc'], {
      cwd: mkdtempSync(path.join(tmpdir(), 'kibitz-vscode-')),
      env: serverEnv({ KIBITZ_RESOURCE_ROOT: EXT, NODE_PATH: '' }),
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    });
    const conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    const diagnostics = new Promise<any>((resolve) => conn.onNotification('textDocument/publishDiagnostics', resolve));
    conn.listen();
    await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } } });
    await conn.sendNotification('initialized', {});
    const uri = 'file:///w/deploy.sh';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'shellscript', version: 1, text: 'tar -xzf a.tgz\ngit push --force origin main\n' } });
    const hover: any = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    expect(hover.contents.value).toMatch(/-x, --extract/);
    const d = await diagnostics;
    expect(d.diagnostics[0].code).toBe('git-push-force');
    expect(d.diagnostics[0].codeDescription.href).toBe(`file://${EXT}/docs/rules.md#git-push-force`);
    await conn.sendRequest('shutdown');
    const exited = new Promise((r) => proc.on('exit', r));
    await conn.sendNotification('exit');
    expect(await exited).toBe(0);
    conn.dispose();
  }, 30_000);

  it('builds the man index in its own process, from the bundle beside the server', () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'kibitz-vscode-idx-'));
    const r = spawnSync(process.execPath, [path.join(EXT, 'dist/server.mjs'), 'index', '--corpus', 'man'], {
      cwd: cache,
      env: serverEnv({ KIBITZ_RESOURCE_ROOT: EXT, NODE_PATH: '', MANPATH: FIXTURE_MAN, KIBITZ_CACHE_DIR: cache }),
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^man: 7 items \(7 added/m);
  }, 60_000);
});

describe('packaging', () => {
  it('vsce lists exactly the bundle, its run-time files and the manifest', () => {
    const files = execFileSync(VSCE, ['ls', '--no-dependencies'], { cwd: EXT, encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'dist/man-index-worker.mjs',
      'dist/server.mjs',
      'dist/web-tree-sitter.wasm',
      'docs/rules.md',
      'grammars/PROVENANCE.json',
      'grammars/tree-sitter-bash.wasm',
      'package.json',
    ]);
  });

  it('packs a .vsix offline', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-vsix-')), 'kibitz.vsix');
    execFileSync(VSCE, ['package', '--no-dependencies', '--out', out], { cwd: EXT, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true' } });
    expect(existsSync(out)).toBe(true);
    // a zip: local file header signature, and it holds the 2.5 MB server bundle compressed
    expect(readFileSync(out).subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(statSync(out).size).toBeGreaterThan(300_000);
  });
});
