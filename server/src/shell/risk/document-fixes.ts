import { lineStartOf } from '../../util/text.js';
import { detectHost, extractSnippets, snippetAt, toDocOffset, type HostKind, type Snippet } from '../snippets/index.js';
import { initParser, parseText } from '../parse.js';
import { fixesFor, type Fix, type FixEdit } from './fixes.js';
import { disposeModel, modelOfTree } from './model.js';
import { findingsOfModel, DEFAULT_POLICY, type Finding, type RiskPolicy } from './index.js';

export type { Fix, FixEdit } from './fixes.js';

/** Rules for which stopping at the first error (`set -euo pipefail`) is a sensible extra fix in a script. */
const STRICT_MODE_RULES = new Set(['rm-unguarded-variable', 'unquoted-expansion', 'pipe-to-shell']);

/**
 * Fixes for findings of a host document (document offsets in, document offsets out): each edit is written
 * in the host's own syntax (`$$` in Makefiles, JSON escapes in package.json), and nothing is applied.
 */
export async function documentFixes(languageId: string, path: string, text: string, findings: Finding[], policy: RiskPolicy = DEFAULT_POLICY): Promise<Fix[]> {
  const host = detectHost(languageId, path, text);
  if (!host || findings.length === 0) return [];
  const snippets = extractSnippets(host, text);
  const bySnippet = new Map<Snippet, Finding[]>();
  for (const f of findings) {
    const s = snippetAt(snippets, f.start);
    if (s) bySnippet.set(s, [...(bySnippet.get(s) ?? []), f]);
  }
  const parser = await initParser();
  const out: Fix[] = [];
  for (const [s, wanted] of bySnippet) {
    const tree = parseText(parser, s.text);
    if (!tree) continue;
    const model = modelOfTree(tree, parser);
    try {
      for (const f of findingsOfModel(s.text, model, policy)) {
        const docF = wanted.find((w) => w.rule === f.rule && w.start === toDocOffset(s, f.start) && w.end === toDocOffset(s, f.end, 'end'));
        if (!docF) continue;
        const opts = { multiline: host === 'shell' || host === 'markdown', indent: lineIndent(text, docF.start) };
        for (const fix of fixesFor(s.text, model, f, opts)) out.push({ ...fix, edits: fix.edits.map((e) => toDocEdit(s, host, text, e)) });
      }
    } finally {
      disposeModel(model);
      tree.delete();
    }
    for (const f of wanted) out.push(disableHere(host, s, text, f));
  }
  const strict = host === 'shell' ? strictModeFix(text) : undefined;
  const strictFor = findings.find((f) => STRICT_MODE_RULES.has(f.rule));
  if (strict && strictFor) out.push({ ...strict, rule: strictFor.rule });
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = f.title + JSON.stringify(f.edits);
    return !seen.has(key) && !!seen.add(key);
  });
}

function toDocEdit(s: Snippet, host: HostKind, text: string, e: FixEdit): FixEdit {
  let start = toDocOffset(s, e.start);
  // a Makefile's `$$` is one `$` of the shell text: a replacement starting there takes both
  if (host === 'makefile' && e.end > e.start && text[start] === '$' && text[start - 1] === '$') start--;
  const end = e.end === e.start ? start : toDocOffset(s, e.end, 'end');
  return { start, end, newText: encodeFor(host, e.newText) };
}

/** Shell text as the host document must spell it. */
export function encodeFor(host: HostKind, shell: string): string {
  if (host === 'makefile') return shell.replace(/\$/g, '$$$$');
  if (host === 'package-json') return JSON.stringify(shell).slice(1, -1);
  return shell;
}

function lineIndent(text: string, offset: number): string {
  const lineStart = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** A comment directive the engine honours: on the line before, or (JSON strings) at the end of the script. */
function disableHere(host: HostKind, s: Snippet, text: string, f: Finding): Fix {
  const title = `Disable ${f.rule} for this line`;
  if (host === 'package-json') {
    const at = toDocOffset(s, s.text.length, 'end');
    return { title, rule: f.rule, preferred: false, edits: [{ start: at, end: at, newText: ` # kibitz-disable ${f.rule}` }] };
  }
  const lineStart = lineStartOf(text, f.start);
  // a tab-indented comment in a Makefile recipe would be handed to the shell and echoed; a bare one is make's
  const indent = host === 'makefile' ? '' : lineIndent(text, f.start);
  return { title, rule: f.rule, preferred: false, edits: [{ start: lineStart, end: lineStart, newText: `${indent}# kibitz-disable-next-line ${f.rule}\n` }] };
}

/** `set -euo pipefail` after the shebang of a script that does not stop on errors yet (`set -eu` for sh). */
export function strictModeFix(text: string): Omit<Fix, 'rule'> | undefined {
  if (/^[ \t]*set[ \t]+(-[a-zA-Z]*e|-o[ \t]+errexit)/m.test(text)) return undefined;
  const shebang = /^#!.*(\n|$)/.exec(text);
  const posix = !!shebang && /\b(sh|dash|ash)\s*$/.test(shebang[0].trim()) && !/bash|zsh|ksh/.test(shebang[0]);
  const line = posix ? 'set -eu' : 'set -euo pipefail';
  const at = shebang ? shebang[0].length : 0;
  const newText = shebang && !shebang[1] ? `\n${line}\n` : `${line}\n`;
  return { title: `Add \`${line}\` at the top: stop at the first failing command or unset variable`, preferred: false, edits: [{ start: at, end: at, newText }] };
}
