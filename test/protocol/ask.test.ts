import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitFixture } from '../support/git-fixtures.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';
import { cleanEnv, runCli } from '../support/lsp-client.js';
import { EventLog } from '../../server/src/feedback/log.js';
import { computeMetrics } from '../../server/src/feedback/metrics.js';

inProcessEnv();

/** A server in-process on a copy of the fixture project (with these client capabilities). */
async function projectServer(capabilities?: Record<string, unknown>): Promise<{ root: string; d: InProcessClient; init: any }> {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-askp-'));
  cpSync(path.resolve(import.meta.dirname, '../fixtures/ask/project'), root, { recursive: true });
  const d = new InProcessClient();
  const init = await d.initialize({ rootUri: pathToFileURL(root).href, ...(capabilities ? { capabilities } : {}) });
  return { root, d, init };
}

describe('kibitz.ask over the protocol', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-askp-'));
  cpSync(path.resolve(import.meta.dirname, '../fixtures/ask/project'), root, { recursive: true });
  let c: InProcessClient;
  beforeAll(async () => {
    c = new InProcessClient();
    const init = await c.initialize({ rootUri: pathToFileURL(root).href });
    expect(init.capabilities.executeCommandProvider.commands).toContain('kibitz.ask');
  });
  afterAll(() => c.dispose());

  it('answers with Markdown whose links open the cited lines; says when the docs do not answer', async () => {
    const r = await c.conn.sendRequest<{ markdown: string; answer: { answered: boolean } }>('workspace/executeCommand', {
      command: 'kibitz.ask',
      arguments: [{ question: 'how do I run the integration tests?' }],
    });
    expect(r.answer.answered).toBe(true);
    expect(r.markdown).toContain(`[README.md:14-16](${pathToFileURL(path.join(root, 'README.md')).href}#L14)`);
    expect(r.markdown).toMatch(/The docs' own sentences\._$/);
    const no = await c.conn.sendRequest<{ markdown: string }>('workspace/executeCommand', { command: 'kibitz.ask', arguments: ['how do I deploy to kubernetes?'] });
    expect(no.markdown).toMatch(/^\*\*Not in these docs\.\*\*/);
    expect(await c.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.ask', arguments: [] })).toBeNull();
  });

  it('a `?:` comment offers "Ask the docs"; without showDocument the answer comes as a message', async () => {
    const uri = pathToFileURL(path.join(root, 'notes.sh')).href;
    const text = '#!/bin/sh\n# ?: how do I run the integration tests?\necho hi\n';
    await c.open(uri, 'shellscript', text);
    const actions = await c.conn.sendRequest<{ title: string; kind: string; command?: { command: string; arguments: unknown[] } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } },
      context: { diagnostics: [] },
    });
    const ask = actions.find((a) => a.title.startsWith('Ask the docs'));
    expect(ask).toMatchObject({
      title: 'Ask the docs: how do I run the integration tests?',
      kind: 'source.kibitz.ask',
      command: { command: 'kibitz.ask', arguments: [{ question: 'how do I run the integration tests?' }] },
    });
    const before = c.notifications.length;
    await c.conn.sendRequest('workspace/executeCommand', { command: ask!.command!.command, arguments: ask!.command!.arguments });
    const shown = c.notifications
      .slice(before)
      .filter((n) => n.method === 'window/showMessage')
      .map((n) => (n.params as { message: string }).message);
    expect(shown.some((m) => m.includes('npm run test:integration') && m.includes('README.md:14-16'))).toBe(true);
  });

  it('with showDocument, the answer opens as a Markdown document with its citations', async () => {
    const d = new InProcessClient();
    const opened: string[] = [];
    d.conn.onRequest('window/showDocument', (p: { uri: string }) => {
      opened.push(p.uri);
      return { success: true };
    });
    await d.initialize({ rootUri: pathToFileURL(root).href, capabilities: { window: { showDocument: { support: true } } } });
    await d.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.ask', arguments: ['what does the retries option default to?'] });
    expect(opened).toHaveLength(1);
    const md = readFileSync(fileURLToPath(opened[0]!), 'utf8');
    expect(md).toMatch(/^# what does the retries option default to\?\n/);
    expect(md).toContain('`retries` (default: 3)');
    // links relative to the answer's file: Markdown previews refuse file: links
    const rel = path.relative(path.dirname(fileURLToPath(opened[0]!)), path.join(root, 'docs/configuration.md'));
    expect(md).toContain(`[docs/configuration.md:7](${rel.split(path.sep).map(encodeURIComponent).join('/')}#L7)`);
    expect(md).not.toContain('file:');
    // show: false (a client that shows the answer its own way): nothing opened, the answer and its file returned
    const r: any = await d.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.ask', arguments: [{ question: 'what does the retries option default to?', show: false }] });
    expect(opened).toHaveLength(1);
    expect(r.answer.sentences[0]).toMatchObject({ path: 'docs/configuration.md', lines: [7, 7] });
    expect(readFileSync(r.file, 'utf8')).toContain('`retries` (default: 3)');
    d.dispose();
  });
});

