import OpenAI from 'openai';
import { z } from 'zod';
import type { ModelSettings } from '../config/model-settings.js';
import { redact } from '../safety/redact.js';
import { cleanDeep, cleanModelText, stripInvisible } from '../safety/sanitize.js';
import { Limiter } from './limiter.js';
import { cacheKey, ResponseCache } from './cache.js';
import { classify, ModelError } from './errors.js';
import { parseStructured, repairPrompt, schemaInstruction } from './structured.js';

export type Purpose = 'hover' | 'codeAction' | 'commit';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CallOptions {
  purpose: Purpose;
  signal?: AbortSignal;
  /** Stream the answer and report its growth (for progress in the editor or the terminal). */
  onProgress?: (text: string) => void;
  /** Skip the response cache (default: use it when enabled in settings). */
  noCache?: boolean;
  maxTokens?: number;
  /** Called when the answer came from the response cache (so the caller can label it). */
  onCached?: () => void;
}

/** What the client tells its owner, for `window/showMessage` or the CLI. */
export interface ModelEvents {
  onError?: (err: ModelError) => void;
  /** A call reached the endpoint and got a valid answer: earlier failures are over. */
  onSuccess?: () => void;
  /** Outbound text had secrets replaced (rule id -> count) or invisible characters removed. */
  onScrub?: (info: { secrets: Record<string, number>; invisible: number }) => void;
}

/** The most an answer may be: far more than any edit, commit message or explanation needs. */
export const MAX_ANSWER_BYTES = 512 * 1024;
/** Embedding answers are larger (floats as JSON). */
export const MAX_EMBEDDING_BYTES = 64 * 1024 * 1024;
/** Calls in flight to one endpoint at a time; more wait their turn (or their cancellation). */
export const MAX_CONCURRENT_CALLS = 4;

export interface ProbeResult {
  reachable: boolean;
  jsonSchema: boolean;
  error?: ModelError;
}

/**
 * One OpenAI-compatible endpoint. Every call has its own timeout, at most one retry, and the caller's
 * AbortSignal (LSP cancellation). Every message is scrubbed (secrets, invisible Unicode) before it is sent,
 * and every answer is scrubbed of invisible Unicode before anyone sees it.
 */
export class ModelClient {
  private readonly api: OpenAI;
  private readonly cache: ResponseCache | undefined;
  /** Set by the startup probe; undefined until then. */
  jsonSchemaSupported: boolean | undefined;
  private coolDownUntil = 0;

  private readonly limiter = new Limiter(MAX_CONCURRENT_CALLS);
  /** Requests whose answer passed the size cap (by their AbortSignal). */
  private readonly oversized = new WeakSet<AbortSignal>();

  /** The last failure talking to the endpoint, until a call succeeds: cached answers are served meanwhile, but the failure is still reported. */
  lastError: ModelError | undefined;
  /** Where messages are shown: the editor names settings, the CLI names environment variables. */
  readonly surface: 'editor' | 'cli';

  constructor(
    readonly settings: ModelSettings,
    opts: { cacheDir?: string; events?: ModelEvents; surface?: 'editor' | 'cli' } = {},
  ) {
    this.surface = opts.surface ?? 'editor';
    this.api = new OpenAI({ baseURL: settings.baseURL, apiKey: settings.apiKey || 'none', maxRetries: 0, logLevel: 'off', fetch: this.cappedFetch });
    this.cache = settings.cache.enable ? new ResponseCache(opts.cacheDir, settings.cache.maxEntries) : undefined;
    this.events = opts.events ?? {};
  }

  private readonly events: ModelEvents;

  timeoutFor(purpose: Purpose): number {
    return this.settings.timeouts[`${purpose}Ms`];
  }

  /** Plain text answer. */
  async chat(messages: ChatMessage[], opts: CallOptions): Promise<string> {
    const sent = this.scrub(messages);
    const key = cacheKey({ u: this.settings.baseURL, m: this.settings.chatModel, t: this.settings.temperature, sent });
    const cached = opts.noCache ? undefined : this.cache?.get(key);
    if (cached !== undefined) return cleanModelText(this.fromCache(cached, opts));
    const text = await this.complete(sent, opts, undefined);
    this.cache?.set(key, text);
    return cleanModelText(text);
  }

