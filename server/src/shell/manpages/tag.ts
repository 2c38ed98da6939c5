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

/** One spelling of an option with the argument written beside it ('' when none). */
export interface TagForm {
  flag: string;
  arg: string;
}

export interface ParsedTag {
  flags: string[];
  /** The argument placeholder as written ('' when none). */
  arg: string;
  /**
   * Per spelling, when they differ: diff's `-u, -U NUM, --unified[=NUM]` (-u takes nothing, -U a number, --unified
   * an optional one); git's `--[no-]force-with-lease, --force-with-lease=<refname>` (only after `=`).
   */
  forms?: TagForm[];
}

/** A tag that documents an option (or a `key=value` operand such as dd's `of=FILE`). */
export function isFlagTag(tag: string): boolean {
  return /^(?:[-+][\w?@#<]|--\S)/.test(tag) || /^[a-z][\w-]*=/.test(tag);
}

/** `-<number>`, `-NUM`, `-N`: a number written as the option itself (`head -20`, `git log -3`, `kill -9`). */
export function isNumericFlag(flag: string): boolean {
  return /^-<(?:number|n|num|count|digits?)>$/i.test(flag) || /^-(?:NUM|N)$/.test(flag);
}

/** Split on commas, ` | `, ` or ` and ` / ` outside brackets. */
function splitPieces(tag: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < tag.length; i++) {
    const c = tag[i]!;
    if (c === '[' || c === '<' || c === '{') depth++;
    else if ((c === ']' || c === '>' || c === '}') && depth > 0) depth--;
    if (depth === 0) {
      const sep = /^(?:,\s*|\s+\|\s+|\s+or\s+|\s*\/\s*(?=[-+]))/.exec(tag.slice(i));
      if (sep) {
        out.push(cur);
        cur = '';
        i += sep[0].length - 1;
        continue;
      }
    }
    cur += c;
  }
  out.push(cur);
  return out.map((p) => p.trim()).filter(Boolean);
}

const FLAG = /^([-+]{1,2}(?:<[\w-]+>|[\w?@#][\w?@#.-]*)|[a-z][\w-]*(?==))(.*)$/;

export function parseTag(tag: string): ParsedTag {
  const forms: TagForm[] = [];
  for (const piece of splitPieces(tag)) {
    // --[no-]force: both spellings
    const neg = /^--\[no-?\]([\w-]+)(.*)$/.exec(piece);
    if (neg) {
      forms.push({ flag: `--${neg[1]}`, arg: neg[2]!.trim() }, { flag: `--no-${neg[1]}`, arg: '' });
      continue;
    }
    const m = FLAG.exec(piece);
    if (!m) continue;
    const flags = [m[1]!];
    let rest = m[2]!.trim();
    // "-c --stdout --to-stdout": more spellings separated by spaces
    while (/^--?[A-Za-z][\w-]*(\s|$)/.test(rest)) {
      const more = /^(--?[A-Za-z][\w-]*)\s*(.*)$/.exec(rest)!;
      flags.push(more[1]!);
      rest = more[2]!.trim();
    }
    // `--since=`: a value is required after `=`
    const arg = rest === '=' ? '=VALUE' : rest;
    for (const f of flags) forms.push({ flag: f, arg: f === flags[flags.length - 1] ? arg : '' });
  }
  splitAttachedPlaceholder(forms);
  const flags = [...new Set(forms.map((f) => f.flag))];
  const withArg = forms.filter((f) => f.arg);
  const arg = withArg[0]?.arg.replace(/^=(?!$)/, '').trim() ?? '';
  // one placeholder written once applies to every spelling (`-n, --lines=NUM`); several differ by spelling
  const distinct = flags.some((f) => formShape(forms, f) !== argShape(arg));
  return { flags, arg, ...(distinct ? { forms } : {}) };
}

/** patch's `-pnum or --strip=num`: the placeholder another spelling names is attached to a short flag. */
function splitAttachedPlaceholder(forms: TagForm[]): void {
  const names = new Set(forms.map((f) => f.arg.replace(/^[=[<\s]+|[\]>]+$/g, '').toLowerCase()).filter(Boolean));
  for (const f of forms) {
    const m = /^(-[A-Za-z])([a-z]{2,})$/.exec(f.flag);
    if (m && !f.arg && names.has(m[2]!)) {
      f.flag = m[1]!;
      f.arg = m[2]!;
    }
  }
}

/** The shape of the argument one spelling takes. */
export function formShape(forms: TagForm[], flag: string): ArgShape['kind'] | undefined {
  const mine = forms.filter((f) => f.flag === flag);
  if (!mine.length) return undefined;
  // written both bare and with a value: the value only after `=`
  if (mine.length > 1 && mine.some((f) => !f.arg) && mine.some((f) => f.arg)) return 'optional';
  const withArg = forms.filter((f) => f.arg);
  const own = mine.find((f) => f.arg);
  if (own) return argShape(own.arg);
  if (flag.startsWith('--no-')) return 'none';
  // a bare short spelling paired with the long one after it takes its value (`-S, --since=`); among several
  // spellings that each write their own placeholder otherwise none (-u beside -U NUM)
  const next = forms[forms.indexOf(mine[0]!) + 1];
  if (next?.arg && next.flag.startsWith('--') && !flag.startsWith('--')) return argShape(next.arg);
  return withArg.length > 1 ? 'none' : argShape(withArg[0]?.arg ?? '');
}

/**
 * The argument an option takes. Optional only when the whole placeholder is bracketed (`[=WHEN]`, `[SUFFIX]`);
 * `[-]NUM` and `[bind_address:]port` are required values with an optional part.
 */
export function argShape(arg: string): ArgShape['kind'] {
  if (!arg) return 'none';
  const a = arg.trim().replace(/^=(?=\[)/, '');
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
