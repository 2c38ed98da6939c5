// Grading of explanations against the graded set (test/fixtures/explain/graded.ts): used by npm run eval:explain
// and by the accuracy floor in test/shell/explain/graded.test.ts.
import type { Explainer, Part } from '../server/src/shell/explain/index.js';
import type { Graded } from '../test/fixtures/explain/graded.js';

/** Does this part cite `page` (`tar(1)`, `spec:docker`, `-` for none)? */
function cites(p: Part, page: string): boolean {
  if (page === '-') return p.source === null;
  if (!p.source) return false;
  if (page.startsWith('spec:')) return p.source.path.startsWith(`spec:${page.slice(5)}`);
  return p.source.page === page || p.source.page.startsWith(page.replace(/\)$/, ''));
}

export interface GradedResult {
  tokens: number;
  correct: number;
  withSource: number;
  failures: string[];
}

export async function gradeAll(set: Graded[], ex: Explainer, dashlessBundles: string[]): Promise<GradedResult> {
  const r: GradedResult = { tokens: 0, correct: 0, withSource: 0, failures: [] };
  for (const g of set) {
    const { parts } = await ex.explain(g.cmd, { dashlessBundles });
    const used = new Set<Part>();
    for (const t of g.tokens) {
      r.tokens++;
      // the token as written, or a letter of a bundle by its flag
      const candidates = parts.filter((p) => !used.has(p) && (p.text === t.text || (p.flag === t.text && p.kind === 'flag')));
      const hits = candidates.filter((p) => p.kind === t.kind);
      const p = (hits.length ? hits : candidates)[t.nth - 1] ?? (hits.length ? hits : candidates)[0];
      if (p) used.add(p);
      if (p?.source) r.withSource++;
      const ok = !!p && p.kind === t.kind && cites(p, t.page) && (!t.flag || p.flag === t.flag);
      if (ok) r.correct++;
      else
        r.failures.push(
          `${g.cmd.replace(/\n/g, '⏎')}  ::  ${t.text}: expected ${t.kind} ${t.page}${t.flag ? ` @${t.flag}` : ''}, got ${p ? `${p.kind} ${p.source ? p.source.page : '-'}${p.flag ? ` @${p.flag}` : ''}` : 'nothing'}`,
        );
    }
  }
  return r;
}