  /**
   * A zod-validated object. `response_format: json_schema` is sent when the endpoint honours it; the answer is
   * always validated here, with one repair re-prompt, then a clean `invalid-output` failure.
   */
  async structured<T>(messages: ChatMessage[], schema: z.ZodType<T>, name: string, opts: CallOptions): Promise<T> {
    const jsonSchema = z.toJSONSchema(schema) as Record<string, unknown>;
    const withSchema: ChatMessage[] = [{ role: 'system', content: schemaInstruction(jsonSchema) }, ...messages];
    const sent = this.scrub(withSchema);
    const key = cacheKey({ u: this.settings.baseURL, m: this.settings.chatModel, t: this.settings.temperature, sent, name });
    const cached = opts.noCache ? undefined : this.cache?.get(key);
    if (cached !== undefined) {
      const again = parseStructured(cached, schema);
      if (again.ok) {
        this.fromCache(cached, opts);
        return cleanDeep(again.value);
      }
    }
    const format = this.useJsonSchema() ? { type: 'json_schema' as const, json_schema: { name, schema: jsonSchema, strict: false } } : undefined;
    let text = await this.complete(sent, opts, format);
    let parsed = parseStructured(text, schema);
    if (!parsed.ok) {
      const repair = this.scrub([
        { role: 'assistant', content: text },
        { role: 'user', content: repairPrompt(parsed.error) },
      ]);
      text = await this.complete([...sent, ...repair], opts, format);
      parsed = parseStructured(text, schema);
      if (!parsed.ok) {
        const err = new ModelError('invalid-output', `The model's answer did not match the expected format twice (${parsed.error.slice(0, 160)}); nothing was proposed.`);
        this.events.onError?.(err);
        throw err;
      }
    }
    this.cache?.set(key, text);
    // JSON escapes are decoded now: clean what they decoded to (\u200b, \u2028, control characters)
    return cleanDeep(parsed.value);
  }

  /** A cached answer: the caller labels it, and a known failure of the endpoint is still reported. */
  private fromCache(text: string, opts: CallOptions): string {
    opts.onCached?.();
    if (this.lastError) this.events.onError?.(new ModelError(this.lastError.kind, `${this.lastError.message} (An earlier answer is shown from the cache.)`));
    return text;
  }

  /** Embeddings with the configured embedding model. */
  async embed(texts: string[], opts: CallOptions): Promise<number[][]> {
    if (!this.settings.embeddingModel) throw new ModelError('not-configured', 'No embedding model is configured (kibitz.model.embeddingModel).');
    const input = texts.map((t) => this.scrubText(t));
    const timeoutMs = this.timeoutFor(opts.purpose);
    return this.withRetry(opts, timeoutMs, async () => {
      const r = await this.api.embeddings.create({ model: this.settings.embeddingModel, input, encoding_format: 'float' }, { signal: opts.signal, timeout: timeoutMs, maxRetries: 0 });
      return r.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
    });
  }

  /** Is the endpoint there, and does it honour `response_format: json_schema`? */
  async probe(signal?: AbortSignal): Promise<ProbeResult> {
    const schema = z.object({ ok: z.boolean() });
    const messages: ChatMessage[] = [{ role: 'user', content: 'Reply with the JSON object {"ok": true} and nothing else.' }];
    const opts: CallOptions = { purpose: 'hover', signal, maxTokens: 20 };
    try {
      const text = await this.complete(messages, opts, { type: 'json_schema', json_schema: { name: 'probe', schema: z.toJSONSchema(schema), strict: true } }, true);
      this.jsonSchemaSupported = parseStructured(text, schema).ok;
      return { reachable: true, jsonSchema: this.jsonSchemaSupported };
    } catch (err) {
      const e = classify(err, this.ctx(opts));
      if (e.kind === 'bad-request') {
        this.jsonSchemaSupported = false;
        return { reachable: true, jsonSchema: false };
      }
      this.events.onError?.(e);
      return { reachable: false, jsonSchema: false, error: e };
    }
  }

  private useJsonSchema(): boolean {
    if (this.settings.structuredOutputs === 'on') return true;
    if (this.settings.structuredOutputs === 'off') return false;
    return this.jsonSchemaSupported === true;
  }

