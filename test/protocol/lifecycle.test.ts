import { describe, expect, it } from 'vitest';
import { LspClient, spawnServer } from '../support/lsp-client.js';

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Read framed JSON messages from the server's stdout. */
function collect(stdout: NodeJS.ReadableStream): { messages: any[]; raw: () => string; next: (n: number) => Promise<any[]> } {
  let raw = '';
  const messages: any[] = [];
  let buf = Buffer.alloc(0);
  stdout.on('data', (d: Buffer) => {
    raw += d.toString();
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) break;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())![1]);
      if (buf.length < h + 4 + len) break;
      messages.push(JSON.parse(buf.subarray(h + 4, h + 4 + len).toString()));
      buf = buf.subarray(h + 4 + len);
    }
  });
  const next = async (n: number) => {
    for (let i = 0; i < 200 && messages.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    return messages;
  };
  return { messages, raw: () => raw, next };
}

describe('lifecycle', () => {
  it('requests before initialize get -32002; after shutdown -32600; exit after shutdown is 0', async () => {
    const s = spawnServer();
    const out = collect(s.proc.stdout);
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} })));
    let msgs = await out.next(1);
    expect(msgs[0]).toMatchObject({ id: 1, error: { code: -32002 } });
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })));
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'initialized', params: {} })));
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'shutdown' })));
    msgs = await out.next(3);
    expect(msgs[1]).toMatchObject({ id: 2, result: { serverInfo: { name: 'kibitz' } } });
    expect(msgs[2]).toMatchObject({ id: 3, result: null });
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'textDocument/hover', params: {} })));
    msgs = await out.next(4);
    expect(msgs[3]).toMatchObject({ id: 4, error: { code: -32600 } });
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
    expect(await s.exited).toBe(0);
  });

  it('exit without shutdown exits with 1', async () => {
    const c = new LspClient();
    await c.initialize();
    await c.conn.sendNotification('exit');
    expect(await c.server.exited).toBe(1);
  });

  it('stdin EOF ends the process', async () => {
    const c = new LspClient();
    await c.initialize();
    c.server.proc.stdin.end();
    expect(await c.server.exited).toBe(1);
  });

  it('a stretch of malformed frames gets one -32700 and the server keeps serving', async () => {
    const s = spawnServer();
    const out = collect(s.proc.stdout);
    s.proc.stdin.write(frame('{"jsonrpc": "2.0", "id": 1, "method": '));
    s.proc.stdin.write('Content-Type: nonsense\r\n\r\n');
    s.proc.stdin.write(frame('[1, 2]'));
    s.proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })));
    const msgs = await out.next(3);
    expect(msgs[0]).toMatchObject({ id: null, error: { code: -32700 } });
    expect(msgs[1]).toMatchObject({ error: { code: -32600 } });
    expect(msgs[2]).toMatchObject({ id: 7, result: { capabilities: { hoverProvider: true } } });
    s.proc.kill();
  });

  it('negotiates utf-8 positions when the client offers them', async () => {
    const c = new LspClient();
    const init = await c.initialize({ capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] } } });
    expect(init.capabilities.positionEncoding).toBe('utf-8');
    const text = 'echo "héllo→" && tar -x\n';
    await c.open('file:///w/u.sh', 'shellscript', text);
    const utf8Col = Buffer.byteLength(text.slice(0, text.indexOf('tar')));
    const h = await c.hover('file:///w/u.sh', 0, utf8Col + 1);
    expect(h.contents.value).toContain('**`tar`**');
    expect(h.range.start.character).toBe(utf8Col);
    c.kill();
  });

  it('honours $/cancelRequest', async () => {
    const c = new LspClient();
    await c.initialize();
    const text = 'tar -x\n'.repeat(2000);
    await c.open('file:///w/big.sh', 'shellscript', text);
    const { CancellationTokenSource } = await import('vscode-jsonrpc/node');
    const src = new CancellationTokenSource();
    const p = c.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///w/big.sh' }, position: { line: 1500, character: 1 } }, src.token);
    src.cancel();
    await expect(p).rejects.toMatchObject({ code: -32800 });
    // and it still answers afterwards
    const h = await c.hover('file:///w/big.sh', 3, 1);
    expect(h).not.toBeNull();
    c.kill();
  });

  it('bad settings produce a window/showMessage warning and keep the last good value', async () => {
    const c = new LspClient();
    await c.initialize({ initializationOptions: { logLevel: 'shouty', hover: { enable: true } } });
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { kibitz: { hover: { enable: 'nope' } } } });
    for (let i = 0; i < 100 && c.notifications.filter((n) => n.method === 'window/showMessage').length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    const msgs = c.notifications.filter((n) => n.method === 'window/showMessage').map((n) => (n.params as any).message);
    expect(msgs[0]).toContain('kibitz.logLevel');
    expect(msgs[1]).toContain('kibitz.hover.enable');
    await c.open('file:///w/s.sh', 'shellscript', 'tar -x\n');
    expect(await c.hover('file:///w/s.sh', 0, 1)).not.toBeNull();
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { kibitz: { hover: { enable: false } } } });
    await new Promise((r) => setTimeout(r, 100));
    expect(await c.hover('file:///w/s.sh', 0, 1)).toBeNull();
    c.kill();
  });

  it('registers for didChangeConfiguration only with clients that allow dynamic registration of it', async () => {
    const sessions: [Record<string, unknown>, string[]][] = [
      [{ workspace: { configuration: true } }, []], // Eglot 1.9: warns about any registration it cannot take
      [{ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } }, ['workspace/didChangeConfiguration']],
    ];
    for (const [capabilities, expected] of sessions) {
      const c = new LspClient();
      await c.initialize({ capabilities });
      await c.open('file:///w/s.sh', 'shellscript', 'tar -x\n');
      await c.hover('file:///w/s.sh', 0, 1); // a round trip after initialized: any registration was sent before it
      expect(c.registrations).toEqual(expected);
      c.kill();
    }
  });

  it('nothing but protocol frames ever reaches stdout, even with debug logging and console writes', async () => {
    const c = new LspClient(['--stdio'], { KIBITZ_LOG_LEVEL: 'trace' });
    await c.initialize();
    await c.open('file:///w/x.sh', 'shellscript', 'tar -xzvf a | grep b\n');
    await c.hover('file:///w/x.sh', 0, 5);
    expect(await c.shutdown()).toBe(0);
    const raw = c.stdoutRaw;
    let rest = raw;
    while (rest.length) {
      const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
      expect(m, `unexpected stdout bytes: ${JSON.stringify(rest.slice(0, 80))}`).not.toBeNull();
      const bodyStart = m![0].length;
      const len = Number(m![1]);
      JSON.parse(Buffer.from(rest.slice(bodyStart)).subarray(0, len).toString());
      rest = Buffer.from(rest.slice(bodyStart)).subarray(len).toString();
    }
    expect(c.server.stderr()).toContain('"msg":"initialize"');
  });
});
