import type { CommandDoc, DocOption, DocSubcommand } from './docs/index.js';
import { isNumericFlag } from './manpages/tag.js';
import type { Word } from './explain/words.js';

/**
 * Option binding: which word (or which characters of a word) is a flag, which is the argument of which flag, which
 * is a subcommand and which is an operand, from the argument shapes the command's documentation spells out:
 * separate (`-n 10`), attached (`-n10`, `-ofile`), after `=` (`--lines=10`), optional and attached only
 * (`-i.bak`, `--color=auto`), numeric short forms (`-20`), bundles (`-xzvf`), BSD letters without a dash (`ps aux`),
 * `key=value` operands (`dd of=x`). Offsets are the words' (the caller adds its own base).
 */
export type Bound =
  | { kind: 'flag'; start: number; end: number; flag: string; option: DocOption | undefined; word: Word }
  | { kind: 'argument'; start: number; end: number; flag: string; option: DocOption; word: Word }
  | { kind: 'subcommand'; start: number; end: number; sub: DocSubcommand; word: Word }
  | { kind: 'operand'; start: number; end: number; word: Word }
  | { kind: 'end-of-options'; start: number; end: number; word: Word };

export interface BindOptions {
  /** Letters without a dash may be a bundle when they are the first argument (tar xzf, ps aux). */
  dashless: boolean;
  /** Stop at the first operand (a wrapper: what follows is another command); the index is returned. */
  stopAtOperand?: boolean;
  /** Known option spellings that take an argument, when the command has no documentation (wrappers). */
  argFlags?: string[];
}

export interface Binding {
  tokens: Bound[];
  /** Index of the first argument not bound (with stopAtOperand: the wrapped command). */
  rest: number;
  /** The documentation in effect at the end (a subcommand's, when one was named). */
  doc: CommandDoc | undefined;
}

/** The argument shape of one spelling of an option. */
export function shapeOf(o: DocOption, flag: string): DocOption['shape'] {
  return o.shapes?.[flag] ?? o.shape;
}

/** The option documented with this spelling. */
export function findDocOption(doc: CommandDoc | undefined, flag: string): DocOption | undefined {
  return doc?.options.find((o) => o.flags.includes(flag));
}

/** A number written as the flag (`-20`), or a named form (`kill -KILL`): the option documenting that form. */
function numericOption(doc: CommandDoc | undefined, v: string): DocOption | undefined {
  if (!doc) return undefined;
  if (/^-\d+$/.test(v)) return doc.options.find((o) => o.flags.some(isNumericFlag)) ?? doc.options.find((o) => o.flags.some((f) => /^-<\w+>$/.test(f)));
  if (/^-[A-Z][A-Z0-9]*$/.test(v)) return doc.options.find((o) => o.flags.some((f) => /^-<\w*sig\w*>$/.test(f)));
  return undefined;
}

/** A GNU long option may be abbreviated to any unique prefix. */
function longOption(doc: CommandDoc | undefined, flag: string): DocOption | undefined {
  const exact = findDocOption(doc, flag);
  if (exact || !doc || flag.length < 4) return exact;
  const matches = doc.options.filter((o) => o.flags.some((f) => f.startsWith('--') && f.startsWith(flag)));
  return matches.length === 1 ? matches[0] : undefined;
}

