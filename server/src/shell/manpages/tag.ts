/**
 * Option tags as man pages write them, and the argument shape each spells out:
 * `-n, --lines=[-]NUM` (required: NUM), `-i[SUFFIX]` (optional, attached), `--color[=WHEN]` (optional, after `=`),
 * `-L [bind_address:]port:host:hostport` (required), `-<number>` (a number written as the flag: `-20`),
 * `-exec command ;` (a command up to `;`).
 */
export interface ArgShape {
  /** none: a switch; required: takes a value; optional: only attached (`-i.bak`, `--color=auto`). */
  kind: 'none' | 'required' | 'optional';
}

export interface ParsedTag {
  flags: string[];
  /** The argument placeholder as written ('' when none). */
  arg: string;
}

/** A tag that documents an option (or a `key=value` operand such as dd's `of=FILE`). */
export function isFlagTag(tag: string): boolean {
  return /^(?:[-+][\w?@#<]|--\S)/.test(tag) || /^[a-z][\w-]*=/.test(tag);
}

/** `-<number>`, `-NUM`, `-N`: a number written as the option itself (`head -20`, `git log -3`, `kill -9`). */
export function isNumericFlag(flag: string): boolean {
  return /^-(<(?:number|n|num|count|digits?)>|NUM|N)$/i.test(flag);
}

export function parseTag(tag: string): ParsedTag {
  const flags: string[] = [];
  let arg = '';
  for (const piece of tag.split(/,\s*|\s+\|\s+|\s+or\s+/)) {
    const m = /^([-+]{1,2}(?:<[\w-]+>|[\w?@#][\w?@#.-]*)|[a-z][\w-]*(?==))(.*)$/.exec(piece.trim());
    if (!m) continue;
    flags.push(m[1]!);
    let rest = m[2]!.trim();
    // "-c --stdout --to-stdout": more spellings separated by spaces
    while (/^--?[A-Za-z][\w-]*(\s|$)/.test(rest)) {
      const more = /^(--?[A-Za-z][\w-]*)\s*(.*)$/.exec(rest)!;
      flags.push(more[1]!);
      rest = more[2]!.trim();
    }
    if (rest && !arg) arg = /^\[/.test(rest) ? rest : rest.replace(/^=/, '').trim();
  }
  return { flags, arg };
}

/**
 * The argument an option takes. Optional only when the whole placeholder is bracketed (`[=WHEN]`, `[SUFFIX]`);
 * `[-]NUM` and `[bind_address:]port` are required values with an optional part.
 */
export function argShape(arg: string): ArgShape['kind'] {
  if (!arg) return 'none';
  const a = arg.trim();
  if (a.startsWith('[') && matchingBracket(a) === a.length - 1 && !/^\[?\s*\.\.\.\s*\]?$/.test(a)) return 'optional';
  return 'required';
}

function matchingBracket(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']' && --depth === 0) return i;
  }
  return -1;
}
