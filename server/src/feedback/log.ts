import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { redact } from '../safety/redact.js';
import { stripInvisible } from '../safety/sanitize.js';
import type { FeedbackEvent } from './events.js';

export interface LogOptions {
  /** Rotate when the log passes this size. */
  maxBytes?: number;
  /** Rotated files kept (events.1.jsonl ... events.N.jsonl). */
  keep?: number;
}

/** Every string field redacted and stripped of invisible characters; long texts capped. */
export function scrubEvent(e: FeedbackEvent): FeedbackEvent {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = typeof v === 'string' ? stripInvisible(redact(v.length > 16_000 ? v.slice(0, 16_000) : v).text).text : v;
  return out as unknown as FeedbackEvent;
}

/**
 * The local feedback log: JSONL, append-only, one `write` (O_APPEND) per event so two editors can write at once
 * without interleaving, size-capped with rotation. Reading skips a torn last line. Nothing leaves the machine.
 */
export class EventLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly dir: string,
    opts: LogOptions = {},
  ) {
    this.file = path.join(dir, 'events.jsonl');
    this.maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
    this.keep = opts.keep ?? 3;
  }

  append(e: FeedbackEvent): void {
    mkdirSync(this.dir, { recursive: true });
    const line = JSON.stringify(scrubEvent(e.id ? e : { ...e, id: randomUUID() })) + '\n';
    this.rotateIfNeeded(line.length);
    appendFileSync(this.file, line, { flag: 'a' });
  }

  private rotateIfNeeded(adding: number): void {
    let size = 0;
    try {
      size = statSync(this.file).size;
    } catch {
      return;
    }
    if (size + adding <= this.maxBytes) return;
    // another writer may rotate at the same moment: every step tolerates a file that is already gone
    try {
      rmSync(this.rotated(this.keep), { force: true });
      for (let i = this.keep - 1; i >= 1; i--) if (existsSync(this.rotated(i))) renameSync(this.rotated(i), this.rotated(i + 1));
      renameSync(this.file, this.rotated(1));
    } catch {
      // lost the race: the other writer rotated
    }
  }

  private rotated(i: number): string {
    return path.join(this.dir, `events.${i}.jsonl`);
  }

  /** The log's files, oldest first. */
  private files(): string[] {
    return [...Array.from({ length: this.keep }, (_, i) => this.rotated(this.keep - i)), this.file];
  }

  /** All events, oldest first (rotated files included), newer than `since` when given. Bad lines are skipped. */
  read(since?: Date): FeedbackEvent[] {
    return this.parse(
      this.files().map((f) => readOr(f)),
      since,
    );
  }

  /**
   * The events logged after the one with id `after`, oldest first, parsing only what follows it (`found`: false
   * when it is no longer in the log, rotated away: then every event is returned). Read asynchronously: the server
   * ships while it answers requests.
   */
  async readAfter(after: string | undefined): Promise<{ events: FeedbackEvent[]; found: boolean }> {
    const files = this.files();
    if (!after) return { events: this.parse(await Promise.all(files.map(readOrAsync))), found: false };
    const needle = `"id":${JSON.stringify(after)}`;
    // newest file first: the cursor is usually near the end, and rotated files are then never read
    const texts: string[] = [];
    for (let i = files.length - 1; i >= 0; i--) {
      const text = await readOrAsync(files[i]!);
      texts.unshift(text);
      const at = text.lastIndexOf(needle);
      if (at < 0) continue;
      const next = text.indexOf('\n', at);
      return { events: this.parse([next < 0 ? '' : text.slice(next + 1), ...texts.slice(1)]), found: true };
    }
    // an old line without an id: its id is a hash of the line, so look for it the slow way
    const all = this.parse(texts);
    const k = all.findIndex((e) => e.id === after);
    return k < 0 ? { events: all, found: false } : { events: all.slice(k + 1), found: true };
  }

  private parse(texts: string[], since?: Date): FeedbackEvent[] {
    const out: FeedbackEvent[] = [];
    for (const text of texts) {
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as FeedbackEvent;
          if (!e || e.v !== 1 || !e.type || !e.proposal || (since && Date.parse(e.at) < since.getTime())) continue;
          // lines written before events had ids: the same line always gets the same id
          out.push(e.id ? e : { ...e, id: createHash('sha256').update(line).digest('hex').slice(0, 32) });
        } catch {
          // a torn line (a crash mid-write): skipped
        }
      }
    }
    return out;
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function readOrAsync(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}
