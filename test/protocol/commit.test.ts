import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { conventionalRepo, GitFixture } from '../support/git-fixtures.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv({ KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-pc-')) });

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });
const CAPS = { textDocument: { completion: { completionItem: { snippetSupport: true } } }, workspace: { configuration: true } };

async function server(model: boolean): Promise<InProcessClient> {
  const c = new InProcessClient();
  c.workspaceSettings = model ? { model: { baseURL: endpoint.fake.url, chatModel: 'fake-chat', cache: { enable: false } } } : {};
  await c.initialize({ initializationOptions: c.workspaceSettings, capabilities: CAPS });
  return c;
}

/** A repository whose subjects all start with a SHOP ticket key, with a new file staged. */
function ticketRepo(): GitFixture {
  const g = new GitFixture('tickets');
  ['SHOP-1: Add the cart', 'SHOP-2: Keep the cart after login', 'SHOP-3: Add refunds', 'SHOP-4: Fix the total'].forEach((m, i) => g.commit(m, { [`src/f${i}.ts`]: `export const f${i} = ${i};\n` }));
  return g.stage({ 'src/wishlist.ts': 'export function wishlist() {\n  return [];\n}\n' });
}

const apply = (text: string, edit: any) => TextDocument.applyEdits(TextDocument.create('x', 'x', 1, text), [edit]);
const BUFFER = "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored.\n";

