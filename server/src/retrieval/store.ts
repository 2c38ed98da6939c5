import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_PARAMS, ExactIndex, HnswIndex, hnswLibrary, hnswLoadError, type AnnIndex, type AnnParams } from './ann.js';
import type { Embedder } from './embedder.js';
import { fsyncDir, fsyncFile, sha256File } from './durable.js';
import { SerialQueue } from './queue.js';

/** One retrievable chunk. `id` is stable across builds (e.g. `man:tar.1#0`); `hash` is of its content. */
export interface Item {
  id: string;
  text: string;
  meta?: Record<string, unknown>;
}

export interface Hit {
  id: string;
  score: number;
  text: string;
  meta?: Record<string, unknown>;
}

interface Stored {
  id: string;
  hash: string;
  text: string;
  meta?: Record<string, unknown>;
}

interface FileRecord {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 1;
  kind: 'hnsw' | 'exact';
  embedder: string;
  /** Whatever the embedder needs to be rebuilt identically (the hashing embedder's idf), base64. */
  embedderState?: string;
  dim: number;
  space: 'cosine';
  params: AnnParams;
  count: number;
  capacity: number;
  nextLabel: number;
  generation: number;
  index: FileRecord;
  items: FileRecord;
  savedAt: string;
}

export interface UpsertReport {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

const MAX_TEXT = 800;

export function contentHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}

/**
 * A persisted vector index of one corpus. Every operation runs through one queue (hnswlib's reads and writes
 * are not safe against concurrent queries). Saves are atomic: new files under a new generation, fsynced, then
 * the manifest (with checksums) is renamed into place, then the old generation is removed; a crash at any
 * point leaves the previous index loadable. Files are verified against the manifest before hnswlib reads them.
 */
export class VectorStore {
  private readonly queue = new SerialQueue();
  private ann: AnnIndex;
  private byLabel = new Map<number, Stored>();
  private byId = new Map<string, number>();
  private nextLabel = 0;
  private generation = 0;
  /** Why the stored index was not used (empty when it loaded, or when there was none). */
  rebuildReason = '';
  /** Set when hnswlib-node could not be loaded and exact search is used. */
  fallbackWarning = '';

  private constructor(
    readonly dir: string,
    readonly name: string,
    readonly embedder: Embedder,
    readonly params: AnnParams,
    private embedderState: string | undefined,
  ) {
    this.ann = this.emptyIndex(1024);
  }

  static manifestPath(dir: string, name: string): string {
    return path.join(dir, `${name}.manifest.json`);
  }

  /** The manifest as stored, without verifying anything (for the embedder state); undefined when unreadable. */
  static async peek(dir: string, name: string): Promise<Manifest | undefined> {
    try {
      return JSON.parse(await readFile(VectorStore.manifestPath(dir, name), 'utf8')) as Manifest;
    } catch {
      return undefined;
    }
  }

  /** Open the store: load the saved index when it verifies, or start empty and say why. Never throws on bad files. */
  static async open(dir: string, name: string, embedder: Embedder, opts: { params?: AnnParams; embedderState?: string } = {}): Promise<VectorStore> {
    mkdirSync(dir, { recursive: true });
    const s = new VectorStore(dir, name, embedder, opts.params ?? DEFAULT_PARAMS, opts.embedderState);
    await s.queue.run(() => s.load());
    return s;
  }

  get size(): number {
    return this.byLabel.size;
  }

