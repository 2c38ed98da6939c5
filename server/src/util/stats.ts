/** The p-th percentile (nearest rank, p in 0..100) of `xs`; undefined when there are none. */
export function percentile(xs: readonly number[], p: number): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** A rate in 0..1 as a percentage with one decimal: `0.123` -> `12.3%`. */
export const formatRate = (x: number): string => `${(100 * x).toFixed(1)}%`;
