import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ManPages } from '../shell/manpages/index.js';
import { definition } from '../retrieval/wordnet.js';
import { askDocs, buildDocsIndex, listed, type DocsAnswer, type DocsIndex } from './ask.js';
import { passagesOf, sentencesOf, type Cited, type Passage } from './passages.js';

const run = promisify(execFile);

/** How many commits of the history answer questions (the newest). */
const HISTORY_COMMITS = 2000;
/** A man page answers instead of the docs when it covers the question this much better. */
const MAN_MARGIN = 0.1;

/** A line of a written source that Markdown would read as a heading (`#`, `<h2>`, a `---` underline) or a fence is indented by one space. */
const quoteLine = (l: string) => (/^\s*(#|```|~~~|<h[1-6]\b|([=\-~^"'`*+:._])\2{2,}\s*$)/i.test(l) ? ` ${l}` : l);

/** Writes a generated source where a citation can open it, and reads it back as passages (paths relative to `root`). */
function written(root: string, file: string, text: string, label: (p: Passage) => string): Passage[] {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return passagesOf(path.relative(root, file), text).map((p) => ({ ...p, label: label(p) }));
}

const histories = new Map<string, { head: string; index: DocsIndex }>();

/**
 * The commit history of the folder `root` (the commits that touched it) as passages: each commit's subject and body under a heading with
 * its short hash and date, written to `<cacheDir>/history/<repo>.md` (so a citation opens the message) and cited
 * as `commit 1a2b3c4`. Built again only when HEAD moves. Undefined outside a git repository.
 */
export async function historyIndex(root: string, cacheDir: string, max = HISTORY_COMMITS): Promise<DocsIndex | undefined> {
  // read without blocking: the language server answers other requests while git runs
  const git = async (args: string[]) => (await run('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout;
  let head: string;
  try {
    head = (await git(['rev-parse', 'HEAD'])).trim();
  } catch {
    return undefined;
  }
  const key = `${root}\0${max}`;
  const had = histories.get(key);
  if (had?.head === head) return had.index;
  let log: string;
  try {
    // the history of this folder: in a monorepo, the commits that touched the project asked about
    log = await git(['log', '--no-merges', `-n${max}`, '--format=%h%x1f%as%x1f%B%x1e', '--', '.']);
  } catch {
    return undefined;
  }
  const out = ['# Commit history', ''];
  for (const rec of log.split('\x1e')) {
    const [hash, date, message] = rec.replace(/^\n/, '').split('\x1f');
    if (!hash || !message?.trim()) continue;
    out.push(`## commit ${hash} (${date})`, '', ...message.trim().split('\n').map(quoteLine), '');
  }
  const file = path.join(cacheDir, 'history', `${createHash('sha256').update(root).digest('hex').slice(0, 16)}.md`);
  const passages = written(root, file, out.join('\n'), (p) => /^commit \w+/.exec(p.heading)?.[0] ?? 'commit history');
  const index = buildDocsIndex(passages);
  histories.set(key, { head, index });
  return index;
}

/**
 * The commands a question names: a word in backticks, a word before an option (`tar -x`, `rsync --delete`), a
 * word that is not English but has a man page (`rsync`, `jq`), or a command and subcommand that have a page of
 * their own (`git stash` → git-stash). Only ever those that have a man page.
 */
export function namedCommands(question: string, man: Pick<ManPages, 'page'>): string[] {
  const names = new Set<string>();
  for (const m of question.matchAll(/`([a-z][\w.+-]*)[^`]*`/g)) names.add(m[1]!);
  for (const m of question.matchAll(/\b([a-z][\w.+-]*)\s+--?[a-zA-Z]/g)) names.add(m[1]!);
  const words = question.toLowerCase().match(/\b[a-z][a-z0-9.+-]{1,}\b/g) ?? [];
  for (const w of words) if (!definition(w)) names.add(w);
  // a subcommand with a page of its own (`git stash` → git-stash(1)) stands for its command
  words.forEach((w, i) => {
    const sub = words[i + 1] && `${w}-${words[i + 1]}`;
    if (sub && /^[a-z][\w.+-]*$/.test(sub) && man.page(sub)) {
      names.delete(w);
      names.add(sub);
    }
  });
  return [...names].filter((n) => man.page(n)).slice(0, 3);
}

/**
 * The man pages of the commands a question names, as passages: the NAME line, then each option (its tag as the
 * heading, its text below), written to `<cacheDir>/ask-man/<page>.md` and cited as `tar(1)`.
 */
export function manIndex(root: string, question: string, man: Pick<ManPages, 'page'>, cacheDir: string): DocsIndex | undefined {
  const passages: Passage[] = [];
  for (const name of namedCommands(question, man)) {
    const loaded = man.page(name)!;
    const out = [`# ${loaded.ref}`, '', quoteLine(`${loaded.page.name} - ${loaded.page.summary}`), ''];
    for (const o of loaded.page.options) {
      out.push(`## ${o.tag.replace(/\s+/g, ' ')}`, '', ...o.description.split('\n').map(quoteLine), '');
      for (const v of o.values ?? []) out.push(quoteLine(`- ${v.value}: ${v.text.replace(/\s+/g, ' ')}`));
      out.push('');
    }
    passages.push(...written(root, path.join(cacheDir, 'ask-man', `${loaded.ref.replace(/[^\w.()-]/g, '_')}.md`), out.join('\n'), () => loaded.ref));
  }
  return passages.length ? buildDocsIndex(passages) : undefined;
}

/** A commit answers with its message: the subject and what the body says after it (the why), not its best sentence alone. */
function wholeMessage(a: DocsAnswer, history: DocsIndex, max = 4): Cited[] {
  const first = a.sentences[0];
  if (!first) return a.sentences;
  // trailers (`Signed-off-by:`, `Reviewers: … Closes #12`) are bookkeeping, not what the change is about
  const trailer = /^(signed-off-by|co-authored-by|reviewed-by|reviewers|acked-by|tested-by|author|closes|change-id|cc)\b:?/i;
  return history.passages
    .filter((p) => p.path === first.path && p.heading === first.heading)
    .flatMap(sentencesOf)
    .filter((s) => !trailer.test(s.text))
    .slice(0, max);
}

/**
 * A man page answer for an option the question spells out (`tar -C`): the text of that option, case and all (`-C`
 * is not `-c`), as words alone would not tell them apart. Undefined when the question names no documented option.
 */
function optionAnswer(question: string, man: DocsIndex): DocsAnswer | undefined {
  const flags = new Set(question.match(/(?<![\w-])--?[A-Za-z0-9][\w-]*/g) ?? []);
  if (!flags.size) return undefined;
  const hits = man.passages.filter((p) => p.heading.split(/[\s,=[\]]+/).some((f) => flags.has(f)));
  if (!hits.length) return undefined;
  const passages = hits.slice(0, 5).map((p) => listed(p, 1));
  return { question, answered: true, confidence: 1, sentences: hits.flatMap(sentencesOf).slice(0, 4), passages };
}

export interface AskSources {
  /** The workspace's docs and the doc comments of its code. */
  docs: DocsIndex;
  /** The man pages of commands the question names. */
  man?: DocsIndex;
  /** The commit history. */
  history?: DocsIndex;
}

/**
 * The answer from the sources a question can be answered from, and the index it came from: the workspace's docs
 * (and code comments) first; the man page of a command the question names when it covers the question clearly
 * better; the commit history when neither answers, or for a "why" it covers as well ("why did we drop Node 16?").
 */
export function askSources(question: string, sources: AskSources): { answer: DocsAnswer; from: DocsIndex } {
  const docs = { answer: askDocs(question, sources.docs), from: sources.docs };
  let best = docs;
  if (sources.man) {
    const man = { answer: optionAnswer(question, sources.man) ?? askDocs(question, sources.man), from: sources.man };
    if (man.answer.answered && (!best.answer.answered || man.answer.confidence > best.answer.confidence + MAN_MARGIN)) best = man;
  }
  // a "why" is answered where the reasons are written down: the history, when it covers the question as well
  const why = /^\s*(why|what (was|is) the reason)\b/i.test(question);
  if ((!best.answer.answered || why) && sources.history) {
    const history = { answer: askDocs(question, sources.history), from: sources.history };
    const better = !best.answer.answered || history.answer.confidence >= best.answer.confidence;
    if (history.answer.answered && better) best = { ...history, answer: { ...history.answer, sentences: wholeMessage(history.answer, sources.history) } };
  }
  return best;
}
