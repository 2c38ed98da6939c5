import path from 'node:path';
import { DOC_FILE, workspaceFiles } from '../retrieval/corpora/docs.js';
import { LexicalBuilder, terms, type LexicalIndex, type QueryTerm } from '../retrieval/lexical.js';
import { expandTerms } from '../retrieval/query-terms.js';
import { readConfined } from '../util/safe-read.js';
import { codeDocPassages, isCodeDocFile } from './code-docs.js';
import { passagesOf, sentencesOf, type Cited, type Passage } from './passages.js';

export interface DocsAnswer {
  question: string;
  /** False: nothing in the docs answers it ("not in these docs"). */
  answered: boolean;
  /** 0..1: how much of the question the best passage covers. */
  confidence: number;
  sentences: Cited[];
  /** The passages the sentences come from, best first, at most one per section. */
  passages: (Cited & { score: number; trail: string })[];
}

/** Below this share of the question's words (weighted by rarity) in the best passage, the docs do not answer it. */
const ANSWER_FLOOR = 0.45;
/** The same when the best passage is a code block, whose words may meet the question's by chance (`title: 'Dashboard'`). */
const CODE_ANSWER_FLOOR = 0.6;
const MAX_FILE = 1024 * 1024;
/** Words of how a question is asked, not of what it is about ("where do I…", "what is needed for…"). */
const ASK_FILLER = /\b(where|when|why|needed)\b/gi;

/** Identifiers also as words: `bodyLimit` is also "body limit", `genReqId` "gen req id". */
function splitNames(text: string): string {
  const split = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return split === text ? text : `${text}\n${split}`;
}

/** What answers: the docs files, and the doc comments of the code's public symbols (both by default). */
export interface DocsSources {
  docs?: boolean;
  code?: boolean;
}

/** Test data and other people's code: Markdown there is not this project's documentation. */
const NOT_DOCS = /(^|\/)(fixtures?|__fixtures__|testdata|test-data|__snapshots__|vendor|third_party|node_modules)\//i;

/** The files whose passages answer questions about `root`: its docs files (not test data) and its source files outside tests. */
export function askFiles(root: string, sources: DocsSources = {}): string[] {
  const docs = sources.docs ?? true;
  const code = sources.code ?? true;
  return workspaceFiles(root, (rel) => (docs && DOC_FILE.test(rel) && !NOT_DOCS.test(rel)) || (code && isCodeDocFile(rel)), 10000);
}

/** The docs of a workspace as passages and their lexical index (heading and file name count more than the body). */
export function indexDocs(root: string, sources: DocsSources = {}): DocsIndex {
  const passages: Passage[] = [];
  for (const file of askFiles(root, sources)) passages.push(...readPassages(root, file));
  return buildDocsIndex(passages);
}

/**
 * The passages of one file of `root`: a docs file's paragraphs and code blocks, a source file's doc comments of
 * public symbols (none when it cannot be read inside the workspace, or is too large).
 */
export function readPassages(root: string, file: string): Passage[] {
  const read = readConfined(root, file, MAX_FILE);
  if (!read.ok) return [];
  const rel = path.relative(root, file);
  return DOC_FILE.test(rel) ? passagesOf(rel, read.text) : codeDocPassages(rel, read.text);
}

export type DocsIndex = { passages: Passage[]; index: LexicalIndex };

/** The lexical index over passages: their words, headings (weighted up), heading trail and file name. */
export function buildDocsIndex(passages: Passage[]): DocsIndex {
  const b = new LexicalBuilder();
  passages.forEach((p, i) => {
    const near = [passages[i - 1], passages[i + 1]].filter((n) => n && n.path === p.path && n.trail === p.trail).map((n) => n!.lines.join('\n'));
    b.add([
      { text: splitNames(p.lines.join('\n')), weight: 1 },
      { text: splitNames(near.join('\n')), weight: 0.3, weak: true },
      { text: splitNames(p.heading), weight: 1.5 },
      { text: splitNames(p.trail), weight: 0.5 },
      { text: splitNames(path.basename(p.path).replace(/\.\w+$/, '')), weight: 0.5 },
    ]);
  });
  return { passages, index: b.finish() };
}

/** The share of the question's own words (each once; synonyms count at their weight) a text has. */
function coverage(query: QueryTerm[], text: string): number {
  const have = new Set(terms(text));
  const groups = new Map<number, number>();
  let total = 0;
  for (const q of query) {
    if (q.weight >= 1) total++;
    if (have.has(q.term)) groups.set(q.group ?? -1, Math.max(groups.get(q.group ?? -1) ?? 0, Math.min(1, q.weight)));
  }
  let got = 0;
  for (const v of groups.values()) got += v;
  return total ? Math.min(1, got / total) : 0;
}

/**
 * An extractive answer from a workspace's docs: the passages that best match the question (BM25 over paragraphs,
 * the question expanded with WordNet), and from them the sentences that carry most of its words, in the order the
 * docs give them, each cited by file, lines and heading. Nothing is made up: every sentence is the docs' own text.
 * When the best passage holds less than half of the question's words, the answer is that the docs do not say.
 */
