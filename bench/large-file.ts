// A 5 MB shell file: time of the first hover on it, and how long other requests wait meanwhile (a hover on a small
// file every 10 ms; its worst latency is the longest the server was unavailable). Figures only.
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { spawn } from 'node:child_process';
import { BIN, serverEnv } from '../test/support/lsp-client.js';
import { percentile } from '../server/src/util/stats.js';

const proc = spawn(process.execPath, [BIN, '--stdio'], { env: serverEnv({ KIBITZ_LOG_LEVEL: 'silent' }) });
const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
conn.listen();
await conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
await conn.sendNotification('initialized', {});
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///w/small.sh', languageId: 'shellscript', version: 1, text: 'tar -xzf a.tgz\n' } });
await conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///w/small.sh' }, position: { line: 0, character: 1 } });

const line = 'echo "hello world" | grep -v x > /dev/null && tar -czf out.tgz dir/\n';
const big = '#!/bin/sh\n' + line.repeat(Math.ceil(5_000_000 / line.length));
let done = false;
const small: number[] = [];
const pinger = (async () => {
  while (!done) {
    const t = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///w/small.sh' }, position: { line: 0, character: 1 } });
    small.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
})();
const t0 = performance.now();
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///w/big.sh', languageId: 'shellscript', version: 1, text: big } });
const h = await conn.sendRequest<{ contents?: { value: string } } | null>('textDocument/hover', { textDocument: { uri: 'file:///w/big.sh' }, position: { line: 40_000, character: 22 } });
const first = performance.now() - t0;
const t1 = performance.now();
await conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///w/big.sh' }, position: { line: 60_000, character: 50 } });
const second = performance.now() - t1;
await new Promise((r) => setTimeout(r, 300));
done = true;
await pinger;
console.log(`large file: ${(big.length / 1e6).toFixed(1)} MB, ${big.split('\n').length} lines`);
console.log(`  first hover (open + hover): ${first.toFixed(0)} ms (${h?.contents?.value.includes('grep') ? 'explains grep' : 'no answer'}); a second hover elsewhere: ${second.toFixed(0)} ms`);
console.log(`  hovers on a small file meanwhile: ${small.length}, p50 ${percentile(small, 50)!.toFixed(1)} ms, p99 ${percentile(small, 99)!.toFixed(1)} ms, max ${Math.max(...small).toFixed(1)} ms`);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
