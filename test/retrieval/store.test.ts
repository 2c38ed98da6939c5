import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, ExactIndex, HnswIndex, hnswLibrary } from '../../server/src/retrieval/ann.js';
import { HashingEmbedder, type Embedder } from '../../server/src/retrieval/embedder.js';
import { VectorStore } from '../../server/src/retrieval/store.js';
import { ROOT } from '../support/lsp-client.js';
import { clustered, unit } from '../support/synthetic.js';

const CHILD = path.join(ROOT, 'test/support/store-child.mjs');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'kibitz-store-'));
const child = (op: string, dir: string, arg = '', env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CHILD, op, dir, arg], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
};

describe('ANN index', () => {
  it('recall@10 against exact search on a clustered synthetic set is at least 0.95', () => {
    const lib = hnswLibrary();
    expect(lib).not.toBeNull();
    const dim = 64;
    const { data, queries } = clustered({ n: 10_000, queries: 200, dim, clusters: 100 });
    const hnsw = new HnswIndex(dim, DEFAULT_PARAMS, 1000, lib!);
    const exact = new ExactIndex(dim);
    data.forEach((v, i) => {
      hnsw.add(v, i);
      exact.add(v, i);
    });
    expect(hnsw.capacity()).toBeGreaterThanOrEqual(10_000); // grew from 1000 with resizeIndex
    let hit = 0;
    for (const q of queries) {
      const truth = new Set(exact.search(q, 10).map((h) => h.label));
      hit += hnsw.search(q, 10).filter((h) => truth.has(h.label)).length;
    }
    const recall = hit / (queries.length * 10);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('exact search returns the best k in order', () => {
    const e = new ExactIndex(2);
    e.add(Float32Array.from([1, 0]), 1);
    e.add(Float32Array.from([0, 1]), 2);
    e.add(unit(Float32Array.from([1, 1])), 3);
    expect(e.search(Float32Array.from([1, 0]), 2).map((h) => h.label)).toEqual([1, 3]);
  });
});

describe('vector store', () => {
  const embedder = new HashingEmbedder(256);
  const docs = (n: number, tag = '') => Array.from({ length: n }, (_, i) => ({ id: `doc${i}`, text: `document ${i} about topic ${i % 17} ${tag} word${i % 5}`, meta: { n: i } }));

  it('round-trips through disk: same results, checksums in the manifest, ef restored', async () => {
    const dir = tmp();
    const a = await VectorStore.open(dir, 'corpus', embedder);
    expect(await a.upsert(docs(300), { prune: true })).toEqual({ added: 300, updated: 0, removed: 0, unchanged: 0 });
    const before = await a.search('document 42 about topic 8', 5);
    const m = await a.save();
    expect(m).toMatchObject({ format: 1, kind: 'hnsw', dim: 256, count: 300, params: { m: 16, efConstruction: 200, ef: 64 } });
    expect(m.index.sha256).toMatch(/^[0-9a-f]{64}$/);
    const b = await VectorStore.open(dir, 'corpus', embedder);
    expect(b.rebuildReason).toBe('');
    expect(b.size).toBe(300);
    expect(await b.search('document 42 about topic 8', 5)).toEqual(before);
    expect(before[0]!.id).toBe('doc42');
    expect(before[0]!.meta).toEqual({ n: 42 });
  });

  it('updates incrementally by content hash, deletes what is gone, and only keeps the newest generation', async () => {
    const dir = tmp();
    const s = await VectorStore.open(dir, 'corpus', embedder);
    await s.upsert(docs(100), { prune: true });
    await s.save();
    const changed = docs(90).map((d, i) => (i === 5 ? { ...d, text: 'a completely new text about rsync mirroring' } : d));
    expect(await s.upsert(changed, { prune: true })).toEqual({ added: 0, updated: 1, removed: 10, unchanged: 89 });
    await s.save();
    expect((await s.search('rsync mirroring', 1))[0]!.id).toBe('doc5');
    expect((await s.search('document 95 about topic 10', 10)).map((h) => h.id)).not.toContain('doc95');
    expect(readdirSync(dir).filter((f) => f.includes('.g1.'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes('.g2.'))).toHaveLength(2);
    const again = await VectorStore.open(dir, 'corpus', embedder);
    expect(again.size).toBe(90);
  });

  it('a different embedder means a rebuild', async () => {
    const dir = tmp();
    const s = await VectorStore.open(dir, 'corpus', embedder);
    await s.upsert(docs(20));
    await s.save();
    const other: Embedder = new HashingEmbedder(256, new Float32Array(256).fill(2));
    const t = await VectorStore.open(dir, 'corpus', other);
    expect(t.size).toBe(0);
    expect(t.rebuildReason).toMatch(/built by embedder hash-ngrams-v2\/dim=256\/idf=none/);
  });
});

describe('bad files are detected before hnswlib reads them (child process)', () => {
  const prepare = () => {
    const dir = tmp();
    child('build', dir, '200');
    const m = JSON.parse(readFileSync(path.join(dir, 'corpus.manifest.json'), 'utf8'));
    return { dir, index: path.join(dir, m.index.name), manifest: path.join(dir, 'corpus.manifest.json') };
  };

  it('a healthy index loads', () => {
    const { dir } = prepare();
    expect(child('open', dir)).toMatchObject({ size: 200, reason: '', top: 'doc7' });
  });

  it('a corrupt index file is rebuilt, not loaded', () => {
    const { dir, index } = prepare();
    const buf = readFileSync(index);
    for (let i = 0; i < buf.length; i += 97) buf[i] = 0xff;
    writeFileSync(index, buf);
    expect(child('open', dir)).toMatchObject({ size: 0, reason: expect.stringContaining('checksum') });
  });

  it('a truncated index file is rebuilt', () => {
    const { dir, index } = prepare();
    truncateSync(index, 100);
    expect(child('open', dir)).toMatchObject({ size: 0, reason: expect.stringContaining('truncated') });
  });

  it('a wrong-dimension index is rebuilt', () => {
    const { dir } = prepare();
    expect(child('open', dir, '', { DIM: '128' })).toMatchObject({ size: 0, reason: expect.stringMatching(/embedder|dimension/) });
  });

  it('a garbage manifest is rebuilt', () => {
    const { dir, manifest } = prepare();
    writeFileSync(manifest, '{"format": 1, "kind": ');
    expect(child('open', dir)).toMatchObject({ size: 0, reason: expect.stringContaining('manifest is unreadable') });
  });

  it('a kill during save leaves the previous index loadable', async () => {
    const dir = tmp();
    child('build', dir, '200');
    for (const delay of [40, 90, 160, 260, 400]) {
      const p = spawn(process.execPath, [CHILD, 'save-forever', dir]);
      await new Promise<void>((resolve) => p.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, delay));
      p.kill('SIGKILL');
      await new Promise((r) => p.once('exit', r));
      const r = child('open', dir);
      expect(r.reason).toBe('');
      expect([200, 3000]).toContain(r.size);
    }
  });

  it('without hnswlib-node it falls back to exact search with a warning', () => {
    const dir = tmp();
    expect(child('build', dir, '50', { KIBITZ_NO_HNSW: '1' })).toEqual({ size: 50, kind: 'exact' });
    expect(child('open', dir, '', { KIBITZ_NO_HNSW: '1' })).toMatchObject({ size: 50, kind: 'exact', top: 'doc7', warning: expect.stringContaining('exact search') });
    // an hnsw index on disk is not fed to the exact path, and vice versa
    expect(child('open', dir)).toMatchObject({ size: 0, reason: expect.stringContaining('exact index') });
  });
});
