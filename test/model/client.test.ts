import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveModel } from '../../server/src/config/model-settings.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { ModelClient } from '../../server/src/model/client.js';
import { ModelError } from '../../server/src/model/errors.js';
import { useFakeOpenAI } from '../support/fake-openai.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });

function client(over: Record<string, unknown> = {}, events: ConstructorParameters<typeof ModelClient>[1] = {}): ModelClient {
  const cfg = defaultConfig().model;
  const s = resolveModel({ ...cfg, baseURL: endpoint.fake.url, chatModel: 'fake-chat', embeddingModel: 'fake-embed', apiKey: 'test-key', ...over }, {})!;
  return new ModelClient(s, events);
}

const Answer = z.object({ command: z.string(), why: z.string() });
const user = (content: string) => [{ role: 'user' as const, content }];

async function failure(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error('expected a failure');
}

describe('model client over the fake endpoint', () => {
  it('chat sends the model, key and a timeout-bound request, and returns the text', async () => {
    endpoint.fake.reply({ text: 'hello' });
    expect(await client().chat(user('hi'), { purpose: 'hover' })).toBe('hello');
    expect(endpoint.fake.chats[0]!.body.model).toBe('fake-chat');
    expect(endpoint.fake.chats[0]!.headers.authorization).toBe('Bearer test-key');
  });

  it('structured output: valid JSON is validated and returned', async () => {
    endpoint.fake.reply({ json: { command: 'ls -la', why: 'lists' } });
    expect(await client().structured(user('list'), Answer, 'answer', { purpose: 'codeAction' })).toEqual({ command: 'ls -la', why: 'lists' });
    expect(endpoint.fake.chats[0]!.body.messages[0].content).toContain('"command"');
  });

  it('invalid JSON gets exactly one repair re-prompt', async () => {
    endpoint.fake.reply({ text: 'Sure! here it is: {command: ls' }, { text: '```json\n{"command":"ls","why":"w"}\n```' });
    expect(await client().structured(user('x'), Answer, 'answer', { purpose: 'codeAction' })).toEqual({ command: 'ls', why: 'w' });
    expect(endpoint.fake.chats).toHaveLength(2);
    expect(endpoint.fake.chats[1]!.body.messages.at(-1).content).toContain('not valid');
  });

  it('a wrong schema twice is a clean invalid-output failure, never raw text', async () => {
    endpoint.fake.reply({ json: { cmd: 'ls' } }, { json: { command: 42 } });
    const e = await failure(client().structured(user('x'), Answer, 'answer', { purpose: 'codeAction', noCache: true }));
    expect(e.kind).toBe('invalid-output');
    expect(endpoint.fake.chats).toHaveLength(2);
  });

  it.each([
    [401, 'auth', /refused the API key/],
    [404, 'model-not-found', /no model "fake-chat"/],
  ])('HTTP %i is %s with a clear message and no retry', async (status, kind, message) => {
    endpoint.fake.reply({ status });
    const errors: ModelError[] = [];
    const e = await failure(client({}, { events: { onError: (x) => errors.push(x) } }).chat(user('x'), { purpose: 'hover', noCache: true }));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
    expect(errors).toHaveLength(1);
    expect(endpoint.fake.chats).toHaveLength(1);
  });

  it('429 with retry-after: a rate-limit error naming the wait, then calls fail fast until it passes', async () => {
    endpoint.fake.reply({ status: 429, headers: { 'retry-after': '30' } });
    const c = client();
    const e = await failure(c.chat(user('x'), { purpose: 'hover', noCache: true }));
    expect(e.kind).toBe('rate-limit');
    expect(e.message).toContain('30 s');
    const again = await failure(c.chat(user('y'), { purpose: 'hover', noCache: true }));
    expect(again.kind).toBe('rate-limit');
    expect(endpoint.fake.chats).toHaveLength(1);
  });

  it('500 is retried once (maxRetries <= 1), then succeeds or fails', async () => {
    endpoint.fake.reply({ status: 500 }, { text: 'second time' });
    expect(await client().chat(user('x'), { purpose: 'hover', noCache: true })).toBe('second time');
    endpoint.fake.requests.length = 0;
    endpoint.fake.reply({ status: 500 }, { status: 502 }, { text: 'never asked' });
    expect((await failure(client().chat(user('x'), { purpose: 'hover', noCache: true }))).kind).toBe('server');
    expect(endpoint.fake.chats).toHaveLength(2);
  });

  it('a hanging endpoint hits the per-call timeout and the request is closed', async () => {
    endpoint.fake.reply({ hang: true });
    const e = await failure(client({ timeouts: { hoverMs: 300, codeActionMs: 300, commitMs: 300 }, maxRetries: 0 }).chat(user('x'), { purpose: 'hover' }));
    expect(e.kind).toBe('timeout');
    await new Promise((r) => setTimeout(r, 50));
    expect(endpoint.fake.chats[0]!.aborted).toBe(true);
  });

  it('cancellation aborts the upstream HTTP request', async () => {
    endpoint.fake.reply({ hang: true });
    const ac = new AbortController();
    const p = client().chat(user('x'), { purpose: 'codeAction', signal: ac.signal });
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    const e = await failure(p);
    expect(e.kind).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 50));
    expect(endpoint.fake.chats).toHaveLength(1);
    expect(endpoint.fake.chats[0]!.aborted).toBe(true);
  });

  it('connection refused is a connection error naming the endpoint', async () => {
    const c = client({ baseURL: 'http://127.0.0.1:9/v1' });
    const e = await failure(c.chat(user('x'), { purpose: 'hover' }));
    expect(e.kind).toBe('connection');
    expect(e.message).toContain('127.0.0.1:9');
  });

  it('streams with progress, and a stalled stream times out', async () => {
    endpoint.fake.reply({ stream: ['fix: ', 'handle ', 'empty DIR'], delayMs: 30 });
    const seen: string[] = [];
    expect(await client().chat(user('x'), { purpose: 'commit', onProgress: (t) => seen.push(t) })).toBe('fix: handle empty DIR');
    expect(seen).toEqual(['fix: ', 'fix: handle ', 'fix: handle empty DIR']);
    endpoint.fake.reply({ stream: ['partial'], stall: true });
    const e = await failure(client({ timeouts: { hoverMs: 300, codeActionMs: 300, commitMs: 300 }, maxRetries: 0 }).chat(user('y'), { purpose: 'commit', onProgress: () => undefined }));
    expect(e.kind).toBe('timeout');
  });

  it('answers are cached by content hash in memory and on disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-cache-'));
    endpoint.fake.reply({ json: { command: 'du -sh .', why: 'size' } });
    const a = client({}, { cacheDir: dir });
    await a.structured(user('size of this dir'), Answer, 'answer', { purpose: 'codeAction' });
    await a.structured(user('size of this dir'), Answer, 'answer', { purpose: 'codeAction' });
    expect(endpoint.fake.chats).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // a new client (a new server process) reads the disk cache
    expect(await client({}, { cacheDir: dir }).structured(user('size of this dir'), Answer, 'answer', { purpose: 'codeAction' })).toEqual({ command: 'du -sh .', why: 'size' });
    expect(endpoint.fake.chats).toHaveLength(1);
  });

  it('the startup probe records whether json_schema is honoured, and then it is sent', async () => {
    endpoint.fake.reply({ json: { ok: true } });
    const c = client();
    expect(await c.probe()).toEqual({ reachable: true, jsonSchema: true });
    endpoint.fake.reply({ json: { command: 'pwd', why: 'w' } });
    await c.structured(user('where'), Answer, 'answer', { purpose: 'codeAction' });
    expect(endpoint.fake.chats[1]!.body.response_format.type).toBe('json_schema');

    endpoint.fake.reply({ status: 400, body: { error: { message: 'response_format not supported' } } });
    const d = client();
    expect(await d.probe()).toEqual({ reachable: true, jsonSchema: false });
    endpoint.fake.reply({ json: { command: 'pwd', why: 'w2' } });
    await d.structured(user('where now'), Answer, 'answer', { purpose: 'codeAction' });
    expect(endpoint.fake.chats.at(-1)!.body.response_format).toBeUndefined();
  });

  it('embeddings come back in input order', async () => {
    const v = await client().embed(['a', 'b'], { purpose: 'hover' });
    expect(v).toHaveLength(2);
    expect(v[0]).toHaveLength(16);
  });

  it('invisible characters are stripped from what is sent and from the answer', async () => {
    endpoint.fake.reply({ text: 'rm\u200B -rf\u202E x' });
    const out = await client().chat(user('tell\u200B me\u{E0041}'), { purpose: 'hover', noCache: true });
    expect(out).toBe('rm -rf x');
    expect(endpoint.fake.chats[0]!.raw).not.toMatch(/\\u200b|\u200B|\\udb40/i);
  });
});

describe('model settings', () => {
  it('no chat model means no model (never guessed); env fills what user settings leave empty', () => {
    expect(resolveModel(defaultConfig().model, {})).toBeUndefined();
    expect(resolveModel(defaultConfig().model, { OPENAI_API_KEY: 'k' })).toBeUndefined();
    const m = resolveModel(defaultConfig().model, { KIBITZ_MODEL: 'llama3', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/', OPENAI_API_KEY: 'k' })!;
    expect(m).toMatchObject({ chatModel: 'llama3', baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'k' });
    expect(resolveModel({ ...defaultConfig().model, chatModel: 'a', baseURL: 'http://x/v1' }, { KIBITZ_MODEL: 'b', KIBITZ_BASE_URL: 'http://y/v1' })).toMatchObject({
      chatModel: 'a',
      baseURL: 'http://x/v1',
    });
  });
});
