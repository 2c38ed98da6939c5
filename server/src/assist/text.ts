import { lineStartOf } from '../util/text.js';
import { cleanModelText } from '../safety/sanitize.js';
import type { HostKind } from '../shell/snippets/index.js';
import type { FixEdit, Span } from './types.js';

export interface Line {
  start: number;
  /** Offset of the line break (or the end of the text). */
  end: number;
  text: string;
  indent: string;
}

export function lineAt(text: string, offset: number): Line {
  const start = lineStartOf(text, offset);
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  const line = text.slice(start, end);
  return { start, end, text: line, indent: /^[ \t]*/.exec(line)![0] };
}

/** Whole lines covering a span: from the start of its first line to the end of its last. */
export function wholeLines(text: string, span: Span): Span {
  const first = lineAt(text, span.start);
  const last = lineAt(text, span.end > span.start && text[span.end - 1] === '\n' ? span.end - 1 : span.end);
  return { start: first.start, end: last.end };
}

/** The smallest single edit that turns text[start, end) into `replacement` (common prefix and suffix kept). */
export function minimalEdit(text: string, start: number, end: number, replacement: string): FixEdit | undefined {
  const old = text.slice(start, end);
  if (old === replacement) return undefined;
  let p = 0;
  while (p < old.length && p < replacement.length && old[p] === replacement[p]) p++;
  let s = 0;
  while (s < old.length - p && s < replacement.length - p && old[old.length - 1 - s] === replacement[replacement.length - 1 - s]) s++;
  return { start: start + p, end: end - s, newText: replacement.slice(p, replacement.length - s) };
}

const SLASH = new Set([
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'c',
  'cpp',
  'go',
  'rust',
  'java',
  'kotlin',
  'swift',
  'csharp',
  'php',
  'scala',
  'dart',
  'jsonc',
  'zig',
  'groovy',
]);
const DASH = new Set(['sql', 'lua', 'haskell', 'ada', 'elm']);
const SEMI = new Set(['lisp', 'clojure', 'scheme', 'emacs-lisp', 'elisp', 'racket']);

/** The line comment marker for a language (shell hosts always use `#`); undefined when it has none (JSON). */
export function commentMarker(languageId: string, host?: HostKind): string | undefined {
  if (host === 'package-json' || languageId === 'json') return undefined;
  if (host) return '#';
  if (SLASH.has(languageId)) return '//';
  if (DASH.has(languageId)) return '--';
  if (SEMI.has(languageId)) return ';;';
  if (languageId === 'markdown' || languageId === 'html' || languageId === 'xml') return undefined;
  return '#';
}

/** Lines as comment lines, each starting with `indent` and the marker, joined with newlines, ending with one. */
export function asComment(lines: string[], marker: string, indent: string): string {
  // every character an editor may break a line at starts a new comment line: nothing can escape the comment
  return (
    lines
      .flatMap((l) => cleanModelText(l).split('\n'))
      .map((l) => `${indent}${marker}${l ? ' ' + l : ''}`)
      .join('\n') + '\n'
  );
}

/** Wrap prose to lines of at most `width` characters. */
export function wrap(text: string, width = 100): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n+/)) {
    let cur = '';
    for (const w of para.split(/\s+/).filter(Boolean)) {
      if (cur && cur.length + 1 + w.length > width) {
        out.push(cur);
        cur = w;
      } else cur = cur ? `${cur} ${w}` : w;
    }
    if (cur) out.push(cur);
  }
  return out;
}