describe('completion in COMMIT_EDITMSG', () => {
  let c: InProcessClient;
  let g: GitFixture;
  let version = 100;
  beforeAll(async () => {
    g = conventionalRepo();
    g.stage({ 'packages/web/src/wishlist.tsx': 'export function Wishlist() {\n  return null;\n}\n' });
    c = await server(false);
  });
  afterAll(() => c.dispose());

  it('offers whole-message drafts labelled by source, inserted only where the cursor is', async () => {
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    await c.open(uri, 'gitcommit', BUFFER);
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    const offline = list.items.find((i: any) => i.detail === 'kibitz: from the staged change');
    expect(offline.label).toBe('feat(web): add Wishlist');
    // the subject-only draft has the same subject: its label says so, so menus show two candidates
    expect(list.items.find((i: any) => i.detail === 'kibitz: subject only').label).toBe('feat(web): add Wishlist (subject only)');
    expect(new Set(list.items.map((i: any) => i.label)).size).toBe(list.items.length);
    const out = apply(BUFFER, offline.textEdit);
    expect(out).toBe('feat(web): add Wishlist\n\n- packages/web/src/wishlist.tsx: added, +3 -0' + BUFFER);
    expect(out.endsWith(BUFFER.slice(1))).toBe(true);
    const snippet = list.items.find((i: any) => i.insertTextFormat === 2);
    expect(snippet.textEdit.newText).toMatch(/^\$\{1\|feat,fix,/);
    expect(snippet.textEdit.newText).toContain('api');
  });

  it("VS Code's source control input box (vscode-scm URI, languageId scminput) gets the same drafts", async () => {
    // as VS Code sends it: the query (rootUri=<encoded file URI>) encoded once more
    const uri = `vscode-scm:git/scm0/input?${encodeURIComponent(`rootUri=${encodeURIComponent(`file://${g.root}`)}`)}`;
    await c.open(uri, 'scminput', '');
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    expect(list.items.find((i: any) => i.detail === 'kibitz: from the staged change').label).toBe('feat(web): add Wishlist');
  });

  it('after `feat(` it completes the scopes the repository uses', async () => {
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    const text = 'feat(' + BUFFER;
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 5 }, context: { triggerKind: 2, triggerCharacter: '(' } });
    expect(list.items.map((i: any) => i.label).sort()).toEqual(['api', 'web']);
    expect(apply(text, list.items.find((i: any) => i.label === 'web').textEdit).split('\n')[0]).toBe('feat(web): ');
  });

  it('a partly typed subject is completed (subject only); trailers in the body', async () => {
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    const text = 'feat(web): add W' + BUFFER;
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 16 } });
    const item = list.items.find((i: any) => i.label === 'feat(web): add Wishlist');
    expect(apply(text, item.textEdit)).toBe('feat(web): add Wishlist' + BUFFER);
    const body = 'feat(web): add Wishlist\n\nSomething.\n\n' + BUFFER.slice(1);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: body }] });
    const trailers: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 0 } });
    const labels = trailers.items.map((i: any) => i.label);
    expect(labels).toContain('Signed-off-by: Ada Lovelace <ada@example.com>');
    expect(labels).toContain('Co-authored-by: Grace Hopper <grace@example.com>');
  });

  it("a partly typed subject is continued, never replaced: the rest of a draft, the word being typed; the user's type stays", async () => {
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    for (const [typed, want] of [
      ['feat(web): add', 'feat(web): add Wishlist'],
      ['fix(web): add', 'fix(web): add Wishlist'],
      ['fix(web): add Wi', 'fix(web): add Wishlist'],
    ] as const) {
      const text = typed + BUFFER;
      await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
      const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: typed.length }, context: { triggerKind: 1 } });
      const first = list.items.sort((a: any, b: any) => a.sortText.localeCompare(b.sortText))[0];
      expect(first.textEdit.range.end.character).toBe(typed.length);
      expect(apply(text, first.textEdit).split('\n')[0], typed).toBe(want);
      // whole drafts are still offered after the continuations
      expect(list.items.some((i: any) => i.detail === 'kibitz: from the staged change')).toBe(true);
    }
  });

  it('a staged secret is reported as a diagnostic in the commit buffer', async () => {
    const g2 = conventionalRepo().stage({ '.env': 'DB_PASSWORD=hunter2-' + 'Zq81\n' });
    const uri = `file://${g2.root}/.git/COMMIT_EDITMSG`;
    await c.open(uri, 'gitcommit', BUFFER);
    let diags: any[] = [];
    for (let i = 0; i < 150 && !diags.length; i++) {
      diags = (c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as any).uri === uri).at(-1)?.params as any)?.diagnostics ?? [];
      if (!diags.length) await new Promise((r) => setTimeout(r, 20));
    }
    expect(diags[0]).toMatchObject({ code: 'staged-secret', source: 'kibitz' });
    expect(diags[0].message).toContain('.env is staged');
  });

  it('a merge message is left alone unless completion is invoked explicitly', async () => {
    const g3 = conventionalRepo().stage({ 'docs/a.md': '# A\n' });
    g3.write('.git/MERGE_MSG', "Merge branch 'x'\n");
    const uri = `file://${g3.root}/.git/COMMIT_EDITMSG`;
    await c.open(uri, 'gitcommit', BUFFER);
    const auto: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 2, triggerCharacter: '(' } });
    expect(auto.items).toEqual([]);
    const asked: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    expect(asked.items.length).toBeGreaterThan(0);
  });

  it('kibitz.draftPullRequest returns a title and body; PULLREQ_EDITMSG gets it as a completion', async () => {
    const g4 = conventionalRepo();
    g4.git('checkout', '-q', '-b', 'feature/wishlist');
    g4.commit('feat(web): add wishlist', { 'packages/web/src/wish.tsx': 'export const w = 1;\n' });
    const d: any = await c.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.draftPullRequest', arguments: [{ root: g4.root }] });
    expect(d).toMatchObject({ title: 'feat(web): add wishlist', base: 'main', commits: 1 });
    const uri = `file://${g4.root}/.git/PULLREQ_EDITMSG`;
    await c.open(uri, 'markdown', '');
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
    expect(list.items[0].textEdit.newText.startsWith('feat(web): add wishlist\n\n## Summary\n\n- feat(web): add wishlist')).toBe(true);
  });
});

