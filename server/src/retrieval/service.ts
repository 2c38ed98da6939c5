import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { feedbackExamplesFile } from '../util/paths.js';
import { redactText } from '../safety/redact.js';
import type { ModelClient } from '../model/client.js';
import { commitItems } from './corpora/commits.js';
import { docFiles, docItems } from './corpora/docs.js';
import { feedbackFiles, feedbackItems } from './corpora/feedback.js';
import { manDirs, manFiles, manItem } from './corpora/man.js';
import { buildManIndex, type ManBuild } from './man-index-build.js';
import { ManSearch } from './man-search.js';
import { HashingEmbedder, IDF_SLOTS, ModelEmbedder, type Embedder } from './embedder.js';
import { VectorStore, type Hit, type Item, type UpsertReport } from './store.js';

/** An item with its text and every string of its metadata redacted. */
export function redactItem(item: Item): Item {
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item.meta ?? {})) meta[k] = typeof v === 'string' ? redactText(v) : v;
  return { ...item, text: redactText(item.text), meta };
}

export const CORPORA = ['man', 'docs', 'commits', 'feedback'] as const;
export type Corpus = (typeof CORPORA)[number];

export interface RetrievalOptions {
  /** The user cache dir (`$XDG_CACHE_HOME/kibitz`): indexes live under `index/`. */
  cacheDir: string;
  manpath?: string[];
  /** Workspace root for docs and commits (one index per corpus and workspace). */
  workspace?: string;
  /** Use the model's embeddings instead of the offline embedder. */
  model?: ModelClient;
  /** The feedback loop's examples (default: the state dir's examples.jsonl). */
  feedbackFile?: string;
  /**
   * How the man index is built: the server and the CLI build it in a child process at the lowest priority
   * (services/man-index-child.ts); without this, it is built here.
   */
  buildMan?: (dir: string, manpath: string[], opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal }) => Promise<ManBuild>;
}

export interface BuildProgress {
  phase: 'collect' | 'embed' | 'save';
  done: number;
  total: number;
}

export interface BuildReport extends UpsertReport {
  corpus: Corpus;
  items: number;
  ms: number;
  kind: 'hnsw' | 'exact' | 'hybrid';
  embedder: string;
  rebuildReason: string;
  warning: string;
}

const DIM = 1024;

