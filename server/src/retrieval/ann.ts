import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';

/** Nearest-neighbour index by cosine similarity over labelled unit vectors. */
export interface AnnIndex {
  readonly kind: 'hnsw' | 'exact';
  readonly dim: number;
  add(vec: Float32Array, label: number): void;
  remove(label: number): void;
  /** Best first; score = cosine similarity. */
  search(vec: Float32Array, k: number): { label: number; score: number }[];
  capacity(): number;
  resize(capacity: number): void;
  setEf(ef: number): void;
  write(file: string): Promise<void>;
  read(file: string): Promise<void>;
}

export interface AnnParams {
  m: number;
  efConstruction: number;
  ef: number;
}

export const DEFAULT_PARAMS: AnnParams = { m: 16, efConstruction: 200, ef: 64 };

type Hnsw = typeof import('hnswlib-node');
let lib: Hnsw | null | undefined;
let loadError = '';

/** hnswlib-node, or null when it cannot be loaded (not built, wrong platform, or KIBITZ_NO_HNSW=1). */
export function hnswLibrary(): Hnsw | null {
  if (lib !== undefined) return lib;
  if (process.env.KIBITZ_NO_HNSW === '1') {
    loadError = 'disabled by KIBITZ_NO_HNSW=1';
    return (lib = null);
  }
  try {
    lib = createRequire(import.meta.url)('hnswlib-node') as Hnsw;
  } catch (err) {
    loadError = (err as Error).message.split('\n')[0]!;
    lib = null;
  }
  return lib;
}

export function hnswLoadError(): string {
  return loadError;
}

/** hnswlib's HNSW graph (cosine space). */
export class HnswIndex implements AnnIndex {
  readonly kind = 'hnsw' as const;
  private readonly index: InstanceType<Hnsw['HierarchicalNSW']>;

  constructor(
    readonly dim: number,
    private readonly params: AnnParams,
    capacity: number,
    library: Hnsw,
  ) {
    this.index = new library.HierarchicalNSW('cosine', dim);
    if (capacity > 0) {
      this.index.initIndex({ maxElements: capacity, m: params.m, efConstruction: params.efConstruction, randomSeed: 100 });
      this.index.setEf(params.ef);
    }
  }

  add(vec: Float32Array, label: number): void {
    if (this.index.getCurrentCount() >= this.index.getMaxElements()) this.resize(Math.max(16, this.index.getMaxElements() * 2));
    this.index.addPoint(Array.from(vec), label);
  }

  remove(label: number): void {
    try {
      this.index.markDelete(label);
    } catch {
      // already deleted or never added
    }
  }

  search(vec: Float32Array, k: number): { label: number; score: number }[] {
    const n = Math.min(k, this.index.getCurrentCount());
    if (n <= 0) return [];
    const r = this.index.searchKnn(Array.from(vec), n);
    return r.neighbors.map((label, i) => ({ label, score: 1 - r.distances[i]! }));
  }

  capacity(): number {
    return this.index.getMaxElements();
  }

  resize(capacity: number): void {
    this.index.resizeIndex(capacity);
  }

  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  async write(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }

  async read(file: string): Promise<void> {
    await this.index.readIndex(file, false);
    // hnswlib does not save ef
    this.index.setEf(this.params.ef);
  }
}

/** Exact search: the fallback when hnswlib-node is not available, and the reference for recall. */
export class ExactIndex implements AnnIndex {
  readonly kind = 'exact' as const;
  private readonly vecs = new Map<number, Float32Array>();

  constructor(readonly dim: number) {}

  add(vec: Float32Array, label: number): void {
    this.vecs.set(label, vec);
  }

  remove(label: number): void {
    this.vecs.delete(label);
  }

  search(vec: Float32Array, k: number): { label: number; score: number }[] {
    const top: { label: number; score: number }[] = [];
    for (const [label, v] of this.vecs) {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i]! * vec[i]!;
      if (top.length < k) {
        top.push({ label, score: s });
        if (top.length === k) top.sort((a, b) => b.score - a.score);
      } else if (s > top[k - 1]!.score) {
        top[k - 1] = { label, score: s };
        for (let j = k - 1; j > 0 && top[j]!.score > top[j - 1]!.score; j--) [top[j], top[j - 1]] = [top[j - 1]!, top[j]!];
      }
    }
    return top.sort((a, b) => b.score - a.score);
  }

  capacity(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  resize(): void {}

  setEf(): void {}

  /** Binary: u32 count, then per vector a f64 label and dim f32 values. */
  async write(file: string): Promise<void> {
    const per = 8 + this.dim * 4;
    const buf = Buffer.alloc(4 + this.vecs.size * per);
    buf.writeUInt32LE(this.vecs.size, 0);
    let o = 4;
    for (const [label, v] of this.vecs) {
      buf.writeDoubleLE(label, o);
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(buf, o + 8);
      o += per;
    }
    await writeFile(file, buf);
  }

  async read(file: string): Promise<void> {
    const buf = await readFile(file);
    const n = buf.readUInt32LE(0);
    const per = 8 + this.dim * 4;
    if (buf.length !== 4 + n * per) throw new Error('exact index file has the wrong size');
    this.vecs.clear();
    for (let i = 0, o = 4; i < n; i++, o += per) {
      const v = new Float32Array(this.dim);
      Buffer.from(v.buffer).set(buf.subarray(o + 8, o + per));
      this.vecs.set(buf.readDoubleLE(o), v);
    }
  }
}
