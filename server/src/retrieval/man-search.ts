import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import type { ManExample } from './corpora/man-digest.js';
import type { Basic } from './corpora/packages.js';
import { HashingEmbedder, IDF_SLOTS, words } from './embedder.js';
import { LexicalIndex } from './lexical.js';
import type { Hit } from './store.js';
import { QuantizedVectors } from './quantized.js';
import { expandTerms } from './query-terms.js';

/**
 * Searching man pages by what a task says: BM25F over each page's name, NAME line, DESCRIPTION, options, examples
 * and body, combined by a linear rank model (RANK_WEIGHTS, fitted on half of the labelled tasks) with a small dense
 * index of NAME lines and priors (package priority, SEE ALSO in-links, section); the query expanded with WordNet
 * synonyms; families of subcommand pages (`gcloud_*`, `git-*`) collapsed under their root unless the query names
 * the tool. Examples are indexed as passages, so an offline answer can show the page's own example lines.
 *
 * On disk (one directory): `pages.json` (names, families, offsets, SEE ALSO), `pages.jsonl` and `examples.jsonl`
 * (what hits show, read by offset), the lexical indexes of pages and examples, and int8 NAME-line vectors. In
 * memory: the names at load; two packed postings buffers and 4.6 MB of vectors from the first search on.
 */
export const MAN_INDEX_FORMAT = 15;
export const DENSE_DIM = 256;
/** How many pages BM25F hands to the ranking. */
const LEX_CANDIDATES = 300;
/** The ranking model's weights (see `search`); exported for the evaluation's tuning run. */
export interface RankWeights {
  lex: number;
  coverage: number;
  dense: number;
  basic: number;
  inlinks: number;
  section8: number;
  sectionOther: number;
  family: number;
}
export const RANK_WEIGHTS: RankWeights = { lex: 1, coverage: 1, dense: 0.35, basic: 0.3, inlinks: 0.2, section8: 0.05, sectionOther: 0.2, family: 0.5 };
let rankWeights = RANK_WEIGHTS;
/** Rank with other weights (the tuning run of eval:search); undefined restores the defaults. */
export function setRankWeights(w: RankWeights | undefined): void {
  rankWeights = w ?? RANK_WEIGHTS;
}

export interface PagesFile {
  format: number;
  builtAt: string;
  /**
   * [name, section, family index (-1 none), pages outside its family that point at it (SEE ALSO), how basic its
   * package is (0 optional or unknown … 3 essential)]
   */
  names: [string, string, number, number, Basic][];
  families: string[];
  offsets: number[];
  /** Per page, the pages of the index its SEE ALSO names (by position in `names`). */
  refs: number[][];
  examples: [number, number][];
}

export interface ManHit extends Hit {
  page: string;
  path: string;
  nameLine: string;
}

/** What the ranking knows of a candidate page: BM25F (0..1 of the best page that can be shown), coverage, dense cosine. */
export interface PageFeatures {
  lex: number;
  coverage: number;
  dense: number;
}

export interface ExampleHit {
  page: string;
  path: string;
  command: string;
  text: string;
  lines: [number, number];
  score: number;
}

/** A loaded man index (everything read once; page texts read from disk when a hit is shown). */
export class ManSearch {
  private constructor(
    private readonly dir: string,
    private readonly pages: PagesFile,
  ) {}

  // the search parts are read on the first search: a hover that only asks for a page or its SEE ALSO never loads them
  private parts: { lex: LexicalIndex; exLex: LexicalIndex; dense: QuantizedVectors; embedder: HashingEmbedder } | undefined;

  private get loaded(): NonNullable<ManSearch['parts']> {
    if (!this.parts) {
      const idfBuf = readFileSync(path.join(this.dir, 'dense.idf'));
      const idf = new Float32Array(IDF_SLOTS);
      if (idfBuf.byteLength !== IDF_SLOTS * 4) throw new Error(`${this.dir}/dense.idf is damaged; rebuild the index (kibitz index --rebuild)`);
      Buffer.from(idf.buffer).set(idfBuf);
      this.parts = {
        lex: LexicalIndex.load(path.join(this.dir, 'pages')),
        exLex: LexicalIndex.load(path.join(this.dir, 'examples')),
        dense: QuantizedVectors.load(path.join(this.dir, 'dense'), DENSE_DIM),
        embedder: new HashingEmbedder(DENSE_DIM, idf),
      };
    }
    return this.parts;
  }