  get kind(): 'hnsw' | 'exact' {
    return this.ann.kind;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  private emptyIndex(capacity: number): AnnIndex {
    const lib = hnswLibrary();
    if (!lib) {
      this.fallbackWarning = `hnswlib-node is not available (${hnswLoadError()}); using exact search, which is slower on large corpora.`;
      return new ExactIndex(this.embedder.dim);
    }
    return new HnswIndex(this.embedder.dim, this.params, capacity, lib);
  }

  private reset(reason: string): void {
    this.rebuildReason = reason;
    this.ann = this.emptyIndex(1024);
    this.byLabel = new Map();
    this.byId = new Map();
    this.nextLabel = 0;
  }

  private async load(): Promise<void> {
    let m: Manifest;
    try {
      m = JSON.parse(await readFile(VectorStore.manifestPath(this.dir, this.name), 'utf8')) as Manifest;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      return this.reset(`the manifest is unreadable (${(err as Error).message})`);
    }
    const wantKind = hnswLibrary() ? 'hnsw' : 'exact';
    const problem =
      m.format !== 1
        ? `unknown format ${m.format}`
        : m.embedder !== this.embedder.id
          ? `it was built by embedder ${m.embedder}, not ${this.embedder.id}`
          : m.dim !== this.embedder.dim
            ? `its dimension is ${m.dim}, not ${this.embedder.dim}`
            : m.kind !== wantKind
              ? `it is a ${m.kind} index and this machine uses ${wantKind}`
              : JSON.stringify(m.params) !== JSON.stringify(this.params)
                ? 'its parameters changed'
                : undefined;
    if (problem) return this.reset(problem);
    for (const f of [m.index, m.items]) {
      const file = path.join(this.dir, f.name);
      try {
        const st = await stat(file);
        if (st.size !== f.bytes) return this.reset(`${f.name} is ${st.size} bytes, the manifest says ${f.bytes} (truncated?)`);
        if ((await sha256File(file)) !== f.sha256) return this.reset(`${f.name} does not match its checksum (corrupt)`);
      } catch (err) {
        return this.reset(`${f.name} is missing (${(err as Error).message})`);
      }
    }
    try {
      const items = JSON.parse(await readFile(path.join(this.dir, m.items.name), 'utf8')) as Record<string, Stored>;
      const ann = this.emptyIndex(0);
      await ann.read(path.join(this.dir, m.index.name));
      this.ann = ann;
      this.byLabel = new Map(Object.entries(items).map(([l, s]) => [Number(l), s]));
      this.byId = new Map([...this.byLabel].map(([l, s]) => [s.id, l]));
      this.nextLabel = m.nextLabel;
      this.generation = m.generation;
      this.embedderState = m.embedderState;
    } catch (err) {
      this.reset(`the index could not be read (${(err as Error).message})`);
    }
  }

  /**
   * Bring the index to exactly `items` (when `prune`), or add/replace them: unchanged content (same hash)
   * is kept, changed content is re-embedded, ids no longer present are marked deleted.
   */
  upsert(items: Item[], opts: { prune?: boolean; onProgress?: (done: number, total: number) => void; signal?: AbortSignal; batch?: number } = {}): Promise<UpsertReport> {
    return this.queue.run(async () => {
      const report: UpsertReport = { added: 0, updated: 0, removed: 0, unchanged: 0 };
      const todo: { item: Item; hash: string; old?: number }[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        seen.add(item.id);
        const hash = contentHash(item.text + JSON.stringify(item.meta ?? {}));
        const old = this.byId.get(item.id);
        if (old !== undefined && this.byLabel.get(old)?.hash === hash) report.unchanged++;
        else todo.push({ item, hash, old });
      }
      if (opts.prune) {
        for (const [id, label] of [...this.byId]) {
          if (seen.has(id)) continue;
          this.ann.remove(label);
          this.byLabel.delete(label);
          this.byId.delete(id);
          report.removed++;
        }
      }
      const need = this.size + todo.length;
      if (need > this.ann.capacity()) this.ann.resize(Math.max(need, Math.ceil(this.ann.capacity() * 1.5)));
      const batch = opts.batch ?? 256;
      for (let i = 0; i < todo.length; i += batch) {
        if (opts.signal?.aborted) throw new Error('cancelled');
        const slice = todo.slice(i, i + batch);
        const vecs = await this.embedder.embed(
          slice.map((t) => t.item.text),
          opts.signal,
        );
        slice.forEach((t, j) => {
          if (t.old !== undefined) {
            this.ann.remove(t.old);
            this.byLabel.delete(t.old);
            report.updated++;
          } else report.added++;
          const label = this.nextLabel++;
          this.ann.add(vecs[j]!, label);
          this.byLabel.set(label, { id: t.item.id, hash: t.hash, text: t.item.text.slice(0, MAX_TEXT), ...(t.item.meta ? { meta: t.item.meta } : {}) });
          this.byId.set(t.item.id, label);
        });
        opts.onProgress?.(Math.min(i + batch, todo.length), todo.length);
        await new Promise((r) => setImmediate(r));
      }
      return report;
    });
  }

  search(query: string | Float32Array, k = 10): Promise<Hit[]> {
    return this.queue.run(async () => {
      if (this.size === 0) return [];
      const vec = typeof query !== 'string' ? query : this.embedder.embedQuery ? await this.embedder.embedQuery(query) : (await this.embedder.embed([query]))[0]!;
      // deleted labels can still come back from a stale graph: ask for a few more and drop them
      const raw = this.ann.search(vec, Math.min(k + 8, this.size + 8));
      const out: Hit[] = [];
      for (const r of raw) {
        const s = this.byLabel.get(r.label);
        if (!s) continue;
        out.push({ id: s.id, score: r.score, text: s.text, ...(s.meta ? { meta: s.meta } : {}) });
        if (out.length === k) break;
      }
      return out;
    });
  }

  /** Atomic save (see the class comment). */
  save(): Promise<Manifest> {
    return this.queue.run(async () => {
      const gen = this.generation + 1;
      // the pid keeps two processes saving the same index from writing the same file names
      const indexName = `${this.name}.g${gen}.${process.pid}.${this.ann.kind}`;
      const itemsName = `${this.name}.g${gen}.${process.pid}.items.json`;
      const indexPath = path.join(this.dir, indexName);
      const itemsPath = path.join(this.dir, itemsName);
      await this.ann.write(indexPath + '.tmp');
      await fsyncFile(indexPath + '.tmp');
      await rename(indexPath + '.tmp', indexPath);
      const items = JSON.stringify(Object.fromEntries(this.byLabel));
      const fh = await open(itemsPath + '.tmp', 'w');
      try {
        await fh.writeFile(items);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(itemsPath + '.tmp', itemsPath);
      const record = async (name: string): Promise<FileRecord> => {
        const file = path.join(this.dir, name);
        return { name, bytes: (await stat(file)).size, sha256: await sha256File(file) };
      };
      const manifest: Manifest = {
        format: 1,
        kind: this.ann.kind,
        embedder: this.embedder.id,
        ...(this.embedderState ? { embedderState: this.embedderState } : {}),
        dim: this.embedder.dim,
        space: 'cosine',
        params: this.params,
        count: this.size,
        capacity: this.ann.capacity() === Number.MAX_SAFE_INTEGER ? this.size : this.ann.capacity(),
        nextLabel: this.nextLabel,
        generation: gen,
        index: await record(indexName),
        items: await record(itemsName),
        savedAt: new Date().toISOString(),
      };
      const mpath = VectorStore.manifestPath(this.dir, this.name);
      const mfh = await open(mpath + '.tmp', 'w');
      try {
        await mfh.writeFile(JSON.stringify(manifest, null, 1));
        await mfh.sync();
      } finally {
        await mfh.close();
      }
      // the commit point: before this rename the old manifest (and its files) is what loads
      await rename(mpath + '.tmp', mpath);
      await fsyncDir(this.dir);
      this.generation = gen;
      // older generations go; another process's save in progress (a fresh .tmp) is left alone
      const keep = new Set([indexName, itemsName]);
      const prefix = `${this.name}.g`;
      for (const f of await readdir(this.dir)) {
        if (!f.startsWith(prefix) || keep.has(f)) continue;
        const file = path.join(this.dir, f);
        if (f.endsWith('.tmp') && Date.now() - (await stat(file).catch(() => ({ mtimeMs: 0 }))).mtimeMs < 10 * 60_000) continue;
        await rm(file, { force: true });
      }
      return manifest;
    });
  }
}
