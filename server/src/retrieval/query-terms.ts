import { words } from './embedder.js';
import { joinedTerm, stem, terms, type QueryTerm } from './lexical.js';
import { senseOf, type WordRole } from './wordnet.js';

// A task as the terms a search looks for: its own words, their WordNet synonyms and definitions, sizes as pages
// write them (used by the man index, the docs assistant and the offline answers).

/**
 * The role of each word of a task: its first word is a verb ("show", "count") unless "of" follows it ("size of a
 * folder"), others nouns or adjectives (a word after "a", "the", "in" is a noun). Enough to pick a word's sense:
 * "file" in "count lines in a file" is the data file, not the verb "file" (to register).
 */
function roles(query: string): Map<string, WordRole> {
  const out = new Map<string, WordRole>();
  const raw = query.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];
  raw.forEach((w, i) => {
    if (!out.has(w)) out.set(w, i === 0 && raw[1] !== 'of' ? 'verb' : 'noun');
  });
  return out;
}

/** Words of a request that say nothing about the task ("how do I … here"). */
const FILLER = new Set('here there my me i you we how what which whose do does can could would want need please just some somehow way using use'.split(' '));

/** `100MB`, `2G`, `512k`: a size in the request, also as a page writes it (`100M`, find's `-size +100M`). */
function sizeTerms(w: string): string[] {
  const m = /^(\d+)(k|m|g|t)(?:i?b)?$/.exec(w);
  return m ? [`${m[1]}${m[2]}`, 'size'] : [];
}

/** Words of a definition that carry no meaning of their own ("make", "something", "especially"). */
const GLOSS_FILLER = new Set(
  'make made cause become something someone somebody especially usually often one ones thing things act state way put get give take certain particular kind type various etc e g i'.split(' '),
);

/**
 * The query as weighted terms, each tied to the word it stands for: the word itself (1); a pair of words written
 * as one (`look up` → lookup, `user name` → username: 0.9); a size as pages write it (`100MB` → 100M: 0.7);
 * WordNet synonyms of the word in its role (0.25); and the words of its WordNet definition (0.12: "delete" is
 * defined as "remove or make invisible", which is how man pages say it).
 */
export function expandTerms(query: string): QueryTerm[] {
  const out = new Map<string, QueryTerm>();
  const role = roles(query);
  const add = (t: string, weight: number, group: number) => {
    const had = out.get(t);
    if (!had || had.weight < weight) out.set(t, { term: t, weight, group: had && had.weight >= 1 ? had.group : group });
  };
  const ws = words(query).filter((w) => !FILLER.has(w));
  ws.forEach((w, group) => {
    for (const t of terms(w)) add(t, 1, group);
  });
  ws.forEach((w, group) => {
    const next = ws[group + 1];
    if (next && /^[a-z]+$/.test(w + next)) add(stem(w + next), 0.9, group);
    // one word a page may write as two (logout: "log out")
    if (/^[a-z]+$/.test(w)) add(joinedTerm(w), 0.9, group);
    for (const t of sizeTerms(w)) add(t, 0.7, group);
    const sense = senseOf(w, 2, role.get(w));
    for (const s of sense.synonyms) for (const t of terms(s)) add(t, 0.25 / Math.max(1, s.split(' ').length), group);
    // definitions of actions say what a page says ("delete": "remove or make invisible"); of things, too much
    if (role.get(w) === 'verb') for (const g of words(sense.glosses[0] ?? '')) if (!GLOSS_FILLER.has(g) && !FILLER.has(g) && g.length > 2) for (const t of terms(g)) add(t, 0.12, group);
  });
  return [...out.values()];
}
