// Scoring man-page search on the labelled tasks, and the fixture corpus's index: shared by eval:search and the tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildManIndex, pageNames } from '../../server/src/retrieval/man-index-build.js';
import { ManSearch } from '../../server/src/retrieval/man-search.js';
import { QUERIES } from '../fixtures/search/queries.js';
import { pagesAsRoff } from '../fixtures/search/pages.js';

export interface SearchScore {
  hit1: number;
  hit3: number;
  mrr: number;
  misses: string[];
  /** Tasks with at least one answer in the corpus. */
  scored: number;
}

/**
 * Score a loaded index on the tasks. A hit is a page in the results (any section) that documents an answer: the
 * answer's own page, or a page whose NAME line lists it (gzip(1) is `gzip, gunzip, zcat - …`, the page
 * `man zcat` opens).
 */
export async function scoreSearch(s: ManSearch, all = QUERIES): Promise<SearchScore> {
  // a task whose answers are not installed here cannot be found: it is left out (and counted)
  const queries = all.filter((q) => q.answers.some((a) => s.hasPage(a)));
  let h1 = 0;
  let h3 = 0;
  let rr = 0;
  const misses: string[] = [];
  for (const q of queries) {
    const hits = await s.search(q.q, 10);
    const names = hits.map((h) => h.page.replace(/\([^)]*\)$/, ''));
    const rank = hits.findIndex((h, i) => pageNames({ name: names[i]!, nameLine: h.nameLine }).some((n) => q.answers.includes(n)));
    if (rank === 0) h1++;
    if (rank >= 0 && rank < 3) h3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank < 0 || rank >= 3) misses.push(`  ${q.q}  →  ${names.slice(0, 5).join(', ')}   (want ${q.answers.slice(0, 4).join('/')}${rank >= 0 ? `, found at ${rank + 1}` : ''})`);
  }
  const n = queries.length;
  return { hit1: h1 / n, hit3: h3 / n, mrr: rr / n, misses, scored: n };
}

/** Build the fixture corpus's index in a temporary directory. */
export async function fixtureIndex(): Promise<ManSearch> {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-search-fixture-'));
  const man1 = path.join(root, 'man', 'man1');
  const man8 = path.join(root, 'man', 'man8');
  mkdirSync(man1, { recursive: true });
  mkdirSync(man8, { recursive: true });
  const files: string[] = [];
  for (const [name, text] of pagesAsRoff()) {
    const file = path.join(name.endsWith('.8') ? man8 : man1, name);
    writeFileSync(file, text);
    files.push(file);
  }
  const dir = path.join(root, 'index');
  // nothing of the machine: no package priorities, no info manuals
  await buildManIndex(dir, files, { priorities: new Map(), info: new Map() });
  return (await ManSearch.load(dir))!;
}