export function bindArguments(args: Word[], initial: CommandDoc | undefined, opts: BindOptions): Binding {
  const tokens: Bound[] = [];
  let doc = initial;
  let endOfOptions = false;
  let sawOperand = false;
  const takes = (o: DocOption | undefined, flag: string) => (o ? shapeOf(o, flag) === 'required' : !!opts.argFlags?.includes(flag));
  const argumentOf = (o: DocOption | undefined, flag: string, w: Word) => {
    if (o) tokens.push({ kind: 'argument', start: w.start, end: w.end, flag, option: o, word: w });
    else tokens.push({ kind: 'operand', start: w.start, end: w.end, word: w });
  };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === undefined && !endOfOptions && w.prefix && /^--?[A-Za-z]/.test(w.prefix) && dynamicOption(w, w.prefix, doc, tokens)) continue;
    if (v === undefined || endOfOptions || (opts.stopAtOperand && !/^[-+]./.test(v))) {
      if (opts.stopAtOperand) return { tokens, rest: i, doc };
      tokens.push({ kind: 'operand', start: w.start, end: w.end, word: w });
      sawOperand = true;
      continue;
    }
    if (v === '--') {
      tokens.push({ kind: 'end-of-options', start: w.start, end: w.end, word: w });
      endOfOptions = true;
      if (opts.stopAtOperand) return { tokens, rest: i + 1, doc };
      continue;
    }
    // offsets inside a word are exact only when it is written as its value (no quotes)
    const exact = w.raw === v;
    if (v.startsWith('--') && v.length > 2) {
      const eq = v.indexOf('=');
      const flag = eq > 0 ? v.slice(0, eq) : v;
      const o = longOption(doc, flag);
      if (eq > 0 && exact) {
        tokens.push({ kind: 'flag', start: w.start, end: w.start + eq, flag: o?.flags.find((f) => f.startsWith(flag)) ?? flag, option: o, word: w });
        if (o) tokens.push({ kind: 'argument', start: w.start + eq + 1, end: w.end, flag, option: o, word: w });
        continue;
      }
      tokens.push({ kind: 'flag', start: w.start, end: w.end, flag: eq > 0 ? flag : (o?.flags.find((f) => f.startsWith(flag)) ?? flag), option: o, word: w });
      if (eq < 0 && takes(o, flag) && !o?.equals && i + 1 < args.length) argumentOf(o, flag, args[++i]!);
      continue;
    }
    // `+` starts an option only where the documentation has + options (set +e); chmod +x, date +%s are operands
    const plus = v.startsWith('+') && !!doc?.options.some((o) => o.flags.some((f) => f.startsWith('+')));
    if ((v.startsWith('-') || plus) && v.length > 1) {
      i = shortOptions(w, v, exact, args, i, doc, opts, tokens, takes, argumentOf);
      continue;
    }
    if (!sawOperand && i === 0 && opts.dashless && /^[a-zA-Z]{1,12}$/.test(v) && doc?.dashless && [...v].every((c) => doc!.dashless!(c))) {
      for (let k = 0; k < v.length; k++) {
        const o = doc.dashless(v[k]!)!;
        tokens.push({ kind: 'flag', start: exact ? w.start + k : w.start, end: exact ? w.start + k + 1 : w.end, flag: o.flags[0]!.startsWith('-') ? o.flags[0]! : v[k]!, option: o, word: w });
        if (shapeOf(o, `-${v[k]}`) === 'required' && k === v.length - 1 && i + 1 < args.length) argumentOf(o, `-${v[k]}`, args[++i]!);
      }
      continue;
    }
    if (isKeyValue(doc, v)) {
      const key = v.slice(0, v.indexOf('='));
      const o = findDocOption(doc, key)!;
      tokens.push({ kind: 'flag', start: w.start, end: exact ? w.start + key.length : w.end, flag: key, option: o, word: w });
      if (exact) tokens.push({ kind: 'argument', start: w.start + key.length + 1, end: w.end, flag: key, option: o, word: w });
      continue;
    }
    if (doc?.hasSubcommands && !sawOperand && /^[a-z][a-z0-9-]*$/.test(v)) {
      const sub = doc.subcommand(v);
      if (sub) {
        tokens.push({ kind: 'subcommand', start: w.start, end: w.end, sub, word: w });
        if (sub.doc) doc = sub.doc;
        continue;
      }
    }
    tokens.push({ kind: 'operand', start: w.start, end: w.end, word: w });
    sawOperand = true;
  }
  return { tokens, rest: args.length, doc };
}

/**
 * An option whose value is an expansion: `--prefix="$HOME"`, `-j"$(nproc)"`, `-C"$dir"`. The static part names the
 * option; the rest of the word is its value. Returns false (an operand) when the prefix is not a documented option.
 */
