import { createHash } from 'node:crypto';
import type { ModelClient } from '../model/client.js';
import { synonyms } from './wordnet.js';

/** Turns texts into unit vectors of a fixed dimension. `id` names the embedder and everything that shapes it. */
export interface Embedder {
  readonly id: string;
  readonly dim: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** A query may be embedded differently from a document (e.g. expanded with synonyms). */
  embedQuery?(text: string, signal?: AbortSignal): Promise<Float32Array>;
}

/**
 * How people ask vs how pages say it: a request starts with its action, so the first word gains its WordNet verb
 * synonyms (everyday sense), and a lexical embedder can meet "erase" where the page says "delete". Other words stay
 * as they are: the first noun sense of a thing is too often another thing ("folder" is a booklet).
 */
export function expandQuery(q: string): string {
  const first = words(q)[0];
  const extra = first ? synonyms(first, 1, 'verb').filter((s) => !s.includes(' ')) : [];
  return extra.length ? `${q}\n${extra.join(' ')}` : q;
}

const STOP = new Set('a an and are as at be by for from in into is it its of on or that the this to with was were will which'.split(' '));

/** A word too common to mean anything on its own (`the`, `of`). */
export function isStopWord(w: string): boolean {
  return STOP.has(w);
}

/** Words of a text: lower-cased, flags and dotted names kept whole (`--force`, `ld.so`), stop words dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/-{0,2}[a-z0-9][a-z0-9_.+-]*/g)) {
    const w = m[0].replace(/[.+-]+$/, '');
    if (w && !STOP.has(w) && w.length < 40) out.push(w);
  }
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A light suffix stripper, so `archiving`, `archives` and `archive` share a feature. */
export function stem(w: string): string {
  if (w.length <= 4 || w.startsWith('-')) return w;
  return w.replace(/(ations?|ings?|ers?|ed|es|ly|s)$/, '').replace(/e$/, '') || w;
}

const KIND_WEIGHT: Record<string, number> = { w: 1, b: 0.5, c: 0.15 };

/**
 * The features of a text with their weights: stemmed words (1), word bigrams (0.5) and character trigrams of
 * words (0.15), each times a sublinear term frequency (1 + ln count).
 */
export function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const ws = words(text).map(stem);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    add('w:' + w);
    if (i + 1 < ws.length) add('b:' + w + ' ' + ws[i + 1]);
    const padded = `^${w.replace(/^-+/, '')}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add('c:' + padded.slice(j, j + 3));
  }
  const out = new Map<string, number>();
  for (const [k, n] of counts) out.set(k, KIND_WEIGHT[k[0]!]! * (1 + Math.log(n)));
  return out;
}

/** Size of the idf table: features are hashed into this many slots for their document frequency. */
export const IDF_SLOTS = 1 << 16;

/**
 * The offline embedder: stemmed words, word bigrams and character trigrams, with sublinear term weights and
 * idf (per feature slot, learned from the corpus the index is built from and stored with it), signed-hashed
 * into a fixed dimension and L2-normalised. Deterministic: the same text always gives the same vector.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;

  constructor(
    readonly dim = 1024,
    private readonly idf?: Float32Array,
  ) {
    const idfHash = idf
      ? createHash('sha256')
          .update(Buffer.from(idf.buffer, idf.byteOffset, idf.byteLength))
          .digest('hex')
          .slice(0, 12)
      : 'none';
    this.id = `hash-ngrams-v2/dim=${dim}/idf=${idfHash}`;
  }

  /** Document frequency per feature slot over a corpus -> smoothed idf. */
  static learnIdf(texts: Iterable<string>): Float32Array {
    const df = new Uint32Array(IDF_SLOTS);
    let n = 0;
    for (const t of texts) {
      n++;
      const seen = new Set<number>();
      for (const k of features(t).keys()) seen.add(fnv1a(k) % IDF_SLOTS);
      for (const b of seen) df[b]!++;
    }
    const idf = new Float32Array(IDF_SLOTS);
    for (let i = 0; i < IDF_SLOTS; i++) idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;
    return idf;
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dim);
    for (const [k, tf] of features(text)) {
      const h = fnv1a(k);
      const h2 = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
      const b = h2 % this.dim;
      const sign = (h2 >>> 31) & 1 ? -1 : 1;
      const w = this.idf ? this.idf[h % IDF_SLOTS]! : 1;
      v[b]! += sign * tf * w;
    }
    let n = 0;
    for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < v.length; i++) v[i]! /= n;
    return v;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embedOne(expandQuery(text));
  }
}

/** Embeddings from the configured OpenAI-compatible endpoint (texts are redacted by the client). */
export class ModelEmbedder implements Embedder {
  readonly id: string;
  dim: number;

  constructor(
    private readonly client: ModelClient,
    dim: number,
  ) {
    this.id = `openai/${client.settings.baseURL}/${client.settings.embeddingModel}/dim=${dim}`;
    this.dim = dim;
  }

  /** Ask the endpoint once for the dimension of its vectors. */
  static async create(client: ModelClient, signal?: AbortSignal): Promise<ModelEmbedder> {
    const [v] = await client.embed(['dimension probe'], { purpose: 'hover', signal });
    return new ModelEmbedder(client, v!.length);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 64) {
      const batch = await this.client.embed(texts.slice(i, i + 64), { purpose: 'commit', signal });
      for (const v of batch) {
        const f = Float32Array.from(v);
        let n = 0;
        for (const x of f) n += x * x;
        n = Math.sqrt(n) || 1;
        out.push(f.map((x) => x / n));
      }
    }
    return out;
  }
}
