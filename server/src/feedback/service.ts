import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { log } from '../util/log.js';
import type { FeedbackEvent } from './events.js';
import { EventLog, scrubEvent } from './log.js';
import { PostgresSink } from './postgres.js';
import { ProposalTracker } from './tracker.js';

export interface FeedbackOptions {
  dir: string;
  enabled: () => boolean;
  postgresUrl?: string;
  watchMs?: number;
  latest?: (uri: string) => string | undefined;
  maxLogBytes?: number;
}

/** The few-shot memory: corrected pairs the retrieval `feedback` corpus indexes. */
export function examplesFile(dir: string): string {
  return path.join(dir, 'examples.jsonl');
}

/**
 * The feedback loop: the tracker's events go to the local log (and the optional PostgreSQL sink), and what the
 * user kept after applying a proposal becomes a few-shot example. Turned off, nothing is written.
 */
export class Feedback {
  readonly log: EventLog;
  readonly tracker: ProposalTracker;
  readonly sink: PostgresSink | undefined;

  constructor(private readonly opts: FeedbackOptions) {
    this.log = new EventLog(opts.dir, { maxBytes: opts.maxLogBytes });
    this.sink = opts.postgresUrl ? new PostgresSink(opts.postgresUrl) : undefined;
    this.tracker = new ProposalTracker((e) => this.record(e), { watchMs: opts.watchMs ?? 10 * 60_000 }, opts.latest);
  }

  record(e: FeedbackEvent): void {
    if (!this.opts.enabled()) return;
    try {
      this.log.append(e);
    } catch (err) {
      log().warn({ err }, 'feedback log write failed');
    }
    this.sink?.enqueue(e);
    if ((e.type === 'edited' || e.type === 'kept') && e.input && e.final?.trim()) {
      try {
        mkdirSync(this.opts.dir, { recursive: true });
        const s = scrubEvent(e);
        appendFileSync(examplesFile(this.opts.dir), JSON.stringify({ id: e.proposal, kind: e.kind ?? e.feature, input: s.input, output: s.final, accepted: true }) + '\n');
      } catch (err) {
        log().warn({ err }, 'feedback example write failed');
      }
    }
  }

  async close(): Promise<void> {
    await this.sink?.close();
  }
}
