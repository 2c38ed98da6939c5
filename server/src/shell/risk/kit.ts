import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resourceRoot } from '../../util/resources.js';
import { hasOption, modelCommand, optionArguments, type CommandModel, type Docs } from '../command.js';
import type { Word } from '../explain/words.js';
import type { ScriptModel, SimpleCommand } from './model.js';
import { classifyPath, pathText, type PathClass } from './paths.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

export interface Finding {
  rule: string;
  category: string;
  severity: Severity;
  message: string;
  /** The exact dangerous token. */
  start: number;
  end: number;
  reference: string;
}

export interface Hit {
  token: { start: number; end: number };
  message: string;
  severity?: Severity;
  /** The severity already accounts for how it runs: sudo does not raise it. */
  fixed?: boolean;
}

export interface Rule {
  id: string;
  category: string;
  severity: Severity;
  reference: string;
  check(c: Ctx): Hit[];
}

/** Where the shell text came from: image builds and CI runners are not the developer's machine. */
export type HostKind = 'shell' | 'dockerfile' | 'makefile' | 'github-actions' | 'gitlab-ci' | 'markdown' | 'package-json';

export interface AnalysisContext {
  docs: Docs;
  host?: HostKind;
  /** Variables the host document assigns (a Makefile's `BUILD := out`): name → value. */
  hostVars?: Map<string, string>;
  /** Variables the host document stops on when empty (`[ -z "$(OUT)" ] && exit 1`, `$(if $(OUT),,$(error ...))`). */
  hostChecked?: Set<string>;
  /** Ranges the host substitutes before the shell runs (`$(BUILD)`, `${{ inputs.dir }}`), with their source text. */
  opaque?: { start: number; end: number; note: string; text?: string; program?: string }[];
}

/** docs/rules.md, shipped with the server: a link that works offline and documents exactly this version. */
export const RULES_DOC = path.join(resourceRoot(), 'docs/rules.md');
export const ruleReference = (id: string) => `${pathToFileURL(RULES_DOC).href}#${id}`;

/**
 * One executed command as the rules see it: its words, the shared command model (options bound to their
 * arguments from the documentation, any spelling of an option), the script it is in and where that came from.
 */
export class Ctx {
  private bound: CommandModel | undefined;
  private cachedWords: Word[] | undefined;

  constructor(
    readonly cmd: SimpleCommand,
    readonly script: ScriptModel,
    readonly ctx: AnalysisContext,
  ) {}

  get name(): string {
    return this.cmd.name;
  }

  get model(): CommandModel {
    this.bound ??= modelCommand(this.ctx.docs, this.cmd.nameWord, this.cmd.args, { dashless: [] });
    return this.bound;
  }

  /** Given by any of these spellings (or their documented equivalents): `has('-r', '-R', '--recursive')`. */
  has(...spellings: string[]): boolean {
    return hasOption(this.model, ...spellings);
  }

  /** The word carrying an option (the bundle `-rf` for `-f`), for pointing at it. */
  flagWord(...spellings: string[]): Word | undefined {
    const t = this.model.binding.tokens.find((x) => x.kind === 'flag' && (spellings.includes(x.flag) || !!x.option?.flags.some((f) => spellings.includes(f))));
    return t?.word;
  }

  /** Values given to an option. */
  argsOf(...spellings: string[]): Word[] {
    return optionArguments(this.model, ...spellings).map((t) => t.word);
  }

  /** Words that are neither options nor their arguments: subcommands and operands, in order. */
  get words(): Word[] {
    this.cachedWords ??= this.model.binding.tokens
      .filter((t) => t.kind === 'operand' || t.kind === 'subcommand')
      .map((t) => t.word)
      .filter((w, i, a) => a.indexOf(w) === i);
    return this.cachedWords;
  }

  /** The value of the i-th such word (`git push` → words(0) = push). */
  word(i: number): string | undefined {
    return this.words[i]?.value;
  }

  /** The operands after the first `skip` words (the paths of `rm`, the targets of `cp`). */
  operands(skip = 0): Word[] {
    return this.words.slice(skip);
  }

  /** Every argument word, options included, as written: for tools kibitz cannot bind (SQL in -c, `--eval`). */
  get args(): Word[] {
    return this.cmd.args;
  }

  path(w: Word): PathClass {
    return classifyPath(this.opaqueFree(pathText(w)));
  }

  /** The text of a word with the host's substitutions shown as `$(NAME)` (they are placeholders in the snippet). */
  opaqueFree(text: string): string {
    return text;
  }

  /** A host substitution at the start of the word (`$(BUILD)/out`): its text, when there is one. */
  leadingOpaque(w: Word): { text: string; start: number; end: number } | undefined {
    const o = this.ctx.opaque?.find((r) => r.start <= w.start + (/^["']/.test(w.raw) ? 1 : 0) && r.end > w.start);
    return o ? { text: o.text ?? o.note, start: o.start, end: o.end } : undefined;
  }

  get host(): HostKind | undefined {
    return this.ctx.host;
  }
}

/** One level more, capped at critical. */
export function raise(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) + 1)]!;
}

export function lower(s: Severity): Severity {
  return SEVERITIES[Math.max(0, SEVERITIES.indexOf(s) - 1)]!;
}

export function worst(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}