function dynamicOption(w: Word, prefix: string, doc: CommandDoc | undefined, tokens: Bound[]): boolean {
  const eq = prefix.indexOf('=');
  if (prefix.startsWith('--')) {
    if (eq < 0) return false;
    const flag = prefix.slice(0, eq);
    const o = longOption(doc, flag);
    tokens.push({ kind: 'flag', start: w.start, end: w.start + eq, flag: o?.flags.find((f) => f.startsWith(flag)) ?? flag, option: o, word: w });
    if (o) tokens.push({ kind: 'argument', start: w.start + eq + 1, end: w.end, flag, option: o, word: w });
    return true;
  }
  // -xf"$file": letters up to the first one that takes a value, whose value is the rest
  for (let k = 1; k < prefix.length; k++) {
    const flag = `-${prefix[k]}`;
    const o = findDocOption(doc, flag);
    if (!o || !/[A-Za-z0-9]/.test(prefix[k]!)) return k > 1;
    tokens.push({ kind: 'flag', start: w.start + (k === 1 ? 0 : k), end: w.start + k + 1, flag, option: o, word: w });
    if (shapeOf(o, flag) !== 'none') {
      tokens.push({ kind: 'argument', start: w.start + k + 1, end: w.end, flag, option: o, word: w });
      return true;
    }
  }
  return true;
}

function isKeyValue(doc: CommandDoc | undefined, v: string): boolean {
  const m = /^([a-z][\w-]*)=/.exec(v);
  return !!m && !!findDocOption(doc, m[1]!);
}

/** A word starting with `-` or `+`: a whole-word option, a numeric form, or a bundle of letters. Returns the last index used. */
function shortOptions(
  w: Word,
  v: string,
  exact: boolean,
  args: Word[],
  i: number,
  doc: CommandDoc | undefined,
  opts: BindOptions,
  tokens: Bound[],
  takes: (o: DocOption | undefined, flag: string) => boolean,
  argumentOf: (o: DocOption | undefined, flag: string, w: Word) => void,
): number {
  // a whole-word option: find -name, java -version, ls -1
  const whole = findDocOption(doc, v);
  const numeric = whole ? undefined : numericOption(doc, v);
  if (numeric) {
    tokens.push({ kind: 'flag', start: w.start, end: w.end, flag: v, option: numeric, word: w });
    return i;
  }
  if (whole || v.length === 2) {
    tokens.push({ kind: 'flag', start: w.start, end: w.end, flag: v, option: whole, word: w });
    if (takes(whole, v) && i + 1 < args.length) argumentOf(whole, v, args[++i]!);
    return i;
  }
  const eq = v.indexOf('=');
  if (eq > 1 && findDocOption(doc, v.slice(0, eq))) {
    const o = findDocOption(doc, v.slice(0, eq))!;
    tokens.push({ kind: 'flag', start: w.start, end: exact ? w.start + eq : w.end, flag: v.slice(0, eq), option: o, word: w });
    if (exact) tokens.push({ kind: 'argument', start: w.start + eq + 1, end: w.end, flag: v.slice(0, eq), option: o, word: w });
    return i;
  }
  // a single-dash long option (terraform -auto-approve, java -version): not a bundle when it holds a dash or
  // none of its letters is documented
  const lead = findDocOption(doc, v.slice(0, 2));
  if (
    doc &&
    v.startsWith('-') &&
    v.length > 3 &&
    !(lead && shapeOf(lead, v.slice(0, 2)) !== 'none') &&
    (/^-[A-Za-z][\w]*-[\w-]+$/.test(v) || ![...v.slice(1)].some((c) => findDocOption(doc, `-${c}`)))
  ) {
    tokens.push({ kind: 'flag', start: w.start, end: w.end, flag: v, option: undefined, word: w });
    return i;
  }
  const prefix = v[0]!;
  for (let k = 1; k < v.length; k++) {
    const flag = prefix + v[k]!;
    const o = findDocOption(doc, flag);
    tokens.push({ kind: 'flag', start: exact ? w.start + (k === 1 ? 0 : k) : w.start, end: exact ? w.start + k + 1 : w.end, flag, option: o, word: w });
    const rest = k + 1 < v.length;
    if (o && shapeOf(o, flag) !== 'none' && rest) {
      // the rest of the word is the argument: -n10, -ofile, -i.bak
      if (exact) tokens.push({ kind: 'argument', start: w.start + k + 1, end: w.end, flag, option: o, word: w });
      return i;
    }
    if (!rest && takes(o, flag) && i + 1 < args.length) argumentOf(o, flag, args[++i]!);
    if (!o && !opts.argFlags?.includes(flag) && doc && k === 1 && /^-\d/.test(v)) return i;
  }
  return i;
}
