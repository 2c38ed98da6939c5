import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { log } from '../util/log.js';
import { FrameDecoder } from './framing.js';
import { describeIssue, InitializeParams } from './params.js';

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;
const SERVER_NOT_INITIALIZED = -32002;

type Reply = (msg: Message) => void;

/**
 * Reads Content-Length framed JSON-RPC from a stream (see framing.ts for what is tolerated). A broken frame is
 * answered with one -32700 and reading resumes at the next valid header; a JSON value that is not a message
 * gets -32600.
 */
export class FramedReader extends AbstractMessageReader implements MessageReader {
  private readonly decoder = new FrameDecoder();
  private callback: DataCallback | undefined;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly reply: Reply,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onEnd = () => this.fireClose();
    const onError = (err: Error) => this.fireError(err);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', onError);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        this.input.off('close', onEnd);
        this.input.off('error', onError);
      },
    };
  }

  private onData(chunk: Buffer): void {
    for (const ev of this.decoder.push(chunk)) {
      if (ev.kind === 'error') {
        log().warn({ reason: ev.reason }, 'broken frame');
        this.reply({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: `Parse error: ${ev.reason}` } } as Message);
        continue;
      }
      const value = ev.value;
      if (!isMessage(value)) {
        const id = typeof value === 'object' && value && 'id' in value ? validId(value.id) : null;
        this.reply({ jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 message' } } as Message);
        continue;
      }
      this.callback?.(value);
    }
  }
}

/** An id the answer may carry: a string or an integer; anything else is answered with id null. */
function validId(id: unknown): number | string | null {
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}

function isMessage(v: unknown): v is Message {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const m = v as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return false;
  if ('id' in m && m.id !== null && validId(m.id) === null) return false;
  if ('method' in m) return typeof m.method === 'string' && m.method.length > 0;
  return 'id' in m && ('result' in m || 'error' in m);
}

export type Phase = 'new' | 'initializing' | 'running' | 'shutdown';

/**
 * Enforces the LSP lifecycle in front of the connection: requests before `initialize` get -32002,
 * requests after `shutdown` get -32600; notifications in those phases are dropped (except `exit`).
 */
export class LifecycleReader extends AbstractMessageReader implements MessageReader {
  phase: Phase = 'new';

  constructor(
    private readonly inner: MessageReader,
    private readonly reply: Reply,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((p) => this.firePartialMessage(p));
  }

  listen(callback: DataCallback): Disposable {
    // the connection's own dispatch must never throw into the stream's event handler (that ends the process)
    const deliver = (msg: Message) => {
      try {
        callback(msg);
      } catch (err) {
        log().error({ err }, 'message dispatch failed');
      }
    };
    return this.inner.listen((msg) => {
      const m = msg as { id?: number | string | null; method?: string; params?: unknown };
      if (m.method === '$/cancelRequest' && !validCancel(m.params)) {
        log().warn('$/cancelRequest without a request id dropped');
        return;
      }
      this.route(msg, m, deliver);
    });
  }

  private route(msg: Message, m: { id?: number | string | null; method?: string }, callback: (msg: Message) => void): void {
    const isRequest = typeof m.method === 'string' && m.id !== undefined;
    const isNotification = typeof m.method === 'string' && m.id === undefined;
    if (m.method === 'exit') return callback(msg);
    if (this.phase === 'new') {
      if (m.method === 'initialize' && isRequest) {
        // invalid initialize params: answered here, and the client may try again
        const parsed = InitializeParams.safeParse((msg as { params?: unknown }).params);
        if (!parsed.success) return this.reply(errorReply(m.id!, INVALID_PARAMS, `kibitz: invalid params for initialize: ${describeIssue(parsed.error)}`));
        this.phase = 'initializing';
        return callback(msg);
      }
      if (isRequest) this.reply(errorReply(m.id!, SERVER_NOT_INITIALIZED, `Server not initialized: ${m.method} before initialize`));
      return;
    }
    if (this.phase === 'shutdown') {
      if (isRequest) this.reply(errorReply(m.id!, INVALID_REQUEST, `Invalid request: ${m.method} after shutdown`));
      if (isNotification || isRequest) return;
      return callback(msg);
    }
    if (m.method === 'initialize' && isRequest) {
      this.reply(errorReply(m.id!, INVALID_REQUEST, 'initialize was already received'));
      return;
    }
    if (m.method === 'initialized') this.phase = 'running';
    if (m.method === 'shutdown' && isRequest) this.phase = 'shutdown';
    callback(msg);
  }
}

function validCancel(params: unknown): boolean {
  const id = params && typeof params === 'object' ? (params as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number';
}

function errorReply(id: number | string | null, code: number, message: string): Message {
  return { jsonrpc: '2.0', id, error: { code, message } } as Message;
}

export function replyVia(writer: MessageWriter): Reply {
  return (msg) => {
    writer.write(msg).catch(() => undefined);
  };
}