describe('commit completion with a model', () => {
  it('the model draft comes first; the request has few-shot examples and no secrets', async () => {
    const g = conventionalRepo().stage({ 'packages/api/src/tax.ts': 'export function tax() {\n  return "sk_live_' + 'a1B2c3D4e5F6g7H8i9J0kLmN";\n}\n' });
    endpoint.fake.handler = (req) =>
      JSON.stringify(req.body).includes('commit_message') || JSON.stringify(req.body).includes('staged change') ? { json: { subject: 'feat(api): compute tax', body: '' } } : { json: { ok: true } };
    const c = await server(true);
    try {
      const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
      await c.open(uri, 'gitcommit', BUFFER);
      const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
      expect(list.items[0]).toMatchObject({ label: 'feat(api): compute tax', detail: 'kibitz: fake-chat' });
      const req = endpoint.fake.chats.find((r) => r.raw.includes('staged change'))!;
      expect(req.raw).toContain('feat(api): add refunds');
      expect(req.raw).not.toContain('sk_live_a1B2');
    } finally {
      c.dispose();
    }
  });
  it("a repository whose subjects carry a ticket key: the draft is a snippet whose cursor lands on the ticket's number", async () => {
    const g = ticketRepo();
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    const c = await server(false);
    onTestFinished(() => c.dispose());
    await c.open(uri, 'gitcommit', BUFFER);
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    const offline = list.items.find((i: any) => i.detail === 'kibitz: from the staged change; type the ticket number over XXXX');
    expect(offline.label).toMatch(/^SHOP-XXXX: \S/);
    expect(offline.insertTextFormat).toBe(2);
    expect(offline.textEdit.newText).toMatch(/^SHOP-\$\{1:XXXX\}: \S/);
    // typed with its number, the subject is continued with the rest of the draft
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'SHOP-77: ' + BUFFER }] });
    const typed: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 9 }, context: { triggerKind: 1 } });
    const next = typed.items.find((i: any) => i.detail === 'kibitz: continues what you typed');
    expect(apply('SHOP-77: ' + BUFFER, next.textEdit).split('\n')[0]).toBe(offline.label.replace('XXXX', '77'));
  });

  it("a model's answer carries the branch's ticket or the slot, never the key of an example it was shown", async () => {
    const g = ticketRepo();
    endpoint.fake.handler = (req) => (JSON.stringify(req.body).includes('staged change') ? { json: { subject: 'SHOP-3: Add the wishlist', body: '' } } : { json: { ok: true } });
    const c = await server(true);
    onTestFinished(() => c.dispose());
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    await c.open(uri, 'gitcommit', BUFFER);
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    expect(list.items[0]).toMatchObject({ label: 'SHOP-XXXX: Add the wishlist', detail: 'kibitz: fake-chat' });
    expect(endpoint.fake.chats.find((r) => r.raw.includes('staged change'))!.raw).toContain('ticket key');
    g.git('checkout', '-q', '-b', 'feature/SHOP-77-wishlist');
    const c2 = await server(true);
    onTestFinished(() => c2.dispose());
    await c2.open(uri, 'gitcommit', BUFFER);
    const list2: any = await c2.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    expect(list2.items[0].label).toBe('SHOP-77: Add the wishlist');
  });
});

describe('inline completion (LSP 3.18) in COMMIT_EDITMSG', () => {
  it('ghost text: the best draft on an empty subject, the rest of it after what was typed, nothing in the body', async () => {
    const g = conventionalRepo();
    g.stage({ 'packages/web/src/wishlist.tsx': 'export function Wishlist() {\n  return null;\n}\n' });
    const c = new InProcessClient();
    const init: any = await c.initialize({ initializationOptions: {}, capabilities: { ...CAPS, textDocument: { ...CAPS.textDocument, inlineCompletion: {} } } });
    try {
      expect(init.capabilities.inlineCompletionProvider).toBe(true);
      const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
      await c.open(uri, 'gitcommit', BUFFER);
      const ask = (line: number, character: number) => c.conn.sendRequest<any>('textDocument/inlineCompletion', { textDocument: { uri }, position: { line, character }, context: { triggerKind: 1 } });
      const empty = await ask(0, 0);
      expect(empty.items[0].insertText.split('\n')[0]).toBe('feat(web): add Wishlist');
      await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'feat(web): add' + BUFFER }] });
      expect((await ask(0, 14)).items[0].insertText).toBe(' Wishlist');
      await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'feat(web): add Wishlist\n\nbody' + BUFFER }] });
      expect(await ask(2, 4)).toBeNull();
    } finally {
      c.dispose();
    }
  });
});
