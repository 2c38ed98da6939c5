// Runs store operations in a child process, so a crash (or a kill) in hnswlib cannot take the test runner down.
// usage: node store-child.mjs <op> <dir> [args...]; prints one JSON line.
import { ExactIndex } from '../../server/out/retrieval/ann.js';
import { HashingEmbedder } from '../../server/out/retrieval/embedder.js';
import { VectorStore } from '../../server/out/retrieval/store.js';

const [op, dir, arg] = process.argv.slice(2);
const dim = Number(process.env.DIM ?? 256);
const embedder = new HashingEmbedder(dim);
const items = (n, tag = '') => Array.from({ length: n }, (_, i) => ({ id: `doc${i}`, text: `document ${i} about topic ${i % 17} ${tag} word${i % 5}` }));

if (op === 'build') {
  const s = await VectorStore.open(dir, 'corpus', embedder);
  await s.upsert(items(Number(arg ?? 200)), { prune: true });
  await s.save();
  console.log(JSON.stringify({ size: s.size, kind: s.kind }));
} else if (op === 'open') {
  const s = await VectorStore.open(dir, 'corpus', embedder);
  const hits = await s.search('document 7 about topic 7', 3);
  console.log(JSON.stringify({ size: s.size, kind: s.kind, reason: s.rebuildReason, warning: s.fallbackWarning, top: hits[0]?.id ?? null }));
} else if (op === 'save-forever') {
  // keeps saving ever-changing content until killed
  const s = await VectorStore.open(dir, 'corpus', embedder);
  console.log(JSON.stringify({ ready: true }));
  for (let round = 0; ; round++) {
    await s.upsert(items(3000, `round${round}`), { prune: true });
    await s.save();
  }
} else if (op === 'exact-sanity') {
  const e = new ExactIndex(2);
  e.add(Float32Array.from([1, 0]), 1);
  console.log(JSON.stringify(e.search(Float32Array.from([1, 0]), 1)));
}
