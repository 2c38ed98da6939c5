import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeJsonAtomic } from '../../util/atomic-write.js';
import os from 'node:os';
import path from 'node:path';
import { readPageSource } from '../../util/man-file.js';
import { parsePage, type ManPage } from './page.js';

export { readPageSource };

/** Bumped whenever the parser's output changes; older directories are removed. */
export const PAGE_CACHE_FORMAT = 7;

export function defaultCacheDir(): string {
  if (process.env.KIBITZ_CACHE_DIR) return process.env.KIBITZ_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'kibitz');
}

const pruned = new Set<string>();

/** Pages parsed by an older kibitz are never read again: remove them (once per process, best effort). */
function pruneOldFormats(root: string): void {
  if (pruned.has(root)) return;
  pruned.add(root);
  try {
    for (const e of readdirSync(root)) {
      const m = /^v(\d+)$/.exec(e);
      if (m && Number(m[1]) < PAGE_CACHE_FORMAT) rmSync(path.join(root, e), { recursive: true, force: true });
    }
  } catch {
    // no cache yet, or not ours to clean
  }
}

/** Parsed pages cached in memory and on disk; an entry is stale when the page file's mtime changed. */
export class PageCache {
  private readonly memory = new Map<string, { mtimeMs: number; page: ManPage; checkedAt: number }>();
  private readonly dir: string | undefined;

  constructor(cacheDir: string | undefined) {
    this.dir = cacheDir ? path.join(cacheDir, 'manpages', `v${PAGE_CACHE_FORMAT}`) : undefined;
    if (cacheDir) pruneOldFormats(path.join(cacheDir, 'manpages'));
  }

  get(file: string): ManPage | undefined {
    // a page read in the last few seconds is not stat'ed again (hovers and risk rules ask for it many times)
    const recent = this.memory.get(file);
    const now = Date.now();
    if (recent && now - recent.checkedAt < 5000) return recent.page;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const hit = this.memory.get(file);
    if (hit && hit.mtimeMs === mtimeMs) {
      hit.checkedAt = now;
      return hit.page;
    }
    const disk = this.readDisk(file, mtimeMs);
    if (disk) {
      this.memory.set(file, { mtimeMs, page: disk, checkedAt: now });
      return disk;
    }
    let page: ManPage;
    try {
      page = parsePage(readPageSource(file), nameFromFile(file));
    } catch {
      return undefined;
    }
    this.memory.set(file, { mtimeMs, page, checkedAt: now });
    this.writeDisk(file, mtimeMs, page);
    return page;
  }

  private diskPath(file: string): string | undefined {
    if (!this.dir) return undefined;
    return path.join(this.dir, createHash('sha1').update(file).digest('hex') + '.json');
  }

  private readDisk(file: string, mtimeMs: number): ManPage | undefined {
    const p = this.diskPath(file);
    if (!p) return undefined;
    try {
      const rec = JSON.parse(readFileSync(p, 'utf8')) as { file: string; mtimeMs: number; page: ManPage };
      if (rec.file === file && rec.mtimeMs === mtimeMs && rec.page && Array.isArray(rec.page.options)) return rec.page;
    } catch {
      /* missing or unreadable: parse again */
    }
    return undefined;
  }

  private writeDisk(file: string, mtimeMs: number, page: ManPage): void {
    const p = this.diskPath(file);
    if (!p) return;
    try {
      writeJsonAtomic(p, { file, mtimeMs, page });
    } catch {
      /* a read-only cache is not an error */
    }
  }
}

export function nameFromFile(file: string): string {
  return path
    .basename(file)
    .replace(/\.gz$/, '')
    .replace(/\.[^.]+$/, '');
}