  private async complete(messages: ChatMessage[], opts: CallOptions, format: OpenAI.ResponseFormatJSONSchema | undefined, quiet = false): Promise<string> {
    const timeoutMs = this.timeoutFor(opts.purpose);
    const body = {
      model: this.settings.chatModel,
      messages,
      temperature: this.settings.temperature,
      ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
      ...(format ? { response_format: format } : {}),
    };
    const run = async (): Promise<string> => {
      // the SDK's timeout covers the wait for headers; this deadline also covers a stream that stalls
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
      try {
        return await attempt({ signal, timeout: timeoutMs, maxRetries: 0 }, deadline);
      } catch (err) {
        if (this.oversized.has(signal) || err instanceof AnswerTooLarge) throw tooLarge();
        if (deadline.signal.aborted && !opts.signal?.aborted)
          throw new ModelError('timeout', `The model at ${this.settings.baseURL} did not answer within ${timeoutMs / 1000} s; kibitz uses its offline answer.`);
        throw err;
      } finally {
        clearTimeout(timer);
      }
    };
    const attempt = async (req: { signal: AbortSignal; timeout: number; maxRetries: number }, deadline: AbortController): Promise<string> => {
      if (opts.onProgress) {
        const stream = await this.api.chat.completions.create({ ...body, stream: true }, req);
        let text = '';
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content ?? '';
          if (delta) {
            text += delta;
            if (text.length > MAX_ANSWER_BYTES) {
              // stop reading: the connection is closed, nothing more is buffered
              deadline.abort();
              throw new AnswerTooLarge();
            }
            opts.onProgress(text);
          }
        }
        // the SDK ends the iteration quietly on abort: a cut-off stream is not an answer
        if (req.signal.aborted) throw new OpenAI.APIUserAbortError();
        return text;
      }
      const r = await this.api.chat.completions.create(body, req);
      return r.choices[0]?.message?.content ?? '';
    };
    try {
      // raw: a JSON answer is cleaned after parsing (cleaning line breaks inside its strings would break it)
      const text = stripInvisible(await this.limiter.run(opts.signal, () => this.withRetry(opts, timeoutMs, run))).text;
      this.lastError = undefined;
      this.events.onSuccess?.();
      return text;
    } catch (err) {
      const e = classify(err, this.ctx(opts));
      if (e.kind !== 'cancelled' && e.kind !== 'bad-request') this.lastError = e;
      if (!quiet && e.kind !== 'cancelled') this.events.onError?.(e);
      throw e;
    }
  }

  /** fetch with a cap on the answer's size: past it the body stream errors and the connection is closed. */
  private readonly cappedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const limit = /\/embeddings(\?|$)/.test(url) ? MAX_EMBEDDING_BYTES : MAX_ANSWER_BYTES;
    const declared = Number(res.headers.get('content-length'));
    const signal = init?.signal ?? undefined;
    const over = () => {
      if (signal) this.oversized.add(signal);
      return new AnswerTooLarge();
    };
    if (declared > limit) {
      await res.body.cancel().catch(() => undefined);
      throw over();
    }
    const reader = res.body.getReader();
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        const { done, value } = await reader.read();
        if (done) return ctrl.close();
        seen += value.byteLength;
        if (seen > limit) {
          await reader.cancel().catch(() => undefined);
          ctrl.error(over());
          return;
        }
        ctrl.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };

  /** At most one retry: only for 5xx, a dropped connection, or a short retry-after; never past cancellation. */
  private async withRetry<T>(opts: CallOptions, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
    if (Date.now() < this.coolDownUntil) throw new ModelError('rate-limit', `The model endpoint asked to wait; retry after ${Math.ceil((this.coolDownUntil - Date.now()) / 1000)} s.`);
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof ModelError && err.kind === 'too-large') throw err;
        const e = classify(err, this.ctx(opts, timeoutMs));
        if (e.kind === 'rate-limit' && e.retryAfterSeconds) this.coolDownUntil = Date.now() + e.retryAfterSeconds * 1000;
        const retryable = e.kind === 'server' || (e.kind === 'connection' && !/ECONNREFUSED|ENOTFOUND/.test(e.message)) || (e.kind === 'rate-limit' && (e.retryAfterSeconds ?? 99) <= 2);
        if (attempt >= this.settings.maxRetries || !retryable || opts.signal?.aborted) throw e;
        const wait = e.kind === 'rate-limit' ? (e.retryAfterSeconds ?? 1) * 1000 : 250;
        this.coolDownUntil = 0;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private ctx(opts: CallOptions, timeoutMs = this.timeoutFor(opts.purpose)) {
    return { baseURL: this.settings.baseURL, model: this.settings.chatModel, timeoutMs, signal: opts.signal, surface: this.surface };
  }

  private scrubText(t: string): string {
    const s = stripInvisible(t);
    const r = redact(s.text);
    const invisible = Object.values(s.removed).reduce((a, b) => a + b, 0);
    if (invisible || Object.keys(r.found).length) this.events.onScrub?.({ secrets: r.found, invisible });
    return r.text;
  }

  private scrub(messages: ChatMessage[]): ChatMessage[] {
    return messages.map((m) => ({ role: m.role, content: this.scrubText(m.content) }));
  }
}

class AnswerTooLarge extends Error {
  constructor() {
    super('answer too large');
  }
}

function tooLarge(): ModelError {
  return new ModelError('too-large', `The model's answer passed ${MAX_ANSWER_BYTES / 1024} KB; kibitz stopped reading it and uses its offline answer.`);
}