describe('the docs follow the files the editor watches', () => {
  it('registers watchers for docs files; a created file is answered from once the editor reports it', async () => {
    const { root, d } = await projectServer({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    for (let i = 0; i < 100 && !d.registrations.includes('workspace/didChangeWatchedFiles'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(d.registrations).toContain('workspace/didChangeWatchedFiles');
    const ask = () => d.conn.sendRequest<any>('workspace/executeCommand', { command: 'kibitz.ask', arguments: [{ question: 'how do I rotate the signing keys?', show: false }] });
    expect((await ask()).answer.answered).toBe(false);
    const file = path.join(root, 'docs/keys.md');
    writeFileSync(file, '# Signing keys\n\nRotate the signing keys with `make rotate-keys` every quarter.\n');
    await d.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type: 1 }] });
    const after = await ask();
    expect(after.answer.answered).toBe(true);
    expect(after.answer.sentences[0]).toMatchObject({ path: 'docs/keys.md', lines: [3, 3] });
    d.dispose();
  });
});

describe('feedback on answers', () => {
  it('an answer is a proposal: helpful / not helpful and opened citations are recorded and counted by kibitz metrics', async () => {
    const { d, init } = await projectServer();
    expect(init.capabilities.executeCommandProvider.commands).toContain('kibitz.answerFeedback');
    const ask = (question: string) => d.conn.sendRequest<any>('workspace/executeCommand', { command: 'kibitz.ask', arguments: [{ question, show: false }] });
    const fb = (...args: unknown[]) => d.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.answerFeedback', arguments: args });
    const good = await ask('what does the retries option default to?');
    const bad = await ask('how do I run the integration tests?');
    const none = await ask('how do I deploy to kubernetes?');
    expect(good.proposal).toMatch(/\w/);
    expect(await fb(good.proposal, 'followed', 'docs/configuration.md:7')).toBe(true);
    expect(await fb(good.proposal, 'helpful')).toBe(true);
    expect(await fb(bad.proposal, 'not-helpful')).toBe(true);
    expect(await fb('no-such-answer', 'helpful')).toBe(false);
    expect(await fb(good.proposal, 'maybe')).toBe(false);
    const ours = new Set([good.proposal, bad.proposal, none.proposal]);
    // (the other tests of this file asked too, into the same log)
    const events = new EventLog(process.env.KIBITZ_STATE_DIR!).read().filter((e) => e.feature === 'ask' && ours.has(e.proposal));
    expect(events.map((e) => [e.type, e.proposal === good.proposal ? 'good' : e.proposal === bad.proposal ? 'bad' : e.proposal === none.proposal ? 'none' : '?'])).toEqual([
      ['offered', 'good'],
      ['offered', 'bad'],
      ['offered', 'none'],
      ['followed', 'good'],
      ['accepted', 'good'],
      ['rejected', 'bad'],
    ]);
    expect(events.find((e) => e.type === 'followed')!.input).toBe('docs/configuration.md:7');
    expect(computeMetrics(events).answers).toEqual({ asked: 3, notInDocs: 1, helpful: 1, notHelpful: 1, followed: 1, answersWithCitationOpened: 1 });
    const cli = await runCli(['metrics'], { ...cleanEnv(), KIBITZ_STATE_DIR: process.env.KIBITZ_STATE_DIR! });
    expect(cli.stdout).toMatch(/docs answers: \d+ asked \(\d+ not in the docs\); 1 marked helpful, 1 not helpful; 1 citations opened in 1 answers/);
    d.dispose();
  });
});