function mtimeOf(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** What ranks man pages (no hnswlib-node: the dense part is small enough to scan). */
const MAN_RANKER = 'bm25f+wordnet and int8 hash-ngrams/dim=256, exact search';

/** What a corpus index answers with: the man pages' hybrid search, or a vector store. */
export interface Searchable {
  readonly size: number;
  search(query: string, k?: number): Promise<Hit[]>;
}

/** Indexes per corpus: build or update them, and search across them. Stores are opened once and kept. */
export class Retrieval {
  private readonly stores = new Map<Corpus, Promise<Searchable | undefined>>();

  constructor(readonly opts: RetrievalOptions) {}

  dir(corpus: Corpus): string {
    const ws = this.opts.workspace ? createHash('sha256').update(path.resolve(this.opts.workspace)).digest('hex').slice(0, 12) : 'none';
    return path.join(this.opts.cacheDir, 'index', corpus === 'man' ? 'man' : `${corpus}-${ws}`);
  }

  /** Collect a corpus (with progress), embed what changed, save atomically. */
  async build(corpus: Corpus, opts: { rebuild?: boolean; signal?: AbortSignal; onProgress?: (p: BuildProgress) => void; inProcess?: boolean } = {}): Promise<BuildReport> {
    const t0 = Date.now();
    if (corpus === 'man') return this.buildMan(opts, t0);
    // nothing secret is embedded, sent to an embedding endpoint or written into an index file
    const items = (await this.collect(corpus, opts)).map(redactItem);
    const dir = this.dir(corpus);
    const embedder = await this.embedderFor(dir, items, !!opts.rebuild, opts.signal);
    const store = await VectorStore.open(dir, corpus, embedder.embedder, { embedderState: embedder.state });
    const rebuildReason = opts.rebuild ? 'asked for a rebuild' : store.rebuildReason;
    const report = await store.upsert(items, { prune: true, signal: opts.signal, onProgress: (done, total) => opts.onProgress?.({ phase: 'embed', done, total }) });
    opts.onProgress?.({ phase: 'save', done: 0, total: 1 });
    await store.save();
    this.stores.set(corpus, Promise.resolve(store));
    this.settled.set(corpus, store);
    return { corpus, items: items.length, ms: Date.now() - t0, kind: store.kind, embedder: embedder.embedder.id, rebuildReason, warning: store.fallbackWarning, ...report };
  }

  /**
   * The man index: unchanged when it is newer than every man directory (a page added or removed changes its
   * directory); otherwise built in a child process at the lowest priority (or here, for a CLI with nothing else to do).
   */
  private async buildMan(opts: { rebuild?: boolean; signal?: AbortSignal; onProgress?: (p: BuildProgress) => void; inProcess?: boolean }, t0: number): Promise<BuildReport> {
    const dir = this.dir('man');
    const dirs = manDirs(this.opts.manpath ?? []);
    const newest = Math.max(0, ...dirs.map((d) => mtimeOf(d)));
    const held = ManSearch.summary(dir);
    const base = { corpus: 'man' as const, kind: 'hybrid' as const, updated: 0 };
    if (!opts.rebuild && held && Date.parse(held.builtAt) >= newest) {
      return { ...base, items: held.pages, ms: Date.now() - t0, embedder: MAN_RANKER, rebuildReason: '', warning: '', added: 0, removed: 0, unchanged: held.pages };
    }
    const progress = (done: number, total: number) => opts.onProgress?.({ phase: 'collect', done, total });
    const r =
      opts.inProcess || !this.opts.buildMan
        ? await buildManIndex(dir, manFiles(dirs), { onProgress: progress, signal: opts.signal })
        : await this.opts.buildMan(dir, this.opts.manpath ?? [], { onProgress: progress, signal: opts.signal });
    const store = await ManSearch.load(dir);
    this.stores.set('man', Promise.resolve(store));
    if (store) this.settled.set('man', store);
    const reason = opts.rebuild ? 'asked for a rebuild' : held ? 'the man pages changed' : '';
    return { ...base, items: r.pages, ms: Date.now() - t0, embedder: MAN_RANKER, rebuildReason: reason, warning: '', added: r.pages, removed: held?.pages ?? 0, unchanged: 0 };
  }

  /** When the saved index of a corpus was built (undefined when there is none). */
  async builtAt(corpus: Corpus): Promise<number | undefined> {
    if (corpus === 'man') return ManSearch.builtAt(this.dir('man'));
    const m = await VectorStore.peek(this.dir(corpus), corpus);
    return m ? Date.parse(m.savedAt) : undefined;
  }

  /** The saved index of a corpus, or undefined when there is none (or it no longer matches its embedder). */
  open(corpus: Corpus): Promise<Searchable | undefined> {
    let p = this.stores.get(corpus);
    if (!p) {
      p = (async (): Promise<Searchable | undefined> => {
        if (corpus === 'man') {
          const s = await ManSearch.load(this.dir('man'));
          return s?.size ? s : undefined;
        }
        const dir = this.dir(corpus);
        const m = await VectorStore.peek(dir, corpus);
        if (!m) return undefined;
        const embedder = m.embedder.startsWith('openai/')
          ? this.opts.model?.settings.embeddingModel
            ? await ModelEmbedder.create(this.opts.model).catch(() => undefined)
            : undefined
          : hashingFromState(m.embedderState);
        if (!embedder) return undefined;
        const store = await VectorStore.open(dir, corpus, embedder, { embedderState: m.embedderState });
        return store.size ? store : undefined;
      })();
      this.stores.set(corpus, p);
    }
    return p;
  }

  /** The index of a corpus if it is already in memory; otherwise start loading it and return undefined (never blocks). */
  loaded(corpus: Corpus): Searchable | undefined {
    const s = this.settled.get(corpus);
    if (s) return s;
    void this.open(corpus).then(
      (st) => st && this.settled.set(corpus, st),
      () => undefined,
    );
    return undefined;
  }

  /** Search only the indexes already in memory (for hovers, which must not wait for a load). */
  async searchLoaded(query: string, corpora: readonly Corpus[], k: number): Promise<(Hit & { corpus: Corpus })[]> {
    const all: (Hit & { corpus: Corpus })[] = [];
    for (const c of corpora) {
      const store = this.loaded(c);
      if (store) for (const h of await store.search(query, k)) all.push({ ...h, corpus: c });
    }
    return all.sort((a, b) => b.score - a.score).slice(0, k);
  }

  private readonly settled = new Map<Corpus, Searchable>();

  /** The man index itself (its pages and SEE ALSO), loaded (waiting for it) or only when already in memory. */
  async manIndex(loadedOnly = false): Promise<ManSearch | undefined> {
    const s = loadedOnly ? this.loaded('man') : await this.open('man');
    return s instanceof ManSearch ? s : undefined;
  }

  feedbackFile(): string {
    return this.opts.feedbackFile ?? feedbackExamplesFile();
  }

  /** Update the feedback index when the examples file changed since it was built (cheap: incremental). */
  async refreshFeedback(): Promise<void> {
    let mtime = 0;
    for (const f of feedbackFiles(this.feedbackFile())) {
      try {
        mtime = Math.max(mtime, statSync(f).mtimeMs);
      } catch {
        // not written yet
      }
    }
    if (!mtime) return;
    const m = await VectorStore.peek(this.dir('feedback'), 'feedback');
    if (!m || Date.parse(m.savedAt) < mtime) await this.build('feedback');
  }

  /** Is there a usable index for this corpus (without building one)? */
  async has(corpus: Corpus): Promise<boolean> {
    return !!(await this.open(corpus));
  }

  /** Best hits across corpora, by score. Corpora without an index are skipped. */
  async search(query: string, opts: { corpora?: readonly Corpus[]; k?: number } = {}): Promise<(Hit & { corpus: Corpus })[]> {
    const k = opts.k ?? 10;
    const all: (Hit & { corpus: Corpus })[] = [];
    for (const c of opts.corpora ?? CORPORA) {
      const store = await this.open(c);
      if (!store) continue;
      for (const h of await store.search(query, k)) all.push({ ...h, corpus: c });
    }
    return all.sort((a, b) => b.score - a.score).slice(0, k);
  }

  private async collect(corpus: Corpus, opts: { signal?: AbortSignal; onProgress?: (p: BuildProgress) => void }): Promise<Item[]> {
    const progress = (done: number, total: number) => opts.onProgress?.({ phase: 'collect', done, total });
    switch (corpus) {
      case 'man': {
        // (the man corpus is built by buildManIndex; this is only for callers that want its items)
        const files = manFiles(manDirs(this.opts.manpath ?? []));
        const items: Item[] = [];
        for (let i = 0; i < files.length; i++) {
          const it = manItem(files[i]!);
          if (it) items.push(it);
          if (i % 500 === 499) {
            progress(i + 1, files.length);
            if (opts.signal?.aborted) throw new Error('cancelled');
            await new Promise((r) => setImmediate(r));
          }
        }
        progress(files.length, files.length);
        return dedupe(items);
      }
      case 'docs': {
        if (!this.opts.workspace) return [];
        const files = docFiles(this.opts.workspace);
        const items = files.flatMap((f, i) => {
          if (i % 100 === 99) progress(i + 1, files.length);
          return docItems(this.opts.workspace!, f);
        });
        progress(files.length, files.length);
        return dedupe(items);
      }
      case 'commits':
        return this.opts.workspace ? dedupe(await commitItems(this.opts.workspace)) : [];
      case 'feedback':
        return dedupe(feedbackItems(this.feedbackFile()));
    }
  }

  /** The model's embeddings when configured; else the offline embedder, keeping its idf unless rebuilding. */
  private async embedderFor(dir: string, items: Item[], rebuild: boolean, signal?: AbortSignal): Promise<{ embedder: Embedder; state?: string }> {
    if (this.opts.model?.settings.embeddingModel) return { embedder: await ModelEmbedder.create(this.opts.model, signal) };
    const corpus = path.basename(dir).split('-')[0]!;
    const m = await VectorStore.peek(dir, corpus);
    if (!rebuild && m?.embedderState && m.embedder.startsWith('hash-ngrams-v2/') && m.dim === DIM) {
      const e = hashingFromState(m.embedderState);
      if (e) return { embedder: e, state: m.embedderState };
    }
    const idf = HashingEmbedder.learnIdf(items.map((i) => i.text));
    return { embedder: new HashingEmbedder(DIM, idf), state: Buffer.from(idf.buffer, idf.byteOffset, idf.byteLength).toString('base64') };
  }
}

function hashingFromState(state: string | undefined): HashingEmbedder | undefined {
  if (!state) return undefined;
  const buf = Buffer.from(state, 'base64');
  if (buf.length !== IDF_SLOTS * 4) return undefined;
  const idf = new Float32Array(IDF_SLOTS);
  Buffer.from(idf.buffer).set(buf);
  return new HashingEmbedder(DIM, idf);
}

function dedupe(items: Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.id) && !!seen.add(i.id));
}
