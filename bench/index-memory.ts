// The man index and the server: peak RSS and hover latency over the same hover run (every command and flag of a
// 300+ line script, twice) in three states: indexing off; the man index built beforehand and loaded by the hovers
// (Related); the man index built at startup while the hovers run. The build's child process is measured apart.
// Run: npx tsx bench/index-memory.ts [script]. Prints figures; asserts nothing.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Retrieval } from '../server/src/retrieval/service.js';
import { percentile } from '../server/src/util/stats.js';
import { hoverPositions } from './hover-positions.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CANDIDATES = ['/usr/bin/ssh-copy-id', '/usr/bin/dpkg-maintscript-helper', '/usr/bin/savelog', '/usr/bin/apt-key', '/usr/sbin/invoke-rc.d'];
const script = process.argv[2] ?? CANDIDATES.find((f) => existsSync(f) && readFileSync(f, 'utf8').split('\n').length >= 300);
if (!script) {
  console.log('no 300+ line shell script found; pass one: npx tsx bench/index-memory.ts /path/to/script.sh');
  process.exit(0);
}
const text = readFileSync(script, 'utf8');

function status(pid: number, field: string): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function run(label: string, env: Record<string, string>, opts: { untilIndexed?: boolean } = {}): Promise<void> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'server/bin/kibitz.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, KIBITZ_LOG_LEVEL: 'warn', ...env } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  let ended = 0;
  conn.onRequest(() => null);
  conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end') ended++;
  });
  conn.onNotification(() => undefined);
  conn.listen();
  let childPeak = 0;
  const poll = setInterval(() => {
    for (const c of children(proc.pid!)) childPeak = Math.max(childPeak, status(c, 'VmRSS'));
  }, 100);
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    workspaceFolders: null,
  });
  await conn.sendNotification('initialized', {});
  const uri = 'file://' + script;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'shellscript', version: 1, text } });
  const pos = hoverPositions(text.split('\n'));
  const lat: number[] = [];
  let related = 0;
  // during a build: keep hovering until the index is done (at least two rounds, at most 5 minutes)
  const t0 = performance.now();
  for (let round = 0; round < 2 || (opts.untilIndexed && ended < 1 && performance.now() - t0 < 300_000); round++) {
    for (const p of pos) {
      const t = performance.now();
      const h = await conn.sendRequest<{ contents?: { value?: string } } | null>('textDocument/hover', { textDocument: { uri }, position: p });
      lat.push(performance.now() - t);
      if (h?.contents?.value?.includes('**Related**')) related++;
    }
  }
  clearInterval(poll);
  const peak = status(proc.pid!, 'VmHWM');
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  conn.dispose();
  proc.kill();
  const p = (q: number) => percentile(lat, q)!.toFixed(1);
  const took = opts.untilIndexed ? ` (${ended ? 'index built' : 'index NOT built'} after ${((performance.now() - t0) / 1000).toFixed(0)} s)` : '';
  console.log(
    `${label.padEnd(40)}${took} ${lat.length} hovers: p50 ${p(50)} ms, p99 ${p(99)} ms, max ${lat.reduce((a, b) => Math.max(a, b), 0).toFixed(0)} ms | with Related ${related} | server peak RSS ${peak.toFixed(0)} MB${childPeak ? ` | indexing process peak RSS ${childPeak.toFixed(0)} MB` : ''}`,
  );
}

console.log(`script: ${script}, node ${process.version}`);
const off = { KIBITZ_INDEX_ON_START: '0', KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-bench-off-')) };
await run('indexing off', off);
const built = mkdtempSync(path.join(tmpdir(), 'kibitz-bench-built-'));
const t0 = performance.now();
const rep = await new Retrieval({ cacheDir: built }).build('man');
console.log(`(man index built beforehand: ${rep.items} pages in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
await run('man index loaded (built beforehand)', { KIBITZ_INDEX_ON_START: '1', KIBITZ_CACHE_DIR: built });
await run('man index building at startup', { KIBITZ_INDEX_ON_START: '1', KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-bench-fresh-')) }, { untilIndexed: true });