describe('kibitz.ask from the commit history', () => {
  it("answers what the docs do not from the folder's commits, and the link opens the message at its line", async () => {
    const g = new GitFixture('askp-history');
    g.commit('docs: say how to upload', { 'README.md': '# Courier\n\nRun `courier upload DIR` to send a folder.\n' });
    g.commit('Retry uploads on HTTP 503\n\nThe storage gateway answers 503 while it scales; three retries ride it out.', { 'src/retry.ts': 'export const RETRIES = 3;\n' });
    const d = new InProcessClient();
    await d.initialize({ rootUri: pathToFileURL(g.root).href });
    try {
      const r = await d.conn.sendRequest<{ markdown: string; answer: { answered: boolean; sentences: { citation: string; note: string }[] } }>('workspace/executeCommand', {
        command: 'kibitz.ask',
        arguments: [{ question: 'why do uploads retry on 503', show: false }],
      });
      expect(r.answer.answered).toBe(true);
      const sha = g.git('rev-parse', '--short', 'HEAD').trim();
      // clients that show the answer themselves get each citation as kibitz writes it, and the heading note when it adds something
      expect(r.answer.sentences.map((x) => [x.citation, x.note])).toContainEqual([`commit ${sha}`, '']);
      const link = new RegExp(`The storage gateway answers 503 while it scales; three retries ride it out\\. — \\[commit ${sha}\\]\\((file:[^)#]+)#L(\\d+)\\)`).exec(r.markdown);
      expect(link, r.markdown).not.toBeNull();
      expect(readFileSync(fileURLToPath(link![1]!), 'utf8').split('\n')[Number(link![2]) - 1]).toContain('The storage gateway answers 503');
    } finally {
      await d.dispose();
    }
  });
});

describe('hovers on names in docs and config files', () => {
  it('a key in a YAML file and a code span in Markdown show the doc lines that define them', async () => {
    const { root, d } = await projectServer();
    const yaml = pathToFileURL(path.join(root, 'courier.yml')).href;
    await d.open(yaml, 'yaml', 'upload:\n  retries: 5\n  colour: blue\n');
    const h: any = await d.conn.sendRequest('textDocument/hover', { textDocument: { uri: yaml }, position: { line: 1, character: 4 } });
    expect(h.contents.value).toBe(
      '**`retries` in the docs**\n\n- `docs/configuration.md:7` (Upload options): - `retries` (default: 3): how many times a failed upload is attempted again before the run fails.',
    );
    // a key the docs do not define: no hover
    expect(await d.conn.sendRequest('textDocument/hover', { textDocument: { uri: yaml }, position: { line: 2, character: 4 } })).toBeNull();
    const md = pathToFileURL(path.join(root, 'NOTES.md')).href;
    await d.open(md, 'markdown', 'Raise `timeout` for slow links.\n');
    const m: any = await d.conn.sendRequest('textDocument/hover', { textDocument: { uri: md }, position: { line: 0, character: 9 } });
    expect(m.contents.value).toContain('`docs/configuration.md:8` (Upload options)');
    d.dispose();
  });
});
