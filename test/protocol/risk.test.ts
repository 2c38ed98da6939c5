import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { positionOf } from '../support/lsp-client.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';
import { FIXTURE_MAN } from '../support/fixtures.js';

inProcessEnv({});

let c: InProcessClient;
beforeAll(async () => {
  c = new InProcessClient();
  c.workspaceSettings = { manpath: [FIXTURE_MAN], useManCommand: false, risk: { debounceMs: 10 } };
  await c.initialize({ initializationOptions: c.workspaceSettings });
});
afterAll(() => c.dispose());

async function diagnosticsFor(uri: string): Promise<any[]> {
  for (let i = 0; i < 200; i++) {
    const hit = [...c.notifications].reverse().find((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as any).uri === uri);
    if (hit) return (hit.params as any).diagnostics;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no diagnostics');
}

function apply(text: string, edits: any[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'x', 1, text), edits);
}

describe('risk over the protocol', () => {
  it('publishes diagnostics with the rule id as code and the exact token as range', async () => {
    const uri = 'file:///w/deploy.sh';
    const text = '#!/bin/bash\ngit push --force origin main\n';
    await c.open(uri, 'shellscript', text);
    const diags = await diagnosticsFor(uri);
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: 'git-push-force', source: 'kibitz', severity: 1 });
    expect(diags[0].codeDescription.href).toMatch(/^file:\/\/.*\/docs\/rules\.md#git-push-force$/);
    const p = positionOf(text, '--force');
    expect(diags[0].range).toEqual({ start: p, end: { line: p.line, character: p.character + 7 } });
  });

  it('hover puts the risk verdict first, naming the token', async () => {
    const h = await c.hover('file:///w/deploy.sh', 1, 1);
    expect(h.contents.value.split('\n')[0]).toContain('Risk: high');
    expect(h.contents.value.split('\n')[0]).toContain('`--force`');
  });

  it('quick fixes are edits the client applies: --force-with-lease, guard, disable here', async () => {
    const uri = 'file:///w/fix.sh';
    const text = 'git push --force origin main\nrm -rf "$DIR/"\n';
    await c.open(uri, 'shellscript', text);
    const diags = await diagnosticsFor(uri);
    const push = diags.find((d) => d.code === 'git-push-force');
    const actions: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: push.range, context: { diagnostics: [push] } });
    const lease = actions.find((a) => a.title.includes('force-with-lease'));
    expect(lease.isPreferred).toBe(true);
    expect(apply(text, lease.edit.changes[uri])).toBe('git push --force-with-lease origin main\nrm -rf "$DIR/"\n');
    const disable = actions.find((a) => a.title.startsWith('Disable git-push-force'));
    expect(apply(text, disable.edit.changes[uri]).split('\n')[0]).toBe('# kibitz-disable-next-line git-push-force');
    const rm = diags.find((d) => d.code === 'rm-unguarded-variable');
    const rmActions: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: rm.range, context: { diagnostics: [rm] } });
    const guard = rmActions.find((a) => a.title.startsWith('Guard'));
    expect(apply(text, guard.edit.changes[uri])).toBe('git push --force origin main\nrm -rf "${DIR:?}/"\n');
    // the server never applied anything itself
    expect(c.notifications.some((n) => n.method === 'workspace/applyEdit')).toBe(false);
  });

  it('diagnostics follow edits and are cleared when the problem is gone', async () => {
    const uri = 'file:///w/fix.sh';
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'echo ok\n' }] });
    for (let i = 0; i < 100; i++) {
      const last = [...c.notifications].reverse().find((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as any).uri === uri);
      if ((last?.params as any)?.version === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await diagnosticsFor(uri)).toEqual([]);
  });
});

