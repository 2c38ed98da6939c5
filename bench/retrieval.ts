// Retrieval figures: man-page index build (time, throughput, size on disk, RSS), query latency on it, and
// recall@10 of HNSW against exact search on clustered synthetic sets of 10k and 100k vectors.
// Run: npx tsx bench/retrieval.ts [--skip-100k]. Prints figures; asserts nothing.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PARAMS, ExactIndex, HnswIndex, hnswLibrary } from '../server/src/retrieval/ann.js';
import { Retrieval } from '../server/src/retrieval/service.js';
import { percentile } from '../server/src/util/stats.js';
import { clustered } from '../test/support/synthetic.js';

const pct = (xs: number[], p: number) => percentile(xs, p)!;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const cacheDir = mkdtempSync(path.join(tmpdir(), 'kibitz-bench-index-'));
const r = new Retrieval({ cacheDir });
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const t0 = performance.now();
const rep = await r.build('man');
const secs = (performance.now() - t0) / 1000;
clearInterval(timer);
const dir = r.dir('man');
const size = readdirSync(dir).reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
console.log(
  `man index: ${rep.items} pages (sections 1 and 8) in ${secs.toFixed(1)} s = ${(rep.items / secs).toFixed(0)} pages/s; ${rep.kind}, ${rep.embedder}; ${mb(size)} on disk; peak RSS ${mb(peak)}`,
);

const store = (await r.open('man'))!;
const queries = [
  'compress a directory into an archive',
  'copy files to a remote host',
  'find text in files',
  'list open network ports',
  'change file owner',
  'show disk usage',
  'delete a user account',
  'kill a process by name',
  'download a file from a url',
  'count lines in a file',
];
const lat: number[] = [];
for (let i = 0; i < 2000; i++) {
  const t = performance.now();
  await store.search(queries[i % queries.length]! + (i >= queries.length ? ` ${i}` : ''), 10);
  lat.push(performance.now() - t);
}
console.log(`man index query (embed + search, k=10): p50 ${pct(lat, 50).toFixed(2)} ms, p99 ${pct(lat, 99).toFixed(2)} ms (n=${lat.length})`);

const sizes = process.argv.includes('--skip-100k') ? [10_000] : [10_000, 100_000];
// noise 1: clusters about as wide as their centres are long; noise 3: clusters overlap (a harder set)
for (const [dim, noise] of [
  [256, 1],
  [256, 3],
  [1024, 1],
] as const) {
  for (const n of sizes) {
    if ((dim === 1024 || noise === 3) && n === 100_000) continue; // 100k is reported once, at 256 dimensions
    const { data, queries } = clustered({ n, queries: 500, dim, clusters: Math.max(100, n / 100), noise, seed: 42, stride: 7919 });
    const hnsw = new HnswIndex(dim, DEFAULT_PARAMS, n, hnswLibrary()!);
    const exact = new ExactIndex(dim);
    const tb = performance.now();
    data.forEach((v, i) => hnsw.add(v, i));
    const build = (performance.now() - tb) / 1000;
    data.forEach((v, i) => exact.add(v, i));
    let hit = 0;
    const ql: number[] = [];
    for (const q of queries) {
      const truth = new Set(exact.search(q, 10).map((h) => h.label));
      const t = performance.now();
      const got = hnsw.search(q, 10);
      ql.push(performance.now() - t);
      hit += got.filter((h) => truth.has(h.label)).length;
    }
    console.log(
      `synthetic ${n / 1000}k x ${dim}d, noise ${noise} (M 16, efConstruction 200, ef 64): build ${build.toFixed(1)} s, recall@10 ${(hit / (queries.length * 10)).toFixed(3)}, query p50 ${pct(ql, 50).toFixed(3)} ms, p99 ${pct(ql, 99).toFixed(3)} ms`,
    );
  }
}
