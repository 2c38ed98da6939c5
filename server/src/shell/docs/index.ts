import { BUILTINS } from '../explain/tables.js';
import type { ManPages, Source } from '../manpages/index.js';
import { builtinDoc, manDoc } from './man-doc.js';
import { specDoc } from './spec-doc.js';
import type { CommandDoc } from './types.js';

export type { CommandDoc, DocOption, DocSubcommand } from './types.js';
export { specsDir, specText } from './spec-doc.js';

/**
 * Documentation of commands, from the best source on this machine: a shell builtin (bash(1)), then the command's
 * man page, then a CLI spec that ships with kibitz. Results are cached per name.
 */
export class CommandDocs {
  private readonly cache = new Map<string, CommandDoc | null>();

  constructor(readonly man: ManPages) {}

  /** `path` is true when the command was named by a path (`/bin/kill`): then a builtin does not apply. */
  of(name: string, path = false): CommandDoc | undefined {
    const key = `${path ? '/' : ''}${name}`;
    if (!this.cache.has(key)) this.cache.set(key, this.lookup(name, path) ?? null);
    return this.cache.get(key) ?? undefined;
  }

  private lookup(name: string, path: boolean): CommandDoc | undefined {
    if (!name) return undefined;
    if (!path) {
      const b = this.man.builtin(name);
      if (b) return builtinDoc(name, b);
      // bash(1) does not document every builtin (true, false): their own page, then kibitz's table
      const own = BUILTINS[name] && this.man.page(name);
      if (own) return manDoc(this.man, name, own);
      const text = BUILTINS[name];
      if (text) {
        const source: Source = { path: 'kibitz:builtins', page: 'kibitz builtin table', section: name, lines: null };
        return { kind: 'builtin', name, ref: 'kibitz builtin table', summary: `Shell builtin: ${text}`, source, options: [], hasSubcommands: false, subcommand: () => undefined };
      }
    }
    const page = this.man.page(name);
    if (page) return manDoc(this.man, name, page);
    return specDoc(name);
  }

  /** A test operator's entry in bash(1) CONDITIONAL EXPRESSIONS: `-z` (by flag), `==` (`string1 == string2`), `-eq` (`arg1 OP arg2`). */
  testOperator(op: string): { tag: string; text: string; source: Source } | undefined {
    if (!this.tests.has(op)) this.tests.set(op, this.findTest(op) ?? null);
    return this.tests.get(op) ?? undefined;
  }

  private readonly tests = new Map<string, { tag: string; text: string; source: Source } | null>();

  private findTest(op: string): { tag: string; text: string; source: Source } | undefined {
    const bash = this.man.page('bash');
    if (!bash) return undefined;
    const section = 'CONDITIONAL EXPRESSIONS';
    const src = (lines: [number, number]): Source => ({ path: bash.path, page: bash.ref, section, lines });
    const o = bash.page.options.find((x) => x.section === section && x.flags.includes(op));
    if (o) return { tag: o.tag, text: o.description, source: src(o.lines) };
    const arith = ['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(op);
    const item = bash.page.items.find((i) => i.section === section && (arith ? /\bOP\b/.test(i.tag) : ` ${i.tag} `.includes(` ${op} `)));
    return item ? { tag: item.tag, text: item.description, source: src(item.lines) } : undefined;
  }

  bashSection(section: string, subsection?: string): Source | undefined {
    return this.man.bashSection(section, subsection);
  }

  /**
   * Where `--` (end of options) is documented for a command: its own page when it has a `--` entry (git-grep(1))
   * or shows it in use (`rm -- -foo`); else a builtin by bash(1) (builtins accept it unless noted) and any other
   * program by getopt(3), the option parser of C programs ("forces an end of option-scanning").
   */
  endOfOptions(doc: CommandDoc | undefined, command: string): Source | undefined {
    const name = command
      .split(' ')
      .pop()!
      .replace(/[^\w.+-]/g, '')
      .replace(/[.+]/g, '\\$&');
    const page = doc?.kind === 'man' ? doc.source?.path : undefined;
    const own = page && (this.man.lineIn(page, /^--$/, true) ?? this.man.lineIn(page, new RegExp(`^${name} -- \\S`)));
    if (own) return own;
    return doc?.kind === 'builtin'
      ? this.man.lineOf('bash', '1', /^Unless otherwise noted, each builtin command/)
      : this.man.lineOf('getopt', '3', /special argument "--" forces an end of option-scanning/);
  }
}