  static exists(dir: string): boolean {
    return existsSync(path.join(dir, 'pages.json'));
  }

  /** What a saved index holds (for `kibitz doctor` and freshness checks), without loading it. */
  static summary(dir: string): { pages: number; examples: number; builtAt: string } | undefined {
    try {
      const m = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { format: number; builtAt: string; pages: number; examples: number };
      return m.format === MAN_INDEX_FORMAT ? { pages: m.pages, examples: m.examples, builtAt: m.builtAt } : undefined;
    } catch {
      return undefined;
    }
  }

  static builtAt(dir: string): number | undefined {
    const m = ManSearch.summary(dir);
    return m ? Date.parse(m.builtAt) : undefined;
  }

  /** The index in a directory (its page list; the search parts load on the first search), or undefined. */
  static async load(dir: string): Promise<ManSearch | undefined> {
    try {
      const pages = JSON.parse(readFileSync(path.join(dir, 'pages.json'), 'utf8')) as PagesFile;
      if (pages.format !== MAN_INDEX_FORMAT) return undefined;
      for (const f of ['pages.terms.json', 'pages.postings', 'examples.terms.json', 'dense.i8', 'dense.idf']) if (!existsSync(path.join(dir, f))) return undefined;
      return new ManSearch(dir, pages);
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.pages.names.length;
  }

  /** Whether a page of this name (any section) is in the index. */
  hasPage(name: string): boolean {
    return this.docOf(name) !== undefined;
  }

  private record(file: string, offset: number): Record<string, unknown> {
    const fd = openSync(path.join(this.dir, file), 'r');
    try {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, offset);
      return JSON.parse(buf.toString('utf8', 0, n).split('\n', 1)[0]!) as Record<string, unknown>;
    } finally {
      closeSync(fd);
    }
  }

  private hit(doc: number, score: number): ManHit {
    const [name, section] = this.pages.names[doc]!;
    const rec = this.record('pages.jsonl', this.pages.offsets[doc]!) as { path: string; nameLine: string; description: string };
    const page = `${name}(${section})`;
    return {
      id: `man:${name}.${section}`,
      score,
      text: `${page}: ${rec.nameLine}`,
      page,
      path: rec.path,
      nameLine: rec.nameLine,
      meta: { kind: 'man', page, path: rec.path, nameLine: rec.nameLine, description: rec.description },
    };
  }

  private docOf(name: string): number | undefined {
    if (!this.byName) {
      this.byName = new Map();
      this.pages.names.forEach(([n, section], i) => {
        if (!this.byName!.has(n) || section === '1') this.byName!.set(n, i);
      });
    }
    return this.byName.get(name);
  }

  private byName: Map<string, number> | undefined;

  /** The page of a command (section 1 first), as a hit of score 1. */
  page(name: string): ManHit | undefined {
    const doc = this.docOf(name);
    return doc === undefined ? undefined : this.hit(doc, 1);
  }

  /** The pages a command's page names in SEE ALSO (that are installed), in its order. */
  seeAlso(name: string): ManHit[] {
    const doc = this.docOf(name);
    if (doc === undefined) return [];
    return (this.pages.refs?.[doc] ?? []).filter((r) => r !== doc).map((r) => this.hit(r, 1));
  }

  /**
   * What the ranking knows of the pages worth ranking for a task: the best 300 by BM25F, at most a few of each
   * family (or a family of 16,000 pages that all say "request" would take every place before curl is looked at),
   * and, when fewer pages than that have its words, the dense index's nearest 100. For each: its BM25F score against
   * the best page that can be shown (a family the task does not name cannot, so its scores do not flatten everyone
   * else's), its coverage, and its dense similarity, computed for every candidate (the dense index's own nearest 100
   * of 18,000 pages are mostly one family's look-alikes; scanning them all cost half the time of a search).
   */
  private async candidates(query: string): Promise<Map<number, PageFeatures>> {
    const rawWords = new Set(words(query));
    const { lex, dense, embedder } = this.loaded;
    const perFamily = new Map<number, number>();
    const lexHits = lex.search(expandTerms(query), LEX_CANDIDATES, (doc) => {
      const fam = this.pages.names[doc]![2];
      if (fam < 0) return true;
      const n = perFamily.get(fam) ?? 0;
      perFamily.set(fam, n + 1);
      return n < 5;
    });
    const qv = await embedder.embedQuery(query);
    const bestLex = lexHits.find((h) => this.shown(h.doc, rawWords))?.score || lexHits[0]?.score || 1;
    const feats = new Map<number, PageFeatures>();
    for (const h of lexHits) feats.set(h.doc, { lex: Math.min(1, h.score / bestLex), coverage: h.coverage, dense: dense.score(qv, h.doc) });
    // a task whose words few pages have (misspelt, rare) also gets the pages nearest by sound of its words
    if (lexHits.length < LEX_CANDIDATES) for (const h of dense.search(qv, 100)) if (!feats.has(h.doc)) feats.set(h.doc, { lex: 0, coverage: 0, dense: h.score });
    return feats;
  }

