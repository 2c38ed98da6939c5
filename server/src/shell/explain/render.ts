import type { Source } from '../manpages/index.js';
import type { Explanation, Part } from './explain.js';
import { firstSentence } from '../../util/text.js';

/** The innermost part covering an offset (parts may nest: a word and the expansion inside it). */
export function partAt(parts: Part[], offset: number): Part | undefined {
  let best: Part | undefined;
  for (const p of parts) {
    if (offset < p.start || offset > p.end || (offset === p.end && p.end > p.start && offset !== p.start && !isEnd(p, offset))) continue;
    if (!best || p.end - p.start < best.end - best.start) best = p;
  }
  return best;
}

function isEnd(p: Part, offset: number): boolean {
  return offset === p.end && p.end - p.start <= 1;
}

export function citeSource(s: Source): string {
  if (!s.lines) return `${s.page}, entry \`${s.section}\``;
  return `${s.page} \`${s.path}\` ${s.section}, lines ${s.lines[0]}–${s.lines[1]}`;
}

/** A table cell: the first sentence (at most ~200 characters, never cut mid-word). */
function cell(p: Part): string {
  return firstSentence(p.documented ?? p.explanation, 200).replace(/\|/g, '\\|');
}

/** What the table's first column shows: a flag by its name (`-z` of `-xzf`), anything else as written. */
function shownName(p: Part, textOf: (p: Part) => string): string {
  return p.kind === 'flag' && p.flag ? p.flag : textOf(p);
}

function code(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  const ticks = t.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${t.replace(/\|/g, '\\|')}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}

/**
 * Hover Markdown: the token's explanation first, then the command's parts as a compact table, then sources.
 * `text` is what the user sees for each part (document text, not the parser's view).
 */
export function renderMarkdown(exp: Explanation, focus: Part, opts: { maxParts: number; textOf?: (p: Part) => string; preamble?: string[] }): string {
  const textOf = opts.textOf ?? ((p: Part) => p.text);
  const out: string[] = [];
  if (opts.preamble?.length) out.push(...opts.preamble, '');
  // a letter of a bundle (`z` of `-xzf`) is shown as its flag; `--opt=value` as `--opt` in it
  const tokenText = textOf(focus);
  const label = focus.kind !== 'flag' || !focus.flag || focus.flag === tokenText ? code(tokenText) : focus.flag.endsWith(tokenText) ? code(focus.flag) : `${code(focus.flag)} in ${code(tokenText)}`;
  const of = focus.kind === 'argument' && focus.flag ? ` of ${code(focus.flag)}` : '';
  out.push(`**${label}** — ${focus.kind}${of}${focus.command && focus.kind !== 'command' ? ` of \`${focus.command}\`` : ''}`, '');
  out.push(focus.explanation || 'No explanation known.', '');
  const range = focus.commandRange ?? exp.parts.find((p) => p.kind === 'command' && p.commandRange && focus.start >= p.commandRange[0] && focus.end <= p.commandRange[1])?.commandRange;
  const members = range ? exp.parts.filter((p) => p.start >= range[0] && p.end <= range[1]) : exp.parts.filter((p) => Math.abs(p.start - focus.start) < 200);
  const shown = members.slice(0, opts.maxParts);
  if (shown.length > 1) {
    out.push('| part | kind | meaning |', '|---|---|---|');
    for (const p of shown) {
      const name = p === focus ? `**${code(shownName(p, textOf))}**` : code(shownName(p, textOf));
      out.push(`| ${name} | ${p.kind}${p.kind === 'argument' && p.flag ? ` of ${code(p.flag)}` : ''} | ${cell(p)} |`);
    }
    if (members.length > shown.length) out.push(`| … | | ${members.length - shown.length} more parts |`);
    out.push('');
  }
  const sources = new Map<string, Source>();
  for (const p of [focus, ...shown]) if (p.source) sources.set(citeSource(p.source), p.source);
  if (sources.size) {
    out.push('**Sources**', '');
    for (const c of sources.keys()) out.push(`- ${c}`);
  } else {
    out.push('_No source: nothing on this machine documents this part._');
  }
  return out.join('\n');
}
