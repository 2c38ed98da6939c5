import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer of the fake endpoint. */
export type Reply =
  | { text: string; delayMs?: number }
  | { json: unknown; delayMs?: number }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true }
  /** SSE chunks, `delayMs` apart (a slow stream); `stall` stops sending without ending the response. */
  | { stream: string[]; delayMs?: number; stall?: boolean }
  /** A misbehaving endpoint: writes `chunk` forever (SSE deltas when streaming, else one endless JSON string) until the client hangs up. */
  | { endless: string }
  /** A complete answer whose content is `bytes` long (a model that will not stop). */
  | { huge: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw request body, exactly as it arrived. */
  raw: string;
  body: any;
  /** The client closed the connection before the answer was complete (cancellation, timeout). */
  aborted: boolean;
}

/**
 * A fake OpenAI-compatible server on 127.0.0.1: /v1/chat/completions (plain and SSE streaming),
 * /v1/embeddings, /v1/models. Replies come from a queue (`script`), then from `handler`, then a default.
 * Every request body is recorded, so tests can prove what was (not) sent.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  readonly script: Reply[] = [];
  handler: ((req: RecordedRequest) => Reply | undefined) | undefined;
  /** Added to every reply: a model "fixed at N ms" for benchmarks. */
  latencyMs = 0;
  private server: http.Server | undefined;
  private readonly open = new Set<http.ServerResponse>();

  get url(): string {
    const a = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}/v1`;
  }

  /** Chat requests only, for assertions. */
  get chats(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  reply(...r: Reply[]): this {
    this.script.push(...r);
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const r of this.open) r.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body, aborted: false };
    this.requests.push(rec);
    this.open.add(res);
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
      this.open.delete(res);
    });
    if (this.latencyMs) await sleep(this.latencyMs);
    if (rec.path.endsWith('/models')) return json(res, 200, { object: 'list', data: [{ id: 'fake-chat', object: 'model' }] });
    if (rec.path.endsWith('/embeddings')) {
      const input: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
      return json(res, 200, { object: 'list', model: body?.model, data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })) });
    }
    const reply = this.script.shift() ?? this.handler?.(rec) ?? { text: 'ok' };
    await this.answer(res, rec, reply);
  }

  /** Bytes written per request (by index in `requests`), for tests of answer caps. */
  readonly written = new Map<RecordedRequest, number>();

  private async endless(res: http.ServerResponse, rec: RecordedRequest, chunk: string): Promise<void> {
    const stream = !!rec.body?.stream;
    res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
    if (!stream) res.write('{"id":"c1","object":"chat.completion","created":0,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"');
    let n = 0;
    while (!res.destroyed && !res.writableEnded && n < 1024 * 1024 * 1024) {
      const piece = stream
        ? `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: chunk }, finish_reason: null }] })}\n\n`
        : chunk;
      n += piece.length;
      this.written.set(rec, n);
      if (!res.write(piece)) await new Promise<void>((r) => (res.once('drain', r), res.once('close', r)));
      else if (n % (64 * 1024) < piece.length) await sleepy();
    }
  }

  private async answer(res: http.ServerResponse, rec: RecordedRequest, reply: Reply): Promise<void> {
    if ('hang' in reply) return; // never answers; the client must time out or cancel
    if ('endless' in reply) return this.endless(res, rec, reply.endless);
    if ('huge' in reply) reply = { text: 'x'.repeat(reply.huge) };
    if ('status' in reply) return json(res, reply.status, reply.body ?? { error: { message: `fake error ${reply.status}`, type: 'fake' } }, reply.headers);
    if ('delayMs' in reply && reply.delayMs && !('stream' in reply)) await sleep(reply.delayMs);
    const content = 'stream' in reply ? reply.stream.join('') : 'json' in reply ? (typeof reply.json === 'string' ? reply.json : JSON.stringify(reply.json)) : reply.text;
    if (rec.body?.stream) {
      const chunks = 'stream' in reply ? reply.stream : chunk(content, 12);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const c of chunks) {
        if (res.destroyed) return;
        res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: rec.body.model, choices: [{ index: 0, delta: { content: c }, finish_reason: null }] })}\n\n`);
        if ('stream' in reply && reply.delayMs) await sleep(reply.delayMs);
      }
      if ('stream' in reply && reply.stall) return;
      res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: rec.body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    json(res, 200, {
      id: 'c1',
      object: 'chat.completion',
      created: 0,
      model: rec.body?.model ?? 'fake',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }
}

function sleepy(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function chunk(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out.length ? out : [''];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A deterministic 16-dimension unit vector per text. */
export function fakeEmbedding(text: string): number[] {
  const h = createHash('sha256').update(text).digest();
  const v = Array.from({ length: 16 }, (_, i) => h[i]! / 255 - 0.5);
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

/** The last user message of a recorded chat request. */
export function lastUser(r: RecordedRequest): string {
  const msgs: { role: string; content: string }[] = r.body?.messages ?? [];
  return [...msgs].reverse().find((m) => m.role === 'user')?.content ?? '';
}

/**
 * One fake endpoint for a test file: started before the tests, closed after, and reset (requests, script,
 * handler) before each test. Use the returned object's `fake` inside tests.
 */
export function useFakeOpenAI(hooks: { beforeAll: (fn: () => unknown) => void; afterAll: (fn: () => unknown) => void; beforeEach: (fn: () => unknown) => void }): { fake: FakeOpenAI } {
  const holder = {} as { fake: FakeOpenAI };
  hooks.beforeAll(async () => {
    holder.fake = await new FakeOpenAI().start();
  });
  hooks.afterAll(() => holder.fake.close());
  hooks.beforeEach(() => {
    holder.fake.requests.length = 0;
    holder.fake.script.length = 0;
    holder.fake.handler = undefined;
  });
  return holder;
}