  /** Whether a page stands on its own for a task: it is in no family, or the task names its family's tool. */
  private shown(doc: number, rawWords: Set<string>): boolean {
    const fam = this.pages.names[doc]![2];
    return fam < 0 || rawWords.has(this.pages.families[fam]!);
  }

  /** The ranking's features of one page for a task (undefined when it is not a candidate): why it ranks where it does. */
  async features(query: string, name: string): Promise<PageFeatures | undefined> {
    const doc = this.docOf(name);
    return doc === undefined ? undefined : (await this.candidates(query)).get(doc);
  }

  /** Pages for a task, best first: a linear model over BM25F, coverage, dense similarity and priors; one page per family. */
  async search(query: string, k = 10): Promise<ManHit[]> {
    const rawWords = new Set(words(query));
    const feats = await this.candidates(query);
    // a linear model over what is known of each candidate (weights in RANK_WEIGHTS)
    const w = rankWeights;
    const fused = new Map<number, number>();
    for (const [doc, f] of feats) {
      const [, section, , inlinks, basic] = this.pages.names[doc]!;
      let score = w.lex * f.lex + w.coverage * f.coverage + w.dense * f.dense;
      // the tools every system has before optional ones (the distribution's own priority); pages other pages
      // point at (everyday tools) before obscure ones; section 1 (user commands) before 8 and others; a family
      // member only when the query names its tool
      score += w.basic * ((basic ?? 0) / 3) + w.inlinks * Math.min(1, Math.log1p(inlinks ?? 0) / Math.log(100));
      if (section !== '1') score -= section.startsWith('8') ? w.section8 : w.sectionOther;
      if (!this.shown(doc, rawWords)) score -= w.family;
      fused.set(doc, Math.max(1e-6, score));
    }
    const perFamily = new Map<number, number>();
    const out: ManHit[] = [];
    const ranked = [...fused].sort((a, b) => b[1] - a[1]);
    const best = ranked[0]?.[1] || 1;
    const topCoverage = ranked[0] ? feats.get(ranked[0][0])!.coverage : 0;
    for (const [doc, fusedScore] of ranked) {
      // what callers compare with thresholds and sort by: 0..1, in rank order, the best page's share of the
      // task's words scaled by how far this page falls behind it
      const score = topCoverage * Math.sqrt(fusedScore / best);
      const fam = this.pages.names[doc]![2];
      if (fam >= 0) {
        // one family cannot flood the list: its root's page or its best member, more only when the query names it
        const limit = this.shown(doc, rawWords) ? 5 : 1;
        const n = perFamily.get(fam) ?? 0;
        if (n >= limit) continue;
        perFamily.set(fam, n + 1);
      }
      out.push(this.hit(doc, score));
      if (out.length >= k) break;
    }
    return out;
  }

  /**
   * Example passages for a task (optionally only from some pages), best first: by BM25 times the share of the
   * task's words the passage has, so an example that only shares the command's name does not come first.
   */
  examples(query: string, k = 5, pages?: string[]): ExampleHit[] {
    const hits = this.loaded.exLex.search(expandTerms(query), 400).map((h) => ({ ...h, score: h.score * h.coverage, coverage: h.coverage }));
    hits.sort((a, b) => b.score - a.score);
    const out: ExampleHit[] = [];
    for (const h of hits) {
      if (h.coverage < 0.4) continue;
      const [pi, offset] = this.pages.examples[h.doc]!;
      const [name, section] = this.pages.names[pi]!;
      const page = `${name}(${section})`;
      if (pages && !pages.includes(page)) continue;
      const rec = this.record('examples.jsonl', offset) as unknown as ManExample;
      const file = (this.record('pages.jsonl', this.pages.offsets[pi]!) as { path: string }).path;
      out.push({ page, path: file, command: rec.command, text: rec.text, lines: rec.lines, score: h.coverage });
      if (out.length >= k) break;
    }
    return out;
  }
}
