import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'server/bin/kibitz.js');

export interface Spawned {
  proc: ChildProcessWithoutNullStreams;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * The environment a test starts the server with: no model settings of the developer, background indexing off
 * unless a test turns it on (it would scan the machine's man pages), a shared page cache, private state.
 */
export function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    KIBITZ_LOG_LEVEL: 'debug',
    KIBITZ_CACHE_DIR: path.join(ROOT, '.cache/test'),
    KIBITZ_INDEX_ON_START: '0',
    KIBITZ_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-state-')),
    ...extra,
  };
}

export function spawnServer(args: string[] = ['--stdio'], env: Record<string, string> = {}): Spawned {
  const proc = spawn(process.execPath, [BIN, ...args], { env: serverEnv(env), stdio: 'pipe' });
  let err = '';
  proc.stderr.on('data', (d) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, stderr: () => err, exited };
}

/** The test runner's environment without model settings, so a developer's own key or endpoint never leaks in. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(KIBITZ_(MODEL|BASE_URL|API_KEY|EMBEDDING_MODEL)|OPENAI_)/.test(k)) delete env[k];
  return env;
}

/** An LSP test client over the spawned server's stdio, speaking vscode-jsonrpc. */
export class LspClient {
  readonly conn: MessageConnection;
  readonly server: Spawned;
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Methods the server registered dynamically (client/registerCapability). */
  readonly registrations: string[] = [];
  /** Everything the server wrote to stdout, raw (to prove nothing but frames reach it). */
  stdoutRaw = '';

  constructor(args: string[] = ['--stdio'], env: Record<string, string> = {}) {
    this.server = spawnServer(args, env);
    this.server.proc.stdout.on('data', (d) => (this.stdoutRaw += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.server.proc.stdout), new StreamMessageWriter(this.server.proc.stdin));
    this.conn.onNotification((method, params) => {
      this.notifications.push({ method, params });
    });
    // vscode-jsonrpc keeps $/progress for its own handler: record it explicitly
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

  workspaceSettings: unknown = null;

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

  async shutdown(): Promise<number | null> {
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    return this.server.exited;
  }

  kill(): void {
    this.conn.dispose();
    this.server.proc.kill();
  }
}

/** Position (line, character in UTF-16) of the first occurrence of `needle` (plus `delta` characters) in text. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let idx = -1;
  for (let k = 0; k <= nth; k++) {
    idx = text.indexOf(needle, idx + 1);
    if (idx < 0) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, idx + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** Run the CLI without blocking this process (a fake endpoint in this process must keep answering). */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
