import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { writeJsonAtomic } from '../util/atomic-write.js';
import path from 'node:path';

/** Content hash of everything that determines a model answer. */
export function cacheKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Model responses by content hash: an LRU in memory and one JSON file per entry on disk, both bounded.
 * Disk writes go to a temp file and are renamed, so a crash never leaves a half-written entry.
 */
export class ResponseCache {
  private readonly mem = new Map<string, string>();
  private writes = 0;

  constructor(
    private readonly dir: string | undefined,
    private readonly maxEntries = 500,
  ) {}

  get(key: string): string | undefined {
    const hit = this.mem.get(key);
    if (hit !== undefined) {
      this.mem.delete(key);
      this.mem.set(key, hit);
      return hit;
    }
    if (!this.dir) return undefined;
    try {
      const v = JSON.parse(readFileSync(path.join(this.dir, key + '.json'), 'utf8')) as { value: string };
      this.remember(key, v.value);
      return v.value;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: string): void {
    this.remember(key, value);
    if (!this.dir) return;
    try {
      writeJsonAtomic(path.join(this.dir, key + '.json'), { value, at: Date.now() });
      if (++this.writes % 50 === 0) this.prune();
    } catch {
      // the disk cache is an optimisation: a read-only or full disk only costs a model call
    }
  }

  /** Keep the newest `maxEntries` files. */
  prune(): void {
    if (!this.dir) return;
    try {
      const files = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
      if (files.length <= this.maxEntries) return;
      const aged = files.map((f) => ({ f, t: statSync(path.join(this.dir!, f)).mtimeMs })).sort((a, b) => b.t - a.t);
      for (const { f } of aged.slice(this.maxEntries)) rmSync(path.join(this.dir, f), { force: true });
    } catch {
      // best effort
    }
  }

  private remember(key: string, value: string): void {
    this.mem.delete(key);
    this.mem.set(key, value);
    while (this.mem.size > this.maxEntries) this.mem.delete(this.mem.keys().next().value!);
  }
}
