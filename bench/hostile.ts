// Hostile-input run against the real server process: thousands of malformed or hostile JSON-RPC messages over
// stdio, a ping (a hover on a good document) after every batch. Prints frames sent, crashes (the process ended),
// hangs (the ping got no answer within 5 s), and RSS before/after. Figures only, no pass/fail.
//   npx tsx bench/hostile.ts [--count N] [--batch N] [--seed N]
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GitFixture } from '../test/support/git-fixtures.js';
import { BIN, serverEnv } from '../test/support/lsp-client.js';
import { frame, hostileMessages, manyDocuments, PING_DOC, type Message } from '../test/support/hostile.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '2000' }, batch: { type: 'string', default: '20' }, seed: { type: 'string', default: '13' } } });
const count = Number(values.count);
const batch = Number(values.batch);

interface Proc {
  p: ChildProcessWithoutNullStreams;
  alive: boolean;
  answers: Map<number | string, unknown>;
}

function start(): Proc {
  const p = spawn(process.execPath, [BIN, '--stdio'], { env: serverEnv({ KIBITZ_LOG_LEVEL: 'silent' }), stdio: 'pipe' });
  const proc: Proc = { p, alive: true, answers: new Map() };
  let buf = Buffer.alloc(0);
  p.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) break;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())?.[1] ?? 0);
      if (buf.length < h + 4 + len) break;
      try {
        const m = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString()) as { id?: number | string };
        if (m.id !== undefined && m.id !== null) proc.answers.set(m.id, m);
      } catch {
        // not ours to judge here
      }
      buf = buf.subarray(h + 4 + len);
    }
  });
  p.stderr.resume();
  p.on('exit', () => (proc.alive = false));
  p.stdin.on('error', () => undefined);
  return proc;
}

function send(proc: Proc, m: Message | string): void {
  if (proc.alive) proc.p.stdin.write(frame(m));
}

async function ask(proc: Proc, id: string, m: Message, ms = 5000): Promise<boolean> {
  send(proc, { ...m, id });
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (proc.answers.has(id)) return true;
    if (!proc.alive) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

function rssMb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return NaN;
  }
}

async function ready(): Promise<Proc> {
  const proc = start();
  await ask(proc, 'init', { jsonrpc: '2.0', method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  send(proc, { jsonrpc: '2.0', method: 'initialized', params: {} });
  send(proc, { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: PING_DOC } });
  return proc;
}

// a real repository, so commit and PR buffers reach git
const repo = new GitFixture('hostile');
repo.commit('feat: first', { 'a.sh': 'echo hi\n' });
repo.stage({ 'b.sh': 'rm -rf /tmp/x\n' });
repo.write('.git/COMMIT_EDITMSG', '\n# comment\n');
const repoUris = ['.git/COMMIT_EDITMSG', 'a.sh', 'PULLREQ_EDITMSG', '.git/MERGE_MSG'].map((f) => pathToFileURL(path.join(repo.root, f)).href);
const messages = [...hostileMessages(Number(values.seed), count, 1000, repoUris), ...manyDocuments(10_000)];
let proc = await ready();
const ping = (n: number) => ask(proc, `ping-${n}`, { jsonrpc: '2.0', method: 'textDocument/hover', params: { textDocument: { uri: PING_DOC.uri }, position: { line: 1, character: 1 } } });
await ping(0);
const rssBefore = rssMb(proc.p.pid);
let crashes = 0;
let hangs = 0;
const crashKinds = new Map<string, number>();
const t0 = Date.now();
for (let i = 0; i < messages.length; i += batch) {
  const slice = messages.slice(i, i + batch);
  for (const m of slice) send(proc, m);
  const ok = await ping(i + 1);
  if (ok) continue;
  const kind = slice
    .map((m) => String(m.method ?? 'response'))
    .join(',')
    .slice(0, 80);
  if (!proc.alive) {
    crashes++;
    crashKinds.set(kind, (crashKinds.get(kind) ?? 0) + 1);
  } else {
    hangs++;
    proc.p.kill();
  }
  proc = await ready();
}
const rssAfter = rssMb(proc.p.pid);
console.log(`hostile run: ${messages.length} frames (${count} hostile + 10,000 documents) in batches of ${batch}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`  crashes (process ended): ${crashes}`);
console.log(`  hangs (no answer to a ping within 5 s): ${hangs}`);
console.log(`  RSS before ${rssBefore.toFixed(0)} MB, after ${rssAfter.toFixed(0)} MB`);
for (const [k, n] of crashKinds) console.log(`  crashed in a batch of: ${k} (${n})`);
proc.p.kill();
