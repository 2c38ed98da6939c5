import { createHash } from 'node:crypto';
import type { ModelClient } from '../model/client.js';

/** Turns texts into unit vectors of a fixed dimension. `id` names the embedder and everything that shapes it. */
export interface Embedder {
  readonly id: string;
  readonly dim: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const STOP = new Set('a an and are as at be by for from in into is it its of on or that the this to with was were will which'.split(' '));

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

/** The hashed features of a text: words (weight 1), word bigrams (0.7), character trigrams of words (0.3). */
export function features(text: string): Map<string, number> {
  const f = new Map<string, number>();
  const add = (k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    add('w:' + w, 1);
    if (i + 1 < ws.length) add('b:' + w + ' ' + ws[i + 1], 0.7);
    const padded = `^${w.replace(/^-+/, '')}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add('c:' + padded.slice(j, j + 3), 0.3);
  }
  return f;
}

/**
 * The offline embedder: hashed word, bigram and character-trigram features with sublinear term weights and
 * idf per hash bucket (learned from the corpus the index is built from, stored with it), signed hashing into
 * a fixed dimension, L2-normalised. Deterministic: the same text always gives the same vector.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;

  constructor(
    readonly dim = 256,
    private readonly idf?: Float32Array,
  ) {
    const idfHash = idf ? createHash('sha256').update(Buffer.from(idf.buffer, idf.byteOffset, idf.byteLength)).digest('hex').slice(0, 12) : 'none';
    this.id = `hash-ngrams-v1/dim=${dim}/idf=${idfHash}`;
  }

  /** Document frequency per bucket over a corpus -> smoothed idf. */
  static learnIdf(texts: Iterable<string>, dim = 256): Float32Array {
    const df = new Float64Array(dim);
    let n = 0;
    for (const t of texts) {
      n++;
      const seen = new Set<number>();
      for (const k of features(t).keys()) seen.add(fnv1a(k) % dim);
      for (const b of seen) df[b]!++;
    }
    const idf = new Float32Array(dim);
    for (let i = 0; i < dim; i++) idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;
    return idf;
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dim);
    for (const [k, tf] of features(text)) {
      const h = fnv1a(k);
      const b = h % this.dim;
      const sign = (h >>> 31) & 1 ? -1 : 1;
      v[b]! += sign * (1 + Math.log(tf)) * (this.idf ? this.idf[b]! : 1);
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
