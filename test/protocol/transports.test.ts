import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { BIN } from '../support/lsp-client.js';

const initParams = { processId: null, rootUri: null, capabilities: {} };

describe('transports', () => {
  it('--socket=PORT connects to the client and serves over TCP', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
    const proc = spawn(process.execPath, [BIN, `--socket=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    proc.stdout.on('data', (d) => (stdout += d));
    const sock = await accepted;
    const conn = createMessageConnection(new StreamMessageReader(sock), new StreamMessageWriter(sock));
    conn.listen();
    const res: any = await conn.sendRequest('initialize', initParams);
    expect(res.serverInfo.name).toBe('kibitz');
    await conn.sendRequest('shutdown');
    const exited = new Promise((r) => proc.on('exit', r));
    await conn.sendNotification('exit');
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
    conn.dispose();
    server.close();
  });

  it('--node-ipc serves over the IPC channel', async () => {
    const proc = spawn(process.execPath, [BIN, '--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    conn.listen();
    const res: any = await conn.sendRequest('initialize', initParams);
    expect(res.capabilities.hoverProvider).toBe(true);
    await conn.sendRequest('shutdown');
    const exited = new Promise((r) => proc.on('exit', r));
    await conn.sendNotification('exit');
    expect(await exited).toBe(0);
    conn.dispose();
  });
});
