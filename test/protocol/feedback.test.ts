import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EventLog } from '../../server/src/feedback/log.js';
import { conventionalRepo } from '../support/git-fixtures.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

const stateDir = mkdtempSync(path.join(tmpdir(), 'kibitz-fbstate-'));
inProcessEnv({ KIBITZ_STATE_DIR: stateDir });
const events = () => new EventLog(stateDir).read();
async function until(pred: () => boolean, ms = 5000): Promise<void> {
  for (let i = 0; i < ms / 25 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('feedback over the protocol', () => {
  let c: InProcessClient;
  beforeAll(async () => {
    c = new InProcessClient();
    c.workspaceSettings = { risk: { debounceMs: 10 } };
    await c.initialize({ initializationOptions: c.workspaceSettings, capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } } });
  });
  afterAll(() => c.dispose());

  it('offer -> apply -> edit -> save: offered, accepted, then edited with the distance and the final text', async () => {
    const uri = 'file:///w/deploy.sh';
    let text = 'echo start\ngit push --force origin main\n';
    await c.open(uri, 'shellscript', text);
    const line = { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } };
    const actions: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: line, context: { diagnostics: [], triggerKind: 1 } });
    const lease = actions.find((a) => a.title.startsWith('Use --force-with-lease'));
    expect(lease.command.command).toBe('kibitz.accepted');
    // the client applies the edit, then runs the command
    const edits = lease.edit.changes[uri];
    text = TextDocument.applyEdits(TextDocument.create(uri, 'shellscript', 1, text), edits);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: edits[0].range, text: edits[0].newText }] });
    await c.conn.sendRequest('workspace/executeCommand', lease.command);
    // the user edits inside the inserted text: --force-with-lease -> --force-with-lease=main
    const at = text.indexOf('--force-with-lease') + '--force-with-lease'.length;
    await c.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 1, character: at - 11 }, end: { line: 1, character: at - 11 } }, text: '=main' }],
    });
    await c.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await until(() => events().some((e) => e.type === 'edited'));
    const mine = events().filter((e) => e.proposal === lease.command.arguments[0]);
    expect(mine.map((e) => e.type)).toEqual(['offered', 'accepted', 'edited']);
    expect(mine[2]).toMatchObject({ feature: 'quick-fix', kind: 'git-push-force', output: '--force-with-lease', final: '--force-with-lease=main' });
    expect(mine[2]!.distance).toBeCloseTo(5 / 23, 3);
  });

  it('a fix applied and left alone is kept; the same lightbulb shown twice is one offer', async () => {
    const uri = 'file:///w/clean.sh';
    let text = 'rm -rf "$OUT/"\n';
    await c.open(uri, 'shellscript', text);
    const ask = () =>
      c.conn.sendRequest<any[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } },
        context: { diagnostics: [], triggerKind: 2 },
      });
    const first = (await ask()).find((a) => a.title.startsWith('Guard'));
    const again = (await ask()).find((a) => a.title.startsWith('Guard'));
    expect(again.command.arguments[0]).toBe(first.command.arguments[0]);
    const edits = first.edit.changes[uri];
    text = TextDocument.applyEdits(TextDocument.create(uri, 'shellscript', 1, text), edits);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    await c.conn.sendRequest('workspace/executeCommand', first.command);
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await until(() => events().some((e) => e.proposal === first.command.arguments[0] && e.type === 'kept'));
    const mine = events().filter((e) => e.proposal === first.command.arguments[0]);
    expect(mine.map((e) => e.type)).toEqual(['offered', 'accepted', 'kept']);
  });

  it('a commit draft is compared with what was really committed (git log -1 after the buffer closes)', async () => {
    const g = conventionalRepo().stage({ 'packages/web/src/wishlist.tsx': 'export function Wishlist() {\n  return null;\n}\n' });
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    const buffer = '\n# Please enter the commit message.\n';
    await c.open(uri, 'gitcommit', buffer);
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    const item = list.items.find((i: any) => i.detail === 'kibitz: subject only');
    const text = TextDocument.applyEdits(TextDocument.create(uri, 'gitcommit', 1, buffer), [item.textEdit]);
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    await c.conn.sendRequest('workspace/executeCommand', item.command);
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // git commits after the editor closes; the user changed the subject in the end
    execFileSync('git', ['-C', g.root, 'commit', '-q', '-m', 'feat(web): add the Wishlist page'], { encoding: 'utf8' });
    await until(() => events().some((e) => e.proposal === item.command.arguments[0] && e.type === 'edited'), 8000);
    const done = events().find((e) => e.proposal === item.command.arguments[0] && e.type === 'edited')!;
    expect(done).toMatchObject({ feature: 'commit', output: 'feat(web): add Wishlist', final: 'feat(web): add the Wishlist page' });
    expect(done.distance).toBeGreaterThan(0);
  }, 15_000);

  it('kibitz metrics reads the same log', async () => {
    const out = execFileSync(process.execPath, [path.join(process.cwd(), 'server/bin/kibitz.js'), 'metrics', '--json'], { env: { ...process.env, KIBITZ_STATE_DIR: stateDir }, encoding: 'utf8' });
    const m = JSON.parse(out);
    expect(m.byFeature['quick-fix'].accepted).toBe(2);
    expect(m.byFeature.commit.edited).toBe(1);
  });
});
