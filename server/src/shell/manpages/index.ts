import path from 'node:path';
import { readPageSource } from '../../util/man-file.js';
import { argShape } from './tag.js';
import { ManLocator } from './locate.js';
import { PageCache } from './cache.js';
import type { ManItem, ManOption, ManPage } from './page.js';

export type { ManOption, ManPage, ManItem } from './page.js';

/** Where an explanation comes from. `path` is a man page file, or `kibitz:<table>` for a table kibitz writes. */
export interface Source {
  path: string;
  /** Manual page name with section, e.g. "tar(1)"; for tables, the table name. */
  page: string;
  section: string;
  /** 1-based inclusive line range in the (decompressed) page; null for tables. */
  lines: [number, number] | null;
}

export interface LoadedPage {
  path: string;
  ref: string;
  page: ManPage;
}

export interface BuiltinEntry {
  name: string;
  description: string;
  /** The entry's tag in bash(1): its synopsis (`kill [-s sigspec | -n signum | -sigspec] ...`). */
  tag?: string;
  source: Source;
  options: ManOption[];
}

export interface ManPagesOptions {
  manpath?: string[];
  useManCommand?: boolean;
  cacheDir?: string;
}

/** Man-page knowledge: pages by name, subcommand pages, bash builtins and bash(1) sections. */
export class ManPages {
  private readonly locator: ManLocator;
  private readonly cache: PageCache;
  private builtinIndex: Map<string, BuiltinEntry> | undefined;

  constructor(opts: ManPagesOptions = {}) {
    this.locator = ManLocator.fromEnvironment(opts.manpath ?? [], opts.useManCommand ?? true);
    this.cache = new PageCache(opts.cacheDir);
  }

  page(name: string): LoadedPage | undefined {
    let file = this.locator.find(name);
    for (let hops = 0; file && hops < 4; hops++) {
      const page = this.cache.get(file);
      if (!page) return undefined;
      if (page.alias) {
        file = this.locator.resolveSo(file, page.alias);
        continue;
      }
      const sec = /\.(\d\w*|n|l)(\.gz)?$/.exec(file)?.[1] ?? '1';
      return { path: file, ref: `${page.name || name}(${sec})`, page };
    }
    return undefined;
  }

  /** `git commit` -> git-commit(1), `docker run` -> docker-run(1), when such a page exists. */
  subcommand(command: string, sub: string): LoadedPage | undefined {
    if (!/^[a-z][a-z0-9-]*$/.test(sub)) return undefined;
    return this.page(`${command}-${sub}`);
  }

  /** Builtins from bash(1)'s SHELL BUILTIN COMMANDS section. */
  builtin(name: string): BuiltinEntry | undefined {
    return this.builtins().get(name);
  }

  /**
   * The first line of a page (in `section`, or the usual order) that matches `pattern`, as a source: for what a
   * page says in its prose rather than in an option list (getopt(3) on `--`). Cached per page and pattern.
   */
  lineOf(name: string, section: string | undefined, pattern: RegExp): Source | undefined {
    const file = this.locator.find(name, section);
    return file ? this.lineIn(file, pattern) : undefined;
  }

  /** The same in a page file (a command's own page); `item`: only a line that starts an entry (after .PP, .TP, .IP). */
  lineIn(file: string, pattern: RegExp, item = false): Source | undefined {
    const key = `${file} ${pattern.source} ${item}`;
    if (!this.lines.has(key)) this.lines.set(key, this.findLine(file, pattern, item) ?? null);
    return this.lines.get(key) ?? undefined;
  }

  private readonly lines = new Map<string, Source | null>();

  private findLine(file: string, pattern: RegExp, item: boolean): Source | undefined {
    const page = this.cache.get(file);
    if (!page) return undefined;
    let text: string;
    try {
      text = readPageSource(file);
    } catch {
      return undefined;
    }
    const all = text.split('\n');
    const at = all.findIndex(
      (l, i) =>
        pattern.test(
          l
            .replace(/\\-/g, '-')
            .replace(/\\f[BIRP]/g, '')
            .trim(),
        ) &&
        (!item || /^\.(PP|TP|IP|LP|P)\b/.test(all[i - 1] ?? '')),
    );
    if (at < 0) return undefined;
    const line = at + 1;
    // to the end of its paragraph (the next macro that starts one), at most a few lines on
    let last = at;
    while (last + 1 < all.length && last - at < 8 && !/^\.(PP|LP|P|SH|SS|TP|IP|HP)\b/.test(all[last + 1]!)) last++;
    while (last > at && /^(\.RE\b.*)?\s*$/.test(all[last]!)) last--;
    const sec = page.sections.find((s) => s.lines[0] <= line && line <= s.lines[1])?.title ?? '';
    const number = /\.(\d\w*)(\.gz)?$/.exec(file)?.[1] ?? '1';
    return { path: file, page: `${page.name || path.basename(file).replace(/\..*$/, '')}(${number})`, section: sec, lines: [line, last + 1] };
  }

  /** Source for a bash(1) section/subsection, when bash(1) is installed. */
  bashSection(section: string, subsection?: string): Source | undefined {
    const bash = this.page('bash');
    if (!bash) return undefined;
    const sec = bash.page.sections.find((s) => s.title === section);
    if (!sec) return undefined;
    if (subsection) {
      const ss = sec.subsections.find((s) => s.title.toLowerCase() === subsection.toLowerCase());
      if (ss) return { path: bash.path, page: bash.ref, section: `${section} › ${ss.title}`, lines: ss.lines };
    }
    return { path: bash.path, page: bash.ref, section, lines: sec.lines };
  }

  private builtins(): Map<string, BuiltinEntry> {
    if (this.builtinIndex) return this.builtinIndex;
    const out = new Map<string, BuiltinEntry>();
    const bash = this.page('bash');
    if (bash) {
      const section = 'SHELL BUILTIN COMMANDS';
      const sec = bash.page.sections.find((s) => s.title === section);
      const items = bash.page.items.filter((i) => i.section === section && i.depth === 0);
      items.sort((a, b) => a.lines[0] - b.lines[0]);
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        const end = (items[k + 1]?.lines[0] ?? (sec ? sec.lines[1] + 1 : item.lines[1] + 1)) - 1;
        const options = bash.page.options.filter((o) => o.section === section && o.lines[0] > item.lines[0] && o.lines[0] <= end);
        // A tag may name several builtins: ". filename", "source filename", "declare ..., typeset ..."
        for (const part of item.tag.split(/,\s+(?=[a-z.:[])/)) {
          const name = /^(\S+)/.exec(part.trim())?.[1];
          if (!name || out.has(name)) continue;
          out.set(name, {
            name,
            description: item.description,
            tag: item.tag,
            source: { path: bash.path, page: bash.ref, section, lines: [item.lines[0], end] },
            // test and [ take the operators of CONDITIONAL EXPRESSIONS (-n, -f, -x...)
            options: name === 'test' || name === '[' ? [...options, ...bash.page.options.filter((o) => o.section === 'CONDITIONAL EXPRESSIONS')] : options,
          });
        }
      }
    }
    this.builtinIndex = out;
    return out;
  }
}

export function findOption(options: ManOption[], flag: string): ManOption | undefined {
  return options.find((o) => o.flags.includes(flag));
}

export function takesArgument(o: ManOption): 'required' | 'optional' | 'none' {
  return argShape(o.arg);
}

export type { ManItem as ManPageItem };
