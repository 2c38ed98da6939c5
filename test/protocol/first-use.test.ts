import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../server/src/feedback/log.js';
import { computeMetrics } from '../../server/src/feedback/metrics.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { FIXTURE_MAN } from '../support/fixtures.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv();

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await new FakeOpenAI().start();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.script.length = 0;
  fake.handler = undefined;
});

async function start(opts: { model?: boolean; caps?: Record<string, unknown> } = {}): Promise<InProcessClient> {
  const c = new InProcessClient();
  await c.initialize({
    capabilities: opts.caps ?? { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, window: { showDocument: { support: true } } },
    initializationOptions: {
      manpath: [FIXTURE_MAN],
      useManCommand: false,
      risk: { debounceMs: 10 },
      ...(opts.model ? { model: { baseURL: fake.url, chatModel: 'fake-chat', cache: { enable: true, maxEntries: 10 } } } : {}),
    },
  });
  return c;
}
const messages = (c: InProcessClient) => c.notifications.filter((n) => n.method === 'window/showMessage').map((n) => (n.params as { message: string }).message);
async function until(pred: () => boolean, ms = 5000): Promise<void> {
  for (let i = 0; i < ms / 20 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
}
const range = (line: number, a: number, b = a) => ({ start: { line, character: a }, end: { line, character: b } });

describe('actions where users look', () => {
  it('quick fixes for every finding on the line, wherever the cursor is on it', async () => {
    const c = await start();
    const uri = 'file:///w/line.sh';
    await c.open(uri, 'shellscript', 'git push --force origin main\n');
    const list: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: range(0, 25), context: { diagnostics: [], only: ['quickfix'] } });
    expect(list.map((a) => a.title)).toContain('Use --force-with-lease instead of --force');
    c.dispose();
  });

  it('without a model and without disabled-action support: one "Configure a model…" action, also on a # comment', async () => {
    const c = await start({ caps: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } }, window: { showDocument: { support: true } } } });
    const uri = 'file:///w/cfg.sh';
    await c.open(uri, 'shellscript', '# list the biggest files here\nls -la\n');
    const onComment: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: range(0, 3), context: { diagnostics: [] } });
    const configure = onComment.find((a) => a.title.startsWith('Configure a model…'));
    expect(configure.command.command).toBe('kibitz.doctor');
    // running it: the doctor report comes back and is shown as a document
    c.conn.onRequest('window/showDocument', () => ({ success: true }));
    const report: any = await c.conn.sendRequest('workspace/executeCommand', configure.command);
    expect(report.checks.find((k: any) => k.id === 'model')).toMatchObject({ status: 'info' });
    expect(report.checks.find((k: any) => k.id === 'client').detail).toMatch(/disabledSupport no/);
    const doc = `${process.env.KIBITZ_STATE_DIR}/doctor.md`;
    expect(existsSync(doc)).toBe(true);
    expect(readFileSync(doc, 'utf8')).toMatch(/^# kibitz doctor/);
    c.dispose();
  });
});

describe('failure paths', () => {
  it('a repeated failure is shown again when the user retries; a cached answer is labelled and a broken endpoint still reported', async () => {
    const c = await start({ model: true });
    await until(() => fake.chats.length > 0); // the startup probe
    const uri = 'file:///w/fail.sh';
    const text = '# show disk usage here\n';
    await c.open(uri, 'shellscript', text);
    const gen = async () =>
      (await c.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: range(0, 3), context: { diagnostics: [] } })).find((a) => a.title.startsWith('Generate'));
    // a good answer, cached
    fake.reply({ json: { command: 'du -sh .', summary: 'Size of this folder.' } });
    const first: any = await c.conn.sendRequest('codeAction/resolve', await gen());
    expect(first.title).not.toMatch(/cached/);
    // the endpoint breaks: two explicit retries, two messages
    fake.handler = () => ({ status: 500 });
    const other = '# count lines in all files\n';
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: other }] });
    for (let i = 0; i < 2; i++) {
      const before = messages(c).length;
      await c.conn.sendRequest('codeAction/resolve', await gen());
      await until(() =>
        messages(c)
          .slice(before)
          .some((m) => /HTTP 500/.test(m)),
      );
      expect(
        messages(c)
          .slice(before)
          .some((m) => /HTTP 500/.test(m)),
        `retry ${i + 1}: ${JSON.stringify(messages(c))}`,
      ).toBe(true);
    }
    // back to the first request: answered from the cache, labelled, and the endpoint's failure is still said
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    const cached: any = await c.conn.sendRequest('codeAction/resolve', await gen());
    expect(cached.title).toMatch(/\(cached answer\)$/);
    await until(() => messages(c).some((m) => /from the cache/.test(m)));
    expect(messages(c).some((m) => /from the cache/.test(m))).toBe(true);
    c.dispose();
  });

  it('a Generate command whose model fails offers the offline answer: matching man pages', async () => {
    const { Retrieval } = await import('../../server/src/retrieval/service.js');
    await new Retrieval({ cacheDir: process.env.KIBITZ_CACHE_DIR!, manpath: [FIXTURE_MAN] }).build('man');
    const c = await start({ model: true });
    await until(() => fake.chats.length > 0);
    fake.handler = () => ({ status: 503 });
    const uri = 'file:///w/off.sh';
    await c.open(uri, 'shellscript', '# compress the logs folder\n');
    const gen = (await c.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: range(0, 3), context: { diagnostics: [] } })).find((a) => a.title.startsWith('Generate'));
    const r: any = await c.conn.sendRequest('codeAction/resolve', gen);
    const inserted = r.edit.changes?.[uri]?.[0]?.newText ?? '';
    expect(inserted).toMatch(/# kibitz: the model did not answer \(server\); man pages on this machine that match:/);
    expect(inserted).toMatch(/#\s+(gzip|tar)\(1\) — /);
    c.dispose();
  });
});