describe('pull diagnostics (textDocument/diagnostic)', () => {
  let p: InProcessClient;
  beforeAll(async () => {
    p = new InProcessClient();
    p.workspaceSettings = { manpath: [FIXTURE_MAN], useManCommand: false, risk: { debounceMs: 10 } };
    const init = await p.initialize({
      initializationOptions: p.workspaceSettings,
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false }, hover: { contentFormat: ['markdown'] } }, workspace: { diagnostics: { refreshSupport: true } } },
    });
    expect(init.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: false, workspaceDiagnostics: false });
  });
  afterAll(() => p.dispose());

  it('returns a full report, then unchanged for the same version, then a new one after an edit; nothing is pushed', async () => {
    const uri = 'file:///w/Dockerfile';
    await p.open(uri, 'dockerfile', 'FROM debian\nRUN curl -fsSL https://x.io/i.sh | bash\n');
    const first: any = await p.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    expect(first.kind).toBe('full');
    expect(first.items.map((d: any) => d.code)).toEqual(['pipe-to-shell']);
    expect(first.items[0].range.start).toEqual({ line: 1, character: 'RUN curl -fsSL https://x.io/i.sh | '.length });
    const again: any = await p.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    expect(again).toEqual({ kind: 'unchanged', resultId: first.resultId });
    await p.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'FROM debian\nRUN echo ok\n' }] });
    const after: any = await p.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    expect(after.kind).toBe('full');
    expect(after.items).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(p.notifications.some((n) => n.method === 'textDocument/publishDiagnostics')).toBe(false);
  });

  it('a settings change asks the client to pull again, and the new policy applies', async () => {
    const uri = 'file:///w/push.sh';
    await p.open(uri, 'shellscript', 'git push -f\n');
    const before: any = await p.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    expect(before.items).toHaveLength(1);
    let refreshed = false;
    p.conn.onRequest('workspace/diagnostic/refresh', () => {
      refreshed = true;
      return null;
    });
    await p.conn.sendNotification('workspace/didChangeConfiguration', { settings: { kibitz: { ...(p.workspaceSettings as object), risk: { disabledRules: ['git-push-force'] } } } });
    for (let i = 0; i < 100 && !refreshed; i++) await new Promise((r) => setTimeout(r, 20));
    expect(refreshed).toBe(true);
    const after: any = await p.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: before.resultId });
    expect(after.kind).toBe('full');
    expect(after.items).toEqual([]);
  });

  it('code actions still work for a pulling client: download-then-verify in a Dockerfile', async () => {
    const uri = 'file:///w/Dockerfile2';
    const text = 'FROM debian\nRUN curl -fsSL https://x.io/i.sh | bash\n';
    await p.open(uri, 'dockerfile', text);
    const report: any = await p.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    const d = report.items[0];
    const actions: any[] = await p.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const dl = actions.find((a) => a.title.startsWith('Download i.sh'));
    expect(dl.isPreferred).toBe(true);
    expect(apply(text, dl.edit.changes[uri])).toMatch(/^FROM debian\nRUN curl -fsSL https:\/\/x\.io\/i\.sh -o i\.sh && echo ".*  i\.sh" \| sha256sum --check - && bash i\.sh\n$/);
  });
});

describe('the first diagnostics wait for the settings', () => {
  it('a document opened while the workspace settings are still being read is published with them, not with the defaults', async () => {
    const d = new InProcessClient();
    let answered = false;
    d.conn.onRequest('workspace/configuration', async () => {
      // a slow client (or a busy machine): the settings arrive after the document is open
      await new Promise((r) => setTimeout(r, 400));
      answered = true;
      return [{ manpath: [FIXTURE_MAN], useManCommand: false, risk: { debounceMs: 10, severity: { 'git-push-force': 'medium' } } }];
    });
    await d.initialize({ capabilities: { workspace: { configuration: true } } });
    const uri = 'file:///w/slow.sh';
    await d.open(uri, 'shellscript', '#!/bin/bash\ngit push --force origin main\n');
    let first: any;
    for (let i = 0; i < 200 && !first; i++) {
      first = d.notifications.find((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as any).uri === uri);
      if (!first) await new Promise((r) => setTimeout(r, 20));
    }
    expect(answered).toBe(true);
    expect(first.params.diagnostics[0]).toMatchObject({ code: 'git-push-force', severity: 2 });
    d.dispose();
  });
});
