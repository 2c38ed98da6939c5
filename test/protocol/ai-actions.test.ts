import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FakeOpenAI } from '../support/fake-openai.js';
import { FIXTURE_MAN } from '../support/fixtures.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv({ KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-ai-')) });

const RESOLVE_CAPS = {
  textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, disabledSupport: true, dataSupport: true }, hover: { contentFormat: ['markdown'] } },
  window: { workDoneProgress: true },
};

let fake: FakeOpenAI;
let evil: FakeOpenAI;
beforeAll(async () => {
  fake = await new FakeOpenAI().start();
  evil = await new FakeOpenAI().start();
});
afterAll(async () => {
  await fake.close();
  await evil.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.script.length = 0;
  fake.handler = undefined;
});

function settings(model: Record<string, unknown> | undefined) {
  return { manpath: [FIXTURE_MAN], useManCommand: false, risk: { debounceMs: 10 }, ...(model ? { model: { cache: { enable: false }, ...model } } : {}) };
}

async function start(model: Record<string, unknown> | undefined, caps: Record<string, unknown> = RESOLVE_CAPS, rootUri?: string): Promise<InProcessClient> {
  const c = new InProcessClient();
  c.workspaceSettings = settings(model);
  await c.initialize({ initializationOptions: c.workspaceSettings, capabilities: caps, rootUri });
  return c;
}

