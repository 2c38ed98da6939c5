/** Seeded synthetic data shared by tests, benchmarks and the commit evaluation: the same on every run. */

/** A small deterministic generator (an LCG): uniform numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  s = Math.sqrt(s) || 1;
  return v.map((x) => x / s);
}

/**
 * Clustered unit vectors: `clusters` random unit centres, points and queries scattered around them. `noise` 1
 * makes clusters about as wide as their centres are long; 3 makes them overlap. Query i is drawn like point
 * `i * stride + 3`.
 */
export function clustered(o: { n: number; queries: number; dim: number; clusters: number; seed?: number; noise?: number; stride?: number }): { data: Float32Array[]; queries: Float32Array[] } {
  const { dim, clusters, noise = 1, stride = 7 } = o;
  const r = rng(o.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: clusters }, () => unit(Float32Array.from({ length: dim }, gauss)));
  const point = (i: number) => unit(centres[i % clusters]!.map((c) => c + (noise * gauss()) / Math.sqrt(dim)));
  return { data: Array.from({ length: o.n }, (_, i) => point(i)), queries: Array.from({ length: o.queries }, (_, i) => point(i * stride + 3)) };
}
