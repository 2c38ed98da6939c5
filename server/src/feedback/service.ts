import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { log } from '../util/log.js';
import { thisDeveloper } from './developer.js';
import type { FeedbackEvent } from './events.js';
import { EventLog, scrubEvent } from './log.js';
import { repoNameOf } from './repo-name.js';
import { pullTeamExamples } from './team-memory.js';
import { TeamShipper } from './team-ship.js';
import { ProposalTracker } from './tracker.js';

export interface FeedbackOptions {
  dir: string;
  enabled: () => boolean;
  /** The team store. */
  postgresUrl?: string;
  /** This developer's name in the team store (empty: the hash only). */
  teamName?: string;
  /** false: texts stay local (the team store gets counts only). */
  teamContribute?: boolean;
  /** How often the team's new corrections are pulled (default 5 minutes). */
  teamPullMs?: number;
  /** The chat model in use, recorded on model-backed events. */
  model?: () => string | undefined;
  watchMs?: number;
  latest?: (uri: string) => string | undefined;
  maxLogBytes?: number;
  env?: NodeJS.ProcessEnv;
}

/** The few-shot memory: corrected pairs the retrieval `feedback` corpus indexes. */
export function examplesFile(dir: string): string {
  return path.join(dir, 'examples.jsonl');
}

/**
 * The feedback loop: the tracker's events go to the local log (then to the team store, when one is set), and
 * what the user kept after applying a proposal becomes a few-shot example; the team's corrections are pulled
 * in beside them. Turned off, nothing is written.
 */
export class Feedback {
  readonly log: EventLog;
  readonly tracker: ProposalTracker;
  readonly shipper: TeamShipper | undefined;
  private pullTimer: NodeJS.Timeout | undefined;
  private pulling: Promise<number> | undefined;
  private readonly developer;

  constructor(private readonly opts: FeedbackOptions) {
    this.log = new EventLog(opts.dir, { maxBytes: opts.maxLogBytes });
    this.developer = thisDeveloper(opts.teamName, opts.env);
    this.shipper = opts.postgresUrl ? new TeamShipper(opts.postgresUrl, this.log, { developer: this.developer, contribute: opts.teamContribute }) : undefined;
    this.tracker = new ProposalTracker((e) => this.record(e), { watchMs: opts.watchMs ?? 10 * 60_000, repoOf: repoNameOf }, opts.latest);
    if (this.shipper && opts.enabled()) {
      // what earlier sessions logged while the store was away goes now; the team's corrections come in
      this.shipper.kick();
      this.schedulePull(1000);
    }
  }

  record(e: FeedbackEvent): void {
    if (!this.opts.enabled()) return;
    const model = e.source === 'model' || e.type === 'error' ? this.opts.model?.() : undefined;
    const event = model && !e.model ? { ...e, model } : e;
    try {
      this.log.append(event);
    } catch (err) {
      log().warn({ err }, 'feedback log write failed');
    }
    this.shipper?.kick();
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

  private schedulePull(ms: number): void {
    clearTimeout(this.pullTimer);
    this.pullTimer = setTimeout(() => {
      this.pullTeam()
        .catch((err: unknown) => log().info({ err: (err as Error).message }, 'team memory pull failed; will retry'))
        .finally(() => this.schedulePull(this.opts.teamPullMs ?? 5 * 60_000));
    }, ms);
    this.pullTimer.unref?.();
  }

  /** Pull the team's new corrections now (their number); nothing without a team store. */
  pullTeam(settleMs?: number): Promise<number> {
    const url = this.opts.postgresUrl;
    if (!url || !this.shipper) return Promise.resolve(0);
    this.pulling ??= this.shipper
      .withClient((client) => pullTeamExamples(client, url, this.opts.dir, this.developer.id, { settleMs }))
      .finally(() => {
        this.pulling = undefined;
      });
    return this.pulling;
  }

  async close(): Promise<void> {
    clearTimeout(this.pullTimer);
    await this.shipper?.close();
  }
}
