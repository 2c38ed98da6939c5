import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveModel } from '../../server/src/config/model-settings.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { MAX_ANSWER_BYTES, ModelClient } from '../../server/src/model/client.js';
import type { ModelError } from '../../server/src/model/errors.js';
import { useFakeOpenAI } from '../support/fake-openai.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });

function client(timeoutMs = 3000): { model: ModelClient; errors: ModelError[] } {
  const errors: ModelError[] = [];
  const s = resolveModel(
    {
      ...defaultConfig().model,
      baseURL: endpoint.fake.url,
      chatModel: 'm',
      maxRetries: 0,
      timeouts: { hoverMs: timeoutMs, codeActionMs: timeoutMs, commitMs: timeoutMs },
      cache: { enable: false, maxEntries: 1 },
    },
    {},
  )!;
  return { model: new ModelClient(s, { events: { onError: (e) => errors.push(e) } }), errors };
}
const rss = () => process.memoryUsage().rss;

describe('answers are capped in size and time', () => {
  it('an endless streamed answer is cut at the cap and the connection closed; the error is reported once', async () => {
    const { model, errors } = client(20_000);
    endpoint.fake.reply({ endless: 'rm -rf / ; '.repeat(100) });
    const before = rss();
    await expect(model.chat([{ role: 'user', content: 'x' }], { purpose: 'codeAction', onProgress: () => undefined })).rejects.toMatchObject({ kind: 'too-large' });
    await new Promise((r) => setTimeout(r, 100));
    const rec = endpoint.fake.chats[0]!;
    expect(rec.aborted).toBe(true);
    expect(endpoint.fake.written.get(rec)!).toBeLessThan(8 * MAX_ANSWER_BYTES);
    expect(rss() - before).toBeLessThan(200 * 1024 * 1024);
    expect(errors.map((e) => e.kind)).toEqual(['too-large']);
  });

  it('an endless answer that is not streamed is cut at the cap too', async () => {
    const { model } = client(20_000);
    endpoint.fake.reply({ endless: 'A'.repeat(4096) });
    await expect(model.chat([{ role: 'user', content: 'x' }], { purpose: 'codeAction' })).rejects.toMatchObject({ kind: 'too-large' });
    const rec = endpoint.fake.chats[0]!;
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.aborted).toBe(true);
  });

  it('a complete but huge JSON answer is refused without parsing it', async () => {
    const { model } = client();
    endpoint.fake.reply({ huge: 2 * MAX_ANSWER_BYTES });
    await expect(model.structured([{ role: 'user', content: 'x' }], z.object({ a: z.string() }), 'a', { purpose: 'codeAction' })).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('a hanging endpoint times out; a stalled stream too', async () => {
    const { model } = client(300);
    endpoint.fake.reply({ hang: true });
    await expect(model.chat([{ role: 'user', content: 'x' }], { purpose: 'codeAction' })).rejects.toMatchObject({ kind: 'timeout' });
    endpoint.fake.reply({ stream: ['a', 'b'], stall: true });
    await expect(model.chat([{ role: 'user', content: 'x' }], { purpose: 'codeAction', onProgress: () => undefined })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('at most four calls run at once; the others wait, and a cancelled waiter leaves the queue', async () => {
    const { model } = client(5000);
    endpoint.fake.handler = () => ({ text: 'ok', delayMs: 200 });
    const calls = Array.from({ length: 6 }, () => model.chat([{ role: 'user', content: 'x' }], { purpose: 'codeAction' }));
    for (let i = 0; i < 250 && endpoint.fake.chats.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    expect(endpoint.fake.chats.length).toBe(4);
    const ctrl = new AbortController();
    const cancelled = model.chat([{ role: 'user', content: 'y' }], { purpose: 'codeAction', signal: ctrl.signal });
    ctrl.abort();
    await expect(cancelled).rejects.toBeDefined();
    expect(await Promise.all(calls)).toEqual(Array(6).fill('ok'));
    expect(endpoint.fake.chats.length).toBe(6);
  });
});
