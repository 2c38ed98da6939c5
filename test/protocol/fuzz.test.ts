import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitFixture } from '../support/git-fixtures.js';
import { frame, hostileMessages, manyDocuments, PING_DOC } from '../support/hostile.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv();

/** Answers within `ms`, or undefined: a hang is a failure as much as a crash. */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}

describe('hostile frames', () => {
  let c: InProcessClient;
  let repo: GitFixture;
  const stray: unknown[] = [];
  const onStray = (e: unknown) => stray.push(e);

  beforeAll(async () => {
    process.on('unhandledRejection', onStray);
    process.on('uncaughtException', onStray);
    repo = new GitFixture('fuzz');
    repo.commit('feat: first', { 'a.sh': 'echo hi\n' });
    repo.stage({ 'b.sh': 'rm -rf /tmp/x\n' });
    repo.write('.git/COMMIT_EDITMSG', '\n# comment\n');
    c = new InProcessClient();
    await c.initialize({ rootUri: pathToFileURL(repo.root).href, capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, workspace: { configuration: true } } });
    await c.open(PING_DOC.uri, PING_DOC.languageId, PING_DOC.text);
  });
  afterAll(() => {
    process.off('unhandledRejection', onStray);
    process.off('uncaughtException', onStray);
    c.dispose();
  });

  const ping = async () => (await within(c.hover(PING_DOC.uri, 1, 1), 10_000)) as { contents?: { value?: string } } | undefined;

  it('answers a ping after every batch of 2,000 hostile frames and 10,000 documents, with nothing escaping', async () => {
    const repoUris = ['.git/COMMIT_EDITMSG', 'a.sh', 'PULLREQ_EDITMSG', '.git/MERGE_MSG'].map((f) => pathToFileURL(path.join(repo.root, f)).href);
    const messages = [...hostileMessages(13, 2400, 1000, repoUris), ...manyDocuments(10_000)];
    let pings = 0;
    for (let i = 0; i < messages.length; i += 50) {
      for (const m of messages.slice(i, i + 50)) c.raw(frame(m));
      const answer = await ping();
      expect(answer?.contents?.value, `no answer to the ping after frame ${i + 50}`).toContain('tar');
      pings++;
    }
    expect(pings).toBeGreaterThan(240);
    expect(stray).toEqual([]);
  }, 240_000);

  it('answers every request with invalid params with -32602, and drops bad notifications', async () => {
    const bad = [
      { method: 'textDocument/hover', params: { textDocument: { uri: 5 }, position: { line: 0, character: 0 } } },
      { method: 'textDocument/hover', params: { textDocument: { uri: PING_DOC.uri }, position: { line: -1, character: 0 } } },
      { method: 'textDocument/completion', params: null },
      { method: 'textDocument/codeAction', params: { textDocument: { uri: PING_DOC.uri }, range: 'x', context: { diagnostics: [] } } },
      { method: 'codeAction/resolve', params: 42 },
      { method: 'textDocument/diagnostic', params: { textDocument: {} } },
      { method: 'workspace/executeCommand', params: { command: 7 } },
    ];
    for (const b of bad) {
      const err = await c.conn.sendRequest(b.method, b.params).then(
        () => undefined,
        (e: { code?: number }) => e,
      );
      expect(err?.code, b.method).toBe(-32602);
    }
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///w/x.sh', languageId: 'sh', version: 1, text: 42 } });
    expect(await c.hover('file:///w/x.sh', 0, 0)).toBeNull();
    expect((await ping())?.contents?.value).toContain('tar');
  });

  it('a reversed range is read in order and out-of-range positions are clamped', async () => {
    const r = await c.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: PING_DOC.uri },
      range: { start: { line: 5, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    expect(Array.isArray(r)).toBe(true);
    expect(await c.hover(PING_DOC.uri, 1e6, 1e6)).toBeDefined();
  });
});
