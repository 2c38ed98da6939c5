import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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
    const line = JSON.stringify(scrubEvent(e)) + '\n';
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

  /** All events, oldest first (rotated files included), newer than `since` when given. Bad lines are skipped. */
  read(since?: Date): FeedbackEvent[] {
    const files = [...Array.from({ length: this.keep }, (_, i) => this.rotated(this.keep - i)), this.file];
    const out: FeedbackEvent[] = [];
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const e = JSON.parse(line) as FeedbackEvent;
          if (e && e.v === 1 && e.type && e.proposal && (!since || Date.parse(e.at) >= since.getTime())) out.push(e);
        } catch {
          // a torn line (a crash mid-write): skipped
        }
      }
    }
    return out;
  }
}
