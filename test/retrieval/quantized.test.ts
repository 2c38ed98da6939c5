import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuantizedVectors } from '../../server/src/retrieval/quantized.js';
import { clustered } from '../support/synthetic.js';

describe('int8 vectors', () => {
  it('find the same nearest rows as float cosine, and load back from disk', () => {
    const { data, queries } = clustered({ n: 2000, queries: 50, dim: 64, clusters: 20, seed: 7 });
    const exact = (q: Float32Array) =>
      data
        .map((v, i) => ({ i, s: v.reduce((a, x, d) => a + x * q[d]!, 0) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 10)
        .map((x) => x.i);
    const qv = QuantizedVectors.build(data, 64);
    const prefix = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-q-')), 'dense');
    qv.save(prefix);
    const back = QuantizedVectors.load(prefix, 64);
    expect(back.size).toBe(2000);
    let agree = 0;
    for (let t = 0; t < 50; t++) {
      // a stored row finds itself first
      const self = back.search(data[t * 37]!, 1)[0]!;
      expect(self.doc).toBe(t * 37);
      expect(self.score).toBeCloseTo(1, 1);
      const q = queries[t]!;
      const got = back.search(q, 10);
      const want = new Set(exact(q));
      agree += got.filter((g) => want.has(g.doc)).length;
    }
    expect(agree / 500).toBeGreaterThanOrEqual(0.95);
    expect(() => QuantizedVectors.load(prefix, 32)).toThrow(/does not hold/);
  });
});
