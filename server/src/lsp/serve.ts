import net from 'node:net';
import { createConnection, IPCMessageReader, IPCMessageWriter, StreamMessageWriter, type Connection, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { configureLog, log } from '../util/log.js';
import { startServer } from './server.js';
import { FramedReader, LifecycleReader, replyVia } from './transport.js';

/**
 * Start the server on --stdio, --socket=PORT or --node-ipc. stdout belongs to the protocol: anything else
 * that tries to write there (a stray console.log in a dependency) is sent to stderr instead.
 */
export async function serve(argv: string[]): Promise<void> {
  configureLog(process.env.KIBITZ_LOG_LEVEL ?? 'info', process.env.KIBITZ_LOG_FILE ?? '');
  keepServingOnStrayErrors();
  let reader: MessageReader;
  let writer: MessageWriter;
  let input: NodeJS.ReadableStream;
  const socketArg = argv.find((a) => a.startsWith('--socket'));
  if (argv.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
    input = process.stdin;
    guardStdout();
  } else if (socketArg) {
    const port = Number(socketArg.split('=')[1] ?? argv[argv.indexOf(socketArg) + 1]);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--socket needs a port number, got ${socketArg}`);
    const socket = net.connect({ port, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    writer = new StreamMessageWriter(socket);
    reader = new FramedReader(socket, replyVia(writer));
    input = socket;
    guardStdout();
  } else {
    const realStdout = guardStdout();
    writer = new StreamMessageWriter(realStdout);
    reader = new FramedReader(process.stdin, replyVia(writer));
    input = process.stdin;
  }
  const lifecycle = new LifecycleReader(reader, replyVia(writer));
  const connection = createConnection(lifecycle, writer);
  lifecycle.onClose(() => {
    log().info('input closed; exiting');
    process.exit(lifecycle.phase === 'shutdown' ? 0 : 1);
  });
  reader.onError((err) => log().warn({ err }, 'transport error'));
  input.on('error', (err) => log().warn({ err }, 'input error'));
  startServer(connection);
}

/** Framed reader, lifecycle guard and connection over any pair of streams (stdio, a socket, or in-memory streams). */
export function connectStreams(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): { connection: Connection; lifecycle: LifecycleReader } {
  const writer = new StreamMessageWriter(output);
  const lifecycle = new LifecycleReader(new FramedReader(input, replyVia(writer)), replyVia(writer));
  return { connection: createConnection(lifecycle, writer), lifecycle };
}

/**
 * A bug that escapes a handler (a promise nobody awaited, an exception in a timer) is logged and the server keeps
 * serving: one bad message from a buggy client must never end the editor's session.
 */
export function keepServingOnStrayErrors(): void {
  process.on('unhandledRejection', (reason) => log().error({ err: reason }, 'unhandled promise rejection (kept serving)'));
  process.on('uncaughtException', (err) => log().error({ err }, 'uncaught exception (kept serving)'));
}

/**
 * Replace process.stdout.write with a redirect to stderr and return a stream whose write goes to the real
 * stdout, for the protocol writer only.
 */
function guardStdout(): NodeJS.WritableStream {
  const stdout = process.stdout;
  const realWrite = stdout.write.bind(stdout);
  const protocolStream = Object.create(stdout) as NodeJS.WriteStream;
  protocolStream.write = realWrite;
  stdout.write = (chunk: unknown, ...rest: unknown[]) => (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest);
  for (const m of ['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir'] as const) {
    console[m] = (...args: unknown[]) => log().warn({ args: args.map(String) }, `console.${m} redirected from stdout`);
  }
  return protocolStream;
}
