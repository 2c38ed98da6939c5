import { detectHost, extractSnippets, toDocOffset, type Snippet } from '../snippets/index.js';
import type { Tree } from '../parse.js';
import { analyzeRisk, analyzeTree, strongestPerToken, type AnalysisOptions, type Finding, type RiskPolicy } from './index.js';
import { suppressedAt } from './directives.js';

/** Snippets of a document with their parse trees, when a caller already has them (the LSP's per-document cache). */
export interface ParsedSnippets {
  snippets: Snippet[];
  trees: (Tree | undefined)[];
}

/** Findings for every shell snippet of a host document, with offsets into the document. */
export async function analyzeDocument(languageId: string, path: string, text: string, policy?: RiskPolicy, parsed?: ParsedSnippets): Promise<Finding[]> {
  let snippets = parsed?.snippets;
  if (!snippets) {
    const host = detectHost(languageId, path, text);
    if (!host) return [];
    snippets = extractSnippets(host, text);
  }
  const out: Finding[] = [];
  const host = snippets[0]?.host;
  const hostVars = host === 'makefile' ? makeVariables(text) : undefined;
  const hostChecked = host === 'makefile' ? makeChecks(text) : undefined;
  for (const [i, s] of snippets.entries()) {
    const tree = parsed?.trees[i];
    const opts: AnalysisOptions = {
      keepOverlaps: true,
      host: s.host,
      opaque: s.opaque.map((o) => ({ ...o, text: o.original })),
      ...(hostVars ? { hostVars } : {}),
      ...(hostChecked ? { hostChecked } : {}),
    };
    const r = tree ? await analyzeTree(s.text, tree, policy, opts) : await analyzeRisk(s.text, policy, opts);
    for (const f of r.findings) {
      const start = toDocOffset(s, f.start);
      const end = toDocOffset(s, f.end, 'end');
      // disable directives written in the host document (e.g. a YAML comment) are honoured too
      if (policy?.directives !== false && suppressedAt(text, start, f.rule)) continue;
      out.push({ ...f, start, end, message: shownText(s, f.message, f.start, f.end) });
    }
  }
  return strongestPerToken(out);
}

/**
 * A message with the host's text where the snippet has placeholders (`$(BUILD)/` in a Makefile, not the
 * `Kxxxxxxx/` the shell parser saw): the finding's own word first, then any placeholder of a unique length.
 */
function shownText(s: Snippet, message: string, start: number, end: number): string {
  if (!s.opaque.length || !message.includes('Kx')) return message;
  const inWord = s.opaque.filter((o) => o.start >= start && o.end <= end && o.original);
  let word = s.text.slice(start, end);
  const raw = word;
  for (const o of [...inWord].reverse()) word = word.slice(0, o.start - start) + o.original + word.slice(o.end - start);
  let out = inWord.length ? message.split(raw).join(word) : message;
  for (const o of s.opaque) {
    const filler = s.text.slice(o.start, o.end);
    if (o.original && s.opaque.filter((x) => x.end - x.start === o.end - o.start).length === 1) out = out.split(filler).join(o.original);
  }
  return out;
}

/** `NAME = value`, `NAME := value`, `NAME ?= value` lines of a Makefile (the last one wins). */
export function makeVariables(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  // NAME = v, NAME := v, target: NAME := v, $(eval NAME := v)
  for (const m of text.matchAll(/^(?:[^:#\n=]+:\s*)?(?:export\s+|override\s+)?([A-Za-z_$@][\w.$@-]*)\s*(?::{1,3}|\?|\+)?=\s*(.*)$/gm)) vars.set(m[1]!, m[2]!);
  for (const m of text.matchAll(/\$\(eval\s+([\w.$@-]+)\s*(?::{1,3}|\?|\+)?=\s*(.*)\)\s*$/gm)) vars.set(m[1]!, m[2]!);
  return vars;
}

/** Make variables a recipe or the Makefile stops on when empty: `[ -z "$(X)" ] ... exit`, `ifndef X` + `$(error)`, `$(if $(X),,$(error ...))`. */
export function makeChecks(text: string): Set<string> {
  const out = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    const near = lines.slice(i, i + 4).join('\n');
    for (const m of l.matchAll(/-z\s+["']?\$[({]([\w.$@-]+)[)}]["']?/g)) if (/\b(exit|false|error)\b/.test(near)) out.add(m[1]!);
    const ifndef = /^\s*ifndef\s+([\w.-]+)/.exec(l);
    if (ifndef && /\$\(error\b/.test(near)) out.add(ifndef[1]!);
    for (const m of l.matchAll(/\$\(if\s+\$[({]([\w.$@-]+)[)}]\s*,\s*,\s*\$\(error/g)) out.add(m[1]!);
  });
  return out;
}