const apply = (text: string, edits: any[]) => TextDocument.applyEdits(TextDocument.create('x', 'x', 1, text), edits);
const at = (text: string, needle: string) => {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
};
async function actions(c: InProcessClient, uri: string, text: string, needle: string, extra: Record<string, unknown> = {}): Promise<any[]> {
  const p = at(text, needle);
  return c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: p, end: p }, context: { diagnostics: [], ...extra } });
}
async function waitFor(pred: () => boolean, ms = 3000): Promise<void> {
  for (let i = 0; i < ms / 20 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('AI code actions over the protocol', () => {
  let c: InProcessClient;
  beforeAll(async () => {
    c = await start({ baseURL: fake.url, chatModel: 'fake-chat' });
    await waitFor(() => fake.chats.length > 0); // the startup probe
  });
  afterAll(() => c.dispose());

  it('lists without calling the model; the model runs in resolve; the server applies nothing', async () => {
    const uri = 'file:///w/gen.sh';
    const text = '#!/bin/bash\n# show disk usage of this folder\n';
    await c.open(uri, 'shellscript', text);
    const list = await actions(c, uri, text, 'show disk');
    const gen = list.find((a) => a.title.startsWith('Generate command'));
    expect(gen.edit).toBeUndefined();
    expect(gen.data).toBeDefined();
    expect(fake.chats).toHaveLength(0);
    fake.reply({ json: { command: 'du -sh .', summary: 'Total size of this folder.' } });
    const resolved: any = await c.conn.sendRequest('codeAction/resolve', gen);
    expect(fake.chats).toHaveLength(1);
    const out = apply(text, resolved.edit.changes[uri]);
    expect(out.startsWith('#!/bin/bash\n# show disk usage of this folder\n# Total size of this folder.\n#   du: ')).toBe(true);
    expect(out).toContain('\n#   -s: ');
    expect(out.endsWith('\ndu -sh .\n')).toBe(true);
    // with progress support the answer is streamed and the progress says so
    expect(fake.chats[0]!.body.stream).toBe(true);
    const progress = c.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as any).value);
    expect(progress.find((v) => v.kind === 'begin')?.message).toBe('asking fake-chat');
    expect(progress.some((v) => v.kind === 'end')).toBe(true);
    expect(c.notifications.some((n) => n.method === 'workspace/applyEdit')).toBe(false);
  });

  it('$/cancelRequest during resolve aborts the upstream HTTP request', async () => {
    const uri = 'file:///w/cancel.sh';
    const text = '# compress the build dir\n';
    await c.open(uri, 'shellscript', text);
    const gen = (await actions(c, uri, text, 'compress')).find((a) => a.title.startsWith('Generate'));
    fake.reply({ hang: true });
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    const cts = new CancellationTokenSource();
    const p = c.conn.sendRequest('codeAction/resolve', gen, cts.token);
    await waitFor(() => fake.chats.length > 0);
    cts.cancel();
    await expect(p).rejects.toMatchObject({ code: -32800 });
    await waitFor(() => fake.chats[0]!.aborted);
    expect(fake.chats[0]!.aborted).toBe(true);
  });

  it('401 shows a clear message and the action comes back without an edit', async () => {
    const uri = 'file:///w/auth.sh';
    const text = '# list open ports\n';
    await c.open(uri, 'shellscript', text);
    const gen = (await actions(c, uri, text, 'list open')).find((a) => a.title.startsWith('Generate'));
    fake.reply({ status: 401 });
    const r: any = await c.conn.sendRequest('codeAction/resolve', gen);
    expect(r.edit).toBeUndefined();
    await waitFor(() => c.notifications.some((n) => n.method === 'window/showMessage' && /refused the API key/.test((n.params as any).message)));
    expect(c.notifications.some((n) => n.method === 'window/showMessage' && /refused the API key/.test((n.params as any).message))).toBe(true);
  });

  it('explain works with a model and cites the man page', async () => {
    const uri = 'file:///w/explain.sh';
    const text = 'tar -xzf a.tgz\n';
    await c.open(uri, 'shellscript', text);
    const ex = (await actions(c, uri, text, 'tar')).find((a) => a.title.startsWith('Explain'));
    fake.reply({ json: { summary: 'Unpacks a.tgz.' } });
    const r: any = await c.conn.sendRequest('codeAction/resolve', ex);
    expect(apply(text, r.edit.changes[uri])).toMatch(/^# Unpacks a\.tgz\.\n# \(written by fake-chat, from the man pages cited below\)\n# Sources: tar\(1\) .*\ntar -xzf a\.tgz\n$/);
  });
});

describe('without a model', () => {
  it('model-only actions are listed disabled with how to configure one; explain still works offline', async () => {
    const c = await start(undefined);
    try {
      const uri = 'file:///w/off.sh';
      const text = '# find large files\nls -la\n';
      await c.open(uri, 'shellscript', text);
      const gen = (await actions(c, uri, text, 'find large')).find((a) => a.title.startsWith('Generate'));
      expect(gen.disabled.reason).toMatch(/kibitz\.model\.chatModel/);
      const ex = (await actions(c, uri, text, 'ls -la')).find((a) => a.title.startsWith('Explain'));
      const r: any = await c.conn.sendRequest('codeAction/resolve', ex);
      expect(apply(text, r.edit.changes[uri])).toContain('# ls — ');
    } finally {
      c.dispose();
    }
  });

  it('a client without resolve support gets edits computed only when it asked explicitly', async () => {
    const c = await start({ baseURL: fake.url, chatModel: 'fake-chat' }, { textDocument: { codeAction: {} } });
    try {
      await waitFor(() => fake.chats.length > 0);
      fake.requests.length = 0;
      const uri = 'file:///w/noresolve.sh';
      const text = '# count lines in all .ts files\n';
      await c.open(uri, 'shellscript', text);
      expect((await actions(c, uri, text, 'count', { triggerKind: 2 })).filter((a) => a.title.startsWith('Generate'))).toEqual([]);
      expect(fake.chats).toHaveLength(0);
      fake.handler = () => ({ json: { command: 'cat *.ts | wc -l', summary: 'Counts lines.' } });
      const list = await actions(c, uri, text, 'count', { triggerKind: 1 });
      const gen = list.find((a) => a.title.startsWith('Generate'));
      expect(apply(text, gen.edit.changes[uri])).toContain('\ncat *.ts | wc -l\n');
    } finally {
      c.dispose();
    }
  });
});

describe('settings trust', () => {
  it('a workspace .kibitz.json cannot change the endpoint, model or key, but its policy applies', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kibitz-repo-'));
    writeFileSync(path.join(root, '.kibitz.json'), JSON.stringify({ model: { baseURL: evil.url, chatModel: 'evil', apiKey: 'steal-me' }, risk: { disabledRules: ['git-push-force'] } }));
    const c = await start(undefined, RESOLVE_CAPS, 'file://' + root);
    try {
      await waitFor(() => c.notifications.some((n) => n.method === 'window/showMessage' && /"model" is ignored/.test((n.params as any).message)));
      expect(c.notifications.some((n) => n.method === 'window/showMessage' && /"model" is ignored/.test((n.params as any).message))).toBe(true);
      const uri = 'file://' + root + '/x.sh';
      const text = '# anything\ngit push -f\n';
      await c.open(uri, 'shellscript', text);
      const gen = (await actions(c, uri, text, 'anything')).find((a) => a.title.startsWith('Generate'));
      expect(gen.disabled).toBeDefined();
      const published = () => c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as any).uri === uri);
      await waitFor(() => published().length > 0);
      expect(published().length).toBeGreaterThan(0);
      expect((published().at(-1)!.params as any).diagnostics).toEqual([]);
      expect(evil.requests).toHaveLength(0);
    } finally {
      c.dispose();
    }
  });
});
