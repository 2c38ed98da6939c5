import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const SERVER_NOT_INITIALIZED = -32002;

type Reply = (msg: Message) => void;

/**
 * Reads Content-Length framed JSON-RPC from a stream. A frame that is not JSON (or has a bad header) is
 * answered with -32700 and the reader keeps serving; a JSON value that is not a message gets -32600.
 */
export class FramedReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
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
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        if (this.buffer.length > 65536) this.garbage('header too long');
        return;
      }
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /(?:^|\r\n)content-length:\s*(\d+)\s*(?:\r\n|$)/i.exec(header);
      if (!m) {
        this.buffer = this.buffer.subarray(headerEnd + 4);
        this.parseError('Missing or invalid Content-Length header');
        continue;
      }
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (err) {
        this.parseError(`Parse error: ${(err as Error).message}`);
        continue;
      }
      if (!isMessage(value)) {
        const id = typeof value === 'object' && value && 'id' in value ? ((value as { id: unknown }).id as number | string | null) : null;
        this.reply({ jsonrpc: '2.0', id, error: { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 message' } } as Message);
        continue;
      }
      this.callback?.(value);
    }
  }

  private garbage(reason: string): void {
    this.buffer = Buffer.alloc(0);
    this.parseError(reason);
  }

  private parseError(message: string): void {
    this.reply({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message } } as Message);
  }
}

function isMessage(v: unknown): v is Message {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const m = v as Record<string, unknown>;
  if (m.jsonrpc !== '2.0') return false;
  return typeof m.method === 'string' || 'id' in m;
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
    return this.inner.listen((msg) => {
      const m = msg as { id?: number | string | null; method?: string };
      const isRequest = typeof m.method === 'string' && m.id !== undefined;
      const isNotification = typeof m.method === 'string' && m.id === undefined;
      if (m.method === 'exit') return callback(msg);
      if (this.phase === 'new') {
        if (m.method === 'initialize' && isRequest) {
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
    });
  }
}

function errorReply(id: number | string | null, code: number, message: string): Message {
  return { jsonrpc: '2.0', id, error: { code, message } } as Message;
}

export function replyVia(writer: MessageWriter): Reply {
  return (msg) => {
    writer.write(msg).catch(() => undefined);
  };
}