export function askDocs(question: string, docs: { passages: Passage[]; index: LexicalIndex }, opts: { sentences?: number } = {}): DocsAnswer {
  const query = expandTerms(question.replace(ASK_FILLER, ' '));
  const found = docs.index.search(query, 40);
  const hits = onePerSection(docs, found).slice(0, 5);
  const best = hits[0];
  // how much of the question the best passage holds, each of the question's own words weighted by how rare it is
  // in these docs, and a word the docs never use counting half again as much as the rarest they do use (it is the
  // strongest sign of a question about something else): a question about something else is
  // not answered by its one common word
  const confidence = best ? answerCoverage(query, `${docs.passages[best.doc]!.trail}\n${docs.passages[best.doc]!.lines.join('\n')}`, docs.index) : 0;
  const passages = hits.map((h) => listed(docs.passages[h.doc]!, h.coverage));
  // words of a code block are names and strings, not statements: it answers only when it holds clearly more
  const isCode = best && /^\s*(```|~~~)/.test(docs.passages[best.doc]!.lines[0] ?? '');
  if (!best || confidence < (isCode ? CODE_ANSWER_FLOOR : ANSWER_FLOOR)) return { question, answered: false, confidence, sentences: [], passages };
  // sentences from the passages that cover the question nearly as well as the best one
  // (several paragraphs of one section may together be the answer)
  const pool = found.filter((h) => h.coverage >= confidence - 0.2).slice(0, 3);
  const scored = pool.flatMap((h, rank) => sentencesOf(docs.passages[h.doc]!).map((s, at) => ({ s, rank, at, score: coverage(query, `${s.heading} ${s.text}`) })));
  const top = Math.max(0, ...scored.map((x) => x.score));
  // the sentences that say most of it (at least half as much as the best one), then in the order the docs give them
  // the same sentence in two files (a page and its summary) is said once
  const said = new Set<string>();
  const once = (t: string) => {
    const key = t.replace(/\W+/g, ' ').trim().toLowerCase();
    return !said.has(key) && !!said.add(key);
  };
  const chosen = scored
    .filter((x) => x.score > 0 && x.score >= top / 2)
    .sort((a, b) => b.score - a.score || a.rank - b.rank || a.at - b.at)
    .filter((x) => once(x.s.text))
    .slice(0, opts.sentences ?? 4);
  const fileRank = (f: string) => Math.min(...chosen.filter((x) => x.s.path === f).map((x) => x.rank));
  chosen.sort((a, b) => fileRank(a.s.path) - fileRank(b.s.path) || a.s.path.localeCompare(b.s.path) || a.s.lines[0] - b.s.lines[0] || a.at - b.at);
  return { question, answered: chosen.length > 0, confidence, sentences: chosen.map((x) => x.s), passages };
}

/** A passage as an answer lists it: its text, where it is, and how much of the question it covers. */
export function listed(p: Passage, score: number): DocsAnswer['passages'][number] {
  return { text: p.lines.join('\n'), path: p.path, lines: [p.start, p.start + p.lines.length - 1], heading: p.heading, ...(p.label ? { label: p.label } : {}), trail: p.trail, score };
}

/** The best passage of each section (file and heading trail), in the order of the hits: three paragraphs of one section are one answer, not three. */
function onePerSection<H extends { doc: number }>(docs: DocsIndex, hits: H[]): H[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const p = docs.passages[h.doc]!;
    const key = `${p.path}\0${p.trail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A listed passage with the paragraphs of its section around it (`before` above, `after` below), lines as the file
 * has them: the one best paragraph stands for its section in the list, but an answer may need the next one too.
 */
export function inSection(docs: DocsIndex, c: Pick<Cited, 'path' | 'lines' | 'text'>, before = 1, after = 2): { text: string; lines: [number, number] } {
  const i = docs.passages.findIndex((p) => p.path === c.path && p.start === c.lines[0]);
  const at = docs.passages[i];
  if (!at) return { text: c.text, lines: c.lines };
  const same = (p: Passage | undefined) => p && p.path === at.path && p.trail === at.trail;
  let from = i;
  let to = i;
  while (from > i - before && same(docs.passages[from - 1])) from--;
  while (to < i + after && same(docs.passages[to + 1])) to++;
  const lines: string[] = [];
  for (const p of docs.passages.slice(from, to + 1)) {
    // between two paragraphs of one section there are only blank lines
    while (lines.length && docs.passages[from]!.start + lines.length < p.start) lines.push('');
    lines.push(...p.lines);
  }
  const start = docs.passages[from]!.start;
  return { text: lines.join('\n'), lines: [start, start + lines.length - 1] };
}

function answerCoverage(query: QueryTerm[], text: string, index: LexicalIndex): number {
  const have = new Set(terms(splitNames(text)));
  const rarest = Math.log(1 + index.docCount);
  const groups = new Map<number, { weight: number; got: number }>();
  for (const q of query) {
    const g = q.group ?? -1;
    const cur = groups.get(g) ?? { weight: 0, got: 0 };
    if (q.weight >= 1) cur.weight = Math.max(cur.weight, index.idf(q.term) ?? rarest * 1.5);
    if (have.has(q.term)) cur.got = Math.max(cur.got, Math.min(1, q.weight));
    groups.set(g, cur);
  }
  let total = 0;
  let got = 0;
  for (const { weight, got: g } of groups.values()) {
    total += weight;
    got += weight * g;
  }
  return total ? got / total : 0;
}

/** ` (heading)` after a citation, when there is one that the citation does not already say. */
export function headingNote(c: Pick<Cited, 'heading' | 'label'>): string {
  return c.heading && !(c.label && c.heading.startsWith(c.label)) ? ` (${c.heading})` : '';
}

/** `path:12-14` (or `path:12`); a source outside the workspace by its label (`commit 1a2b3c4`, `tar(1)`). */
export function citation(c: Pick<Cited, 'path' | 'lines' | 'label'>): string {
  if (c.label) return c.label;
  return c.lines[0] === c.lines[1] ? `${c.path}:${c.lines[0]}` : `${c.path}:${c.lines[0]}-${c.lines[1]}`;
}
