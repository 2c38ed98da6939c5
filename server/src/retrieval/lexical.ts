import { readFileSync, writeFileSync } from 'node:fs';
import { stemmer } from 'stemmer';
import { words } from './embedder.js';
import { isAdjective, isNoun } from './wordnet.js';

/** Porter stems (folders → folder, copies → copi = copy), for matching words, not for display. */
export function stem(w: string): string {
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  let s = stems.get(w);
  if (s === undefined) {
    // an adverb as its adjective (randomly → random, recursively → recursive), which Porter leaves apart
    const base = w.length > 5 && w.endsWith('ly') ? w.slice(0, -2) : '';
    s = stemmer(base && isAdjective(base) ? base : w);
    // a thing named by what it does is not the doing (computer is not compute): Porter would make them one
    const one = w.endsWith('ers') ? w.slice(0, -1) : w;
    if (one.endsWith('er') && !s.endsWith('er') && isNoun(one)) s = one;
    if (stems.size > 50000) stems.clear();
    stems.set(w, s);
  }
  return s;
}

const stems = new Map<string, string>();

/**
 * BM25F over the fields of a document (a man page: its name, its NAME line, the first paragraph of its
 * DESCRIPTION, its option texts), each field with its own weight and length normalisation, folded into one
 * saturated weight per (term, document) at build time. Stored as two files: the terms (with idf and where their
 * postings are) and the postings as packed 32-bit document numbers and weights, so a loaded index is a few
 * buffers, not millions of objects.
 */
export interface LexField {
  text: string;
  weight: number;
  /** A long field of loose evidence (the rest of a page): a word found only there counts less in coverage. */
  weak?: boolean;
  /** Terms as they are, instead of those of `text`. */
  terms?: string[];
}

/**
 * The term of two words a page writes apart (`log out`), met only by one word of a task (`logout`): kept apart from
 * the task's own joined pairs ("find files" as findfil), or every page that says "find files" would match that
 * phrase as strongly as a rare word.
 */
export function joinedTerm(word: string): string {
  return `^${stem(word)}`;
}

/** How much a word found only in weak fields counts toward coverage. */
const WEAK_COVERAGE = 0.3;
const WEAK_BIT = 0x80000000;

export interface QueryTerm {
  term: string;
  weight: number;
  /** Which word of the query it stands for (its own stem or a synonym of it); coverage counts each word once. */
  group?: number;
}

const K1 = 1.2;
const B = 0.75;

/** Terms of a text: the stems of its words; a name also gives its parts (`git-log` → git, log). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const bare = w.replace(/^-+/, '');
    out.push(stem(bare));
    if (/[-_.]/.test(bare)) for (const p of bare.split(/[-_.]+/)) if (p.length > 1) out.push(stem(p));
  }
  return out;
}

export class LexicalIndex {
  private constructor(
    private readonly dict: Map<string, [number, number, number]>,
    private readonly postings: Buffer,
    readonly docCount: number,
  ) {}

  /** How rare a term is (BM25 idf), or undefined when no document has it. */
  idf(term: string): number | undefined {
    return this.dict.get(term)?.[2];
  }

  static build(docs: LexField[][]): LexicalIndex {
    const b = new LexicalBuilder();
    for (const d of docs) b.add(d);
    return b.finish();
  }

  /** (for LexicalBuilder) */
  static fromParts(dict: Map<string, [number, number, number]>, postings: Buffer, docCount: number): LexicalIndex {
    return new LexicalIndex(dict, postings, docCount);
  }

  /**
   * Scores of the documents that contain any query term, best first, each with its coverage: the share of the
   * query's words (weighted by how rare they are) that the document has, itself or as a synonym (at the
   * synonym's weight). Coverage is what tells "has every word of the task" from "has one rare word many times".
   * `keep`: asked of each document best first; one it refuses does not take a place among the k.
   */
  search(query: QueryTerm[], k: number, keep?: (doc: number) => boolean): { doc: number; score: number; coverage: number }[] {
    const groups = new Map<number, { idf: number; own: boolean; docs: Map<number, number>; best: Map<number, number> }>();
    query.forEach((q, qi) => {
      const g = q.group ?? qi;
      const e = this.dict.get(q.term);
      let group = groups.get(g);
      if (!group) {
        group = { idf: 0, own: false, docs: new Map(), best: new Map() };
        groups.set(g, group);
      }
      // a word's weight in coverage is its own rarity; a word no document has counts as its best-known
      // alternative (`100mb` as `100m`), or not at all (it cannot tell documents apart)
      if (q.weight >= 1) group.idf = e ? e[2] : 0;
      else if (e && q.weight >= 0.5 && !group.own) group.idf = Math.max(group.idf, e[2] * q.weight);
      if (q.weight >= 1 && e) group.own = true;
      if (!e) return;
      const [start, n, idf] = e;
      for (let i = 0; i < n; i++) {
        const raw = this.postings.readUInt32LE((start + i) * 8);
        const doc = (raw & ~WEAK_BIT) >>> 0;
        const w = this.postings.readFloatLE((start + i) * 8 + 4);
        // a word and its alternatives (synonyms, the compound) are one: the best of them counts, not their sum
        const c = q.weight * idf * w;
        if (c > (group.best.get(doc) ?? 0)) group.best.set(doc, c);
        const counts = Math.min(1, q.weight) * (raw & WEAK_BIT ? WEAK_COVERAGE : 1);
        group.docs.set(doc, Math.max(group.docs.get(doc) ?? 0, counts));
      }
    });
    let total = 0;
    const scores = new Map<number, number>();
    for (const g of groups.values()) {
      total += g.idf;
      for (const [doc, c] of g.best) scores.set(doc, (scores.get(doc) ?? 0) + c);
    }
    const top: [number, number][] = [];
    for (const e of [...scores].sort((a, b) => b[1] - a[1])) {
      if (top.length >= k) break;
      if (!keep || keep(e[0])) top.push(e);
    }
    return top.map(([doc, score]) => {
      let have = 0;
      for (const g of groups.values()) have += g.idf * (g.docs.get(doc) ?? 0);
      return { doc, score, coverage: total ? have / total : 0 };
    });
  }

  /** How many documents contain a term (for choosing which expansions are worth their cost). */
  documentFrequency(term: string): number {
    return this.dict.get(term)?.[1] ?? 0;
  }

  save(prefix: string): void {
    writeFileSync(`${prefix}.terms.json`, JSON.stringify({ docCount: this.docCount, terms: [...this.dict] }));
    writeFileSync(`${prefix}.postings`, this.postings);
  }

  static load(prefix: string): LexicalIndex {
    const { docCount, terms: t } = JSON.parse(readFileSync(`${prefix}.terms.json`, 'utf8')) as { docCount: number; terms: [string, [number, number, number]][] };
    return new LexicalIndex(new Map(t), readFileSync(`${prefix}.postings`), docCount);
  }
}