describe('metrics that mean something', () => {
  it('hovers are views with a latency, model errors are counted by kind, acceptance is over proposals only', async () => {
    const c = await start({ model: true });
    await until(() => fake.chats.length > 0);
    const uri = 'file:///w/m.sh';
    await c.open(uri, 'shellscript', 'tar -xzf a.tgz\n# list files\n');
    for (let i = 0; i < 3; i++) await c.hover(uri, 0, 1);
    fake.handler = () => ({ json: { command: 42 } }); // wrong shape twice: a format failure
    const gen = (await c.conn.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: range(1, 3), context: { diagnostics: [] } })).find((a) => a.title.startsWith('Generate'));
    await c.conn.sendRequest('codeAction/resolve', gen);
    await until(() => new EventLog(process.env.KIBITZ_STATE_DIR!).read().some((e) => e.type === 'error'));
    const m = computeMetrics(new EventLog(process.env.KIBITZ_STATE_DIR!).read());
    expect(m.views.count).toBeGreaterThanOrEqual(3);
    expect(m.views.latency.n).toBeGreaterThanOrEqual(3);
    expect(m.byFeature.hover).toBeUndefined();
    expect(m.errorsByKind['invalid-output']).toBeGreaterThanOrEqual(1);
    c.dispose();
  });
});

describe('large and binary files', () => {
  it('a binary file gets no diagnostics and a null hover', async () => {
    const c = await start();
    const uri = 'file:///w/blob.sh';
    await c.open(uri, 'shellscript', '#!/bin/sh\nrm -rf /\n\u0000\u0001\u0002binary\u0000');
    expect(await c.hover(uri, 1, 1)).toBeNull();
    const report: any = await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    expect(report.items).toEqual([]);
    c.dispose();
  });

  it('a 5 MB shell file: the first hover answers, other requests are answered meanwhile, and no diagnostics run ahead', async () => {
    const c = await start();
    const line = 'echo "hello world" | grep -v x > /dev/null\n';
    const big = '#!/bin/sh\n' + line.repeat(120_000) + 'rm -rf /\n' + line.repeat(2);
    const uri = 'file:///w/big.sh';
    await c.open(uri, 'shellscript', big);
    await c.open('file:///w/small.sh', 'shellscript', 'tar -xzf a.tgz\n');
    const [bigHover, smallHover] = await Promise.all([c.hover(uri, 60_000, 22), c.hover('file:///w/small.sh', 0, 1)]);
    expect(bigHover.contents.value).toContain('grep');
    expect(smallHover.contents.value).toContain('tar');
    // the risk of the line under the cursor is found on demand
    const rmHover = await c.hover(uri, 120_001, 1);
    expect(rmHover.contents.value).toMatch(/Risk: critical/);
    const report: any = await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    expect(report.items).toEqual([]);
    c.dispose();
  }, 60_000);
});

describe('kibitz doctor', () => {
  it('the CLI names each problem with its fix, as text and JSON', async () => {
    const { spawnSync } = await import('node:child_process');
    const bin = fileURLToPath(new URL('../../server/bin/kibitz.js', import.meta.url));
    const env = { ...process.env, MANPATH: '/nonexistent', KIBITZ_MODEL: 'm', KIBITZ_BASE_URL: 'http://127.0.0.1:9/v1', KIBITZ_API_KEY: 'sk-proj-' + 'x1'.repeat(24) };
    const text = spawnSync(process.execPath, [bin, 'doctor'], { env, encoding: 'utf8' });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/\[FAIL\] Model endpoint: http:\/\/127\.0\.0\.1:9\/v1 did not answer/);
    expect(text.stdout).toMatch(/fix: Is the server running\?/);
    expect(text.stdout).toContain('API key set');
    expect(text.stdout).not.toContain('x1x1x1');
    const json = JSON.parse(spawnSync(process.execPath, [bin, 'doctor', '--json', '--offline'], { env, encoding: 'utf8' }).stdout);
    expect(json.checks.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['node', 'install', 'man-pages', 'hnswlib', 'index-man', 'model', 'feedback']));
    expect(json.checks.find((c: { id: string }) => c.id === 'man-pages')).toMatchObject({ status: 'fail' });
  });
});
