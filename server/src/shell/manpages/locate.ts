import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const SECTIONS = ['1', '8', '6', '7', '5', '3', '2', '4', '9', 'n', 'l'];
const DEFAULT_DIRS = ['/usr/local/share/man', '/usr/local/man', '/usr/share/man'];

/** Finds man page files by scanning MANPATH-style directories; `man -w` only as a fallback (never runs the program). */
export class ManLocator {
  private readonly found = new Map<string, string | null>();
  private readonly manWCache = new Map<string, string | null>();

  constructor(
    private readonly dirs: string[],
    private readonly useManCommand: boolean,
  ) {}

  static fromEnvironment(configured: string[], useManCommand: boolean): ManLocator {
    let dirs = configured.filter(Boolean);
    if (!dirs.length && process.env.MANPATH) {
      dirs = process.env.MANPATH.split(':').flatMap((d) => (d ? [d] : DEFAULT_DIRS));
    }
    if (!dirs.length) dirs = DEFAULT_DIRS;
    return new ManLocator(
      [...new Set(dirs)].filter((d) => existsSync(d)),
      useManCommand,
    );
  }

  /** Path of the page for `name`, preferring sections 1 and 8 (or only in `section`). Results (also misses) are cached. */
  find(name: string, section?: string): string | undefined {
    if (!/^[\w.+:@-][\w.+:@\[-]*$/.test(name) || name.length > 100) return undefined;
    const key = section ? `${name}.${section}` : name;
    if (this.found.has(key)) return this.found.get(key) ?? undefined;
    let hit: string | undefined;
    search: for (const sec of section ? [section] : SECTIONS) {
      for (const dir of this.dirs) {
        for (const ext of ['.gz', '']) {
          const candidate = path.join(dir, `man${sec}`, `${name}.${sec}${ext}`);
          if (existsSync(candidate)) {
            hit = candidate;
            break search;
          }
        }
      }
    }
    if (!hit && this.useManCommand && !section) hit = this.manW(name);
    this.found.set(key, hit ?? null);
    return hit;
  }

  /** Resolve `.so man1/other.1` relative to the man root the including page lives under. */
  resolveSo(fromPage: string, target: string): string | undefined {
    const root = path.dirname(path.dirname(fromPage));
    for (const candidate of [path.join(root, target), path.join(path.dirname(fromPage), path.basename(target))]) {
      for (const ext of ['', '.gz']) if (existsSync(candidate + ext)) return candidate + ext;
    }
    return undefined;
  }

  private manW(name: string): string | undefined {
    if (this.manWCache.has(name)) return this.manWCache.get(name) ?? undefined;
    let found: string | null = null;
    try {
      const out = execFileSync('man', ['-w', name], { timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
      const first = out.split('\n')[0]!.trim();
      if (first && existsSync(first)) found = first;
    } catch {
      found = null;
    }
    this.manWCache.set(name, found);
    return found ?? undefined;
  }
}