/**
 * Builds a LexicalIndex one document at a time: each document is tokenised when it is added and kept only as
 * (term id, count) pairs per field, so the texts can be dropped as the pages are read (18,000 pages of text
 * would otherwise stay in memory until the end).
 */
export class LexicalBuilder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly docs: { weight: number; weak: boolean; len: number; pairs: Uint32Array }[][] = [];
  private readonly lenSum: number[] = [];

  add(fields: LexField[]): void {
    this.docs.push(
      fields.map((f, i) => {
        const tf = new Map<number, number>();
        const toks = f.terms ?? terms(f.text);
        for (const t of toks) {
          let id = this.ids.get(t);
          if (id === undefined) {
            id = this.names.length;
            this.ids.set(t, id);
            this.names.push(t);
          }
          tf.set(id, (tf.get(id) ?? 0) + 1);
        }
        this.lenSum[i] = (this.lenSum[i] ?? 0) + toks.length;
        const pairs = new Uint32Array(tf.size * 2);
        let j = 0;
        for (const [id, n] of tf) {
          pairs[j++] = id;
          pairs[j++] = n;
        }
        return { weight: f.weight, weak: !!f.weak, len: toks.length, pairs };
      }),
    );
  }

  /**
   * `docWeights`: how much each document counts in how rare a term is (1 each unless given). Pages of one family
   * (`gcloud_*`) share their weight, so that 16,000 of them saying "request" do not make the word common.
   */
  finish(docWeights?: number[]): LexicalIndex {
    const n = this.docs.length;
    const weightOf = (d: number) => docWeights?.[d] ?? 1;
    const docTotal = docWeights ? this.docs.reduce((sum, _, d) => sum + weightOf(d), 0) : n;
    const avg = this.lenSum.map((s) => s / Math.max(1, n) || 1);
    const perTerm = new Map<number, number[]>();
    this.docs.forEach((fields, d) => {
      const combined = new Map<number, number>();
      const strong = new Set<number>();
      fields.forEach((f, i) => {
        const norm = 1 - B + (B * f.len) / avg[i]!;
        for (let j = 0; j < f.pairs.length; j += 2) {
          const id = f.pairs[j]!;
          if (!f.weak) strong.add(id);
          combined.set(id, (combined.get(id) ?? 0) + (f.weight * f.pairs[j + 1]!) / norm);
        }
      });
      for (const [id, c] of combined) {
        let list = perTerm.get(id);
        if (!list) perTerm.set(id, (list = []));
        list.push(strong.has(id) ? d : (d | WEAK_BIT) >>> 0, (c * (K1 + 1)) / (c + K1));
      }
      // what is folded into the postings is not needed again
      this.docs[d] = [];
    });
    let total = 0;
    for (const l of perTerm.values()) total += l.length / 2;
    const postings = Buffer.alloc(total * 8);
    const dict = new Map<string, [number, number, number]>();
    let at = 0;
    for (const [id, list] of perTerm) {
      const count = list.length / 2;
      // how rare a term is, counted where documents say what they are: a page that only mentions a word in its
      // long tail (weak fields) counts a tenth, or every common word would end up in every page
      let df = 0;
      for (let i = 0; i < list.length; i += 2) df += weightOf((list[i]! & ~WEAK_BIT) >>> 0) * (list[i]! & WEAK_BIT ? 0.1 : 1);
      const idf = Math.log(1 + (docTotal - df + 0.5) / (df + 0.5));
      dict.set(this.names[id]!, [at, count, idf]);
      for (let i = 0; i < list.length; i += 2) {
        postings.writeUInt32LE(list[i]!, at * 8);
        postings.writeFloatLE(list[i + 1]!, at * 8 + 4);
        at++;
      }
    }
    return LexicalIndex.fromParts(dict, postings, n);
  }
}
