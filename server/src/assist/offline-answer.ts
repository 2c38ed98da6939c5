import { expandTerms } from '../retrieval/query-terms.js';
import { terms } from '../retrieval/lexical.js';
import type { ExampleHit } from '../retrieval/man-search.js';
import type { Retrieval } from '../retrieval/service.js';
import type { ManPages } from '../shell/manpages/index.js';
import { firstSentence } from '../util/text.js';

/** An option of a matching page whose text fits the request. */
export interface FittingOption {
  tag: string;
  text: string;
  lines: [number, number];
}

/** A page that answers a request without a model: what it is, its example lines and the options that fit. */
export interface OfflinePage {
  page: string;
  nameLine: string;
  path: string;
  score: number;
  examples: ExampleHit[];
  options: FittingOption[];
}

/** Below this a page shares no more than a stray word with the request. */
const PAGE_FLOOR = 0.05;

/**
 * Offline answer to "what command does X": the best pages for the request, each with the example lines of its
 * EXAMPLES section that match (page and line range) and the options whose documented text fits, so the answer
 * is a command to adapt, not only a page name. Options come from the parsed page, examples from the index.
 */
export async function offlineAnswer(retrieval: Retrieval, man: ManPages, what: string, opts: { pages?: number } = {}): Promise<OfflinePage[]> {
  const hits = (await retrieval.search(what, { corpora: ['man'], k: opts.pages ?? 5 })).filter((h) => h.score >= PAGE_FLOOR);
  if (!hits.length) return [];
  const index = await retrieval.manIndex();
  const pages = hits.map((h) => String(h.meta?.page));
  const examples = index?.examples(what, 12, pages) ?? [];
  const query = expandTerms(what);
  return hits.map((h) => {
    const page = String(h.meta?.page);
    const name = page.replace(/\(\w+\)$/, '');
    return {
      page,
      nameLine: String(h.meta?.nameLine ?? ''),
      path: String(h.meta?.path ?? ''),
      score: h.score,
      examples: examples.filter((e) => e.page === page).slice(0, 2),
      options: fittingOptions(
        man,
        name,
        query.filter((q) => q.term !== name),
      ),
    };
  });
}

/** The options of a page whose text has the most of the request's words (each word once, synonyms less). */
function fittingOptions(man: ManPages, name: string, query: ReturnType<typeof expandTerms>, max = 3): FittingOption[] {
  const loaded = man.page(name);
  if (!loaded) return [];
  const own = new Set(query.filter((q) => q.weight >= 1).map((q) => q.group));
  const scored = loaded.page.options.map((o) => {
    const have = new Set(terms(`${o.tag} ${o.description}`));
    const groups = new Map<number, number>();
    for (const q of query) if (have.has(q.term)) groups.set(q.group ?? -1, Math.max(groups.get(q.group ?? -1) ?? 0, Math.min(1, q.weight)));
    let score = 0;
    for (const w of groups.values()) score += w;
    return { o, score };
  });
  // an option fits when it has at least one of the request's own words and half of its weight
  const need = Math.max(1, own.size / 2);
  return scored
    .filter((s) => s.score >= need)
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map(({ o }) => ({ tag: o.tag, text: firstSentence(o.description), lines: o.lines }));
}
