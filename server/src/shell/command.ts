import { bindArguments, type Binding, type Bound } from './bind.js';
import type { CommandDoc, CommandDocs } from './docs/index.js';
import { WRAPPERS } from './wrappers.js';
import type { Word } from './explain/words.js';

/**
 * The command model both the explainer and the risk rules read: a simple command given as words, with its program
 * resolved through wrappers (sudo, env, nice, timeout, xargs, command, exec), its options bound to their arguments
 * from the documentation, its subcommands and operands, each with the words' exact offsets.
 */
export interface CommandModel {
  /** The program as named (`rm`), without a directory (`/bin/rm` → rm); '' when computed at run time. */
  name: string;
  nameWord: Word;
  /** Named by a path: a builtin of the same name does not apply. */
  hasPath: boolean;
  args: Word[];
  /** Its documentation (a builtin, a man page, a CLI spec), when this machine or kibitz has one. */
  doc: CommandDoc | undefined;
  /** Options, arguments, subcommands and operands; for a wrapper, up to the command it runs. */
  binding: Binding;
  /** The name with its subcommands: `git commit`, `docker compose up`. */
  label: string;
  /** A wrapper's own words and the command it runs. */
  wrapper?: WrapperUse;
}

export interface WrapperUse {
  /** `env A=1 cmd`: variables set for the command. */
  assignments: Word[];
  /** Operands of the wrapper itself before the command (`timeout 10 cmd`: 10). */
  operands: Word[];
  /** `command -v git`: the operand is looked up, not run. */
  query: boolean;
  /** The command it runs, when there is one. */
  wrapped?: CommandModel;
}

export interface ModelOptions {
  /** Commands whose first argument may be dashless letters (`tar xzf`, `ps aux`). */
  dashless: string[];
  /** Option spellings that take an argument when the documentation does not say (program flags: perl -e). */
  argFlags?: (name: string) => string[] | undefined;
}

/** Where documentation comes from; `NO_DOCS` when none is wanted (the wrappers' own tables still apply). */
export type Docs = Pick<CommandDocs, 'of'>;
export const NO_DOCS: Docs = { of: () => undefined };

/** `/usr/bin/rm` → rm. */
export function baseName(v: string): string {
  return v.includes('/') ? v.slice(v.lastIndexOf('/') + 1) : v;
}

const MAX_WRAPPERS = 8;

/** Build the model of one simple command. */
export function modelCommand(docs: Docs, nameWord: Word, args: Word[], opts: ModelOptions, depth = 0): CommandModel {
  const full = nameWord.value;
  if (full === undefined) return { name: '', nameWord, hasPath: false, args, doc: undefined, binding: { tokens: args.map(operandOf), rest: args.length, doc: undefined }, label: '' };
  const hasPath = full.includes('/');
  const name = baseName(full);
  const doc = docs.of(name, hasPath);
  const w = WRAPPERS[name];
  if (w && depth < MAX_WRAPPERS) {
    const binding = bindArguments(args, doc, { dashless: false, stopAtOperand: true, argFlags: w.argFlags });
    let i = binding.rest;
    const assignments: Word[] = [];
    if (name === 'env') for (; i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!.value ?? args[i]!.raw); i++) assignments.push(args[i]!);
    const query = binding.tokens.some((t) => t.kind === 'flag' && !!w.queryFlags?.includes(t.flag));
    const operands: Word[] = [];
    for (let k = 0; (k < w.operands || query) && i < args.length; k++, i++) operands.push(args[i]!);
    const next = args[i];
    const wrapped = next ? modelCommand(docs, next, args.slice(i + 1), opts, depth + 1) : undefined;
    return { name, nameWord, hasPath, args, doc, binding, label: name, wrapper: { assignments, operands, query, ...(wrapped ? { wrapped } : {}) } };
  }
  const binding = bindArguments(args, doc, { dashless: opts.dashless.includes(name), argFlags: opts.argFlags?.(name) });
  let label = name;
  for (const t of binding.tokens) if (t.kind === 'subcommand') label = `${label} ${t.sub.name}`;
  return { name, nameWord, hasPath, args, doc, binding, label };
}

function operandOf(w: Word): Bound {
  return { kind: 'operand', start: w.start, end: w.end, word: w };
}

/** The command that actually runs: through every wrapper (`sudo env X=1 nice rm` → rm). */
export function innermost(m: CommandModel): CommandModel {
  let cur = m;
  while (cur.wrapper?.wrapped) cur = cur.wrapper.wrapped;
  return cur;
}

/** The chain of wrappers and the command they run, outermost first. */
export function chain(m: CommandModel): CommandModel[] {
  const out = [m];
  while (out[out.length - 1]!.wrapper?.wrapped) out.push(out[out.length - 1]!.wrapper!.wrapped!);
  return out;
}

/**
 * Whether an option is given, by any of its documented spellings: `has(m, '-r')` is true for `-r`, `-R`,
 * `--recursive` or a bundle `-rf` when the page documents them as one option. Undocumented spellings match as
 * written.
 */
export function hasOption(m: CommandModel, ...spellings: string[]): boolean {
  return m.binding.tokens.some((t) => t.kind === 'flag' && (spellings.includes(t.flag) || !!t.option?.flags.some((f) => spellings.includes(f))));
}

/** The argument words given to an option (by any of its spellings). */
export function optionArguments(m: CommandModel, ...spellings: string[]): Bound[] {
  return m.binding.tokens.filter((t) => t.kind === 'argument' && (spellings.includes(t.flag) || t.option.flags.some((f) => spellings.includes(f))));
}

/** The operands (words that are neither options, their arguments nor subcommands). */
export function operands(m: CommandModel): Word[] {
  return m.binding.tokens.filter((t) => t.kind === 'operand').map((t) => t.word);
}

/** The subcommands named, in order (`docker compose up` → compose, up). */
export function subcommands(m: CommandModel): string[] {
  return m.binding.tokens.flatMap((t) => (t.kind === 'subcommand' ? [t.sub.name] : []));
}
