/** Text similarity metrics for commit messages. BLEU's tokens: lower-cased words and each punctuation mark. */
export function tokens(s: string): string[] {
  return s.toLowerCase().match(/[a-z0-9_]+|[^\sa-z0-9_]/g) ?? [];
}

/**
 * ROUGE's tokens, as the reference implementation (Google's rouge-score) makes them: lower-cased runs of letters
 * and digits; punctuation separates words and is not a token. Counting punctuation would let any two subjects
 * ending in a pull-request number, `(#36143)` and `(#36100)`, share three of their four tokens.
 */
export function words(s: string): string[] {
  return s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function ngrams(t: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= t.length; i++) {
    const k = t.slice(i, i + n).join(' ');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/**
 * B-Norm: sentence BLEU-4 on lower-cased tokens with add-one smoothing of the 2- to 4-gram precisions and the
 * usual brevity penalty (the variant commit-message studies use for short references).
 */
export function bNorm(candidate: string, reference: string): number {
  const c = tokens(candidate);
  const r = tokens(reference);
  if (!c.length || !r.length) return 0;
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const cn = ngrams(c, n);
    const rn = ngrams(r, n);
    let match = 0;
    let total = 0;
    for (const [k, v] of cn) {
      match += Math.min(v, rn.get(k) ?? 0);
      total += v;
    }
    const p = n === 1 ? (total ? match / total : 0) : (match + 1) / (total + 1);
    if (p === 0) return 0;
    logSum += Math.log(p) / 4;
  }
  const bp = c.length > r.length ? 1 : Math.exp(1 - r.length / c.length);
  return bp * Math.exp(logSum);
}

/** ROUGE-L F1: the longest common subsequence of words (see `words`). */
export function rougeL(candidate: string, reference: string): number {
  const a = words(candidate);
  const b = words(reference);
  if (!a.length || !b.length) return 0;
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  const lcs = dp[a.length]![b.length]!;
  if (!lcs) return 0;
  const p = lcs / a.length;
  const r = lcs / b.length;
  return (2 * p * r) / (p + r);
}

/** 1 - Levenshtein distance / longer length, on lower-cased characters. */
export function editSimilarity(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (!s.length && !t.length) return 1;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[t.length]! / Math.max(s.length, t.length);
}
