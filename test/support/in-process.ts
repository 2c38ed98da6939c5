import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { connectStreams } from '../../server/src/lsp/serve.js';
import { startServer } from '../../server/src/lsp/server.js';
import { cleanEnv, ROOT } from './lsp-client.js';

/**
 * The server and a client in one process, joined by in-memory streams with the same Content-Length framing as
 * stdio: no child process, so a protocol test starts in milliseconds. `raw` writes bytes straight onto the
 * server's input (for framing tests); `rawOut` is everything the server wrote.
 */
export class InProcessClient {
  readonly conn: MessageConnection;
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly registrations: string[] = [];
  private readonly toServer = new PassThrough();
  private readonly fromServer = new PassThrough();
  rawOut = '';
  workspaceSettings: unknown = null;

  constructor() {
    const { connection } = connectStreams(this.toServer, this.fromServer);
    startServer(connection);
    this.fromServer.on('data', (d: Buffer) => (this.rawOut += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.fromServer), new StreamMessageWriter(this.toServer));
    this.conn.onNotification((method, params) => {
      this.notifications.push({ method, params });
    });
    this.conn.onNotification('$/progress', (params: unknown) => {
      this.notifications.push({ method: '$/progress', params });
    });
    this.conn.onRequest('workspace/configuration', () => [this.workspaceSettings]);
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.registrations.push(...p.registrations.map((r) => r.method));
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  /** Bytes written to the server as they are, bypassing the client's framing. */
  raw(bytes: string | Buffer): void {
    this.toServer.write(bytes);
  }

  async initialize(opts: { initializationOptions?: unknown; capabilities?: Record<string, unknown>; rootUri?: string } = {}): Promise<any> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.rootUri ?? null,
      capabilities: opts.capabilities ?? { textDocument: { hover: { contentFormat: ['markdown'] } } },
      initializationOptions: opts.initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  hover(uri: string, line: number, character: number): Promise<any> {
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  dispose(): void {
    this.conn.dispose();
    this.toServer.end();
  }
}

/**
 * The environment an in-process server reads (it shares this process's): no model settings of the developer,
 * background indexing off, a shared page cache, private state. Call once per test file, before starting servers.
 */
export function inProcessEnv(extra: Record<string, string> = {}): void {
  const env = {
    ...cleanEnv(),
    KIBITZ_LOG_LEVEL: 'silent',
    KIBITZ_CACHE_DIR: path.join(ROOT, '.cache/test'),
    KIBITZ_INDEX_ON_START: '0',
    KIBITZ_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-state-')),
    ...extra,
  };
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
}
