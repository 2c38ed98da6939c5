import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../util/atomic-write.js';
import path from 'node:path';
import pg from 'pg';
import type { FeedbackEvent } from './events.js';
import type { EventLog } from './log.js';
import { migrate } from './team-schema.js';

/** Who sent an event: a hash that names no one, and a display name only when the developer chose one. */
const ignore = (): void => undefined;

export interface Developer {
  id: string;
  name?: string;
}

export interface ShipStatus {
  /** Events in the local log not yet in the store (as of the last attempt). */
  pending: number;
  /** Events sent by this process (rows the store already had are counted in `duplicates`). */
  shipped: number;
  duplicates: number;
  connected: boolean;
  lastError?: string;
  /** Time of each batch insert, ms (the last 1,000). */
  insertMs: number[];
}

export interface ShipOptions {
  developer: Developer;
  /** false: events are sent without their texts (inputs, outputs, what was kept) and never become team examples. */
  contribute?: boolean;
  batchSize?: number;
  /** Wait this long after an event before sending (events come in bursts). */
  intervalMs?: number;
  maxBackoffMs?: number;
}

const COLUMNS = [
  'event_id',
  'at',
  'type',
  'proposal',
  'feature',
  'source',
  'kind',
  'model',
  'repo',
  'developer',
  'developer_name',
  'session',
  'latency_ms',
  'distance',
  'fallback',
  'error',
  'input',
  'output',
  'final',
  'contribute',
];

/** The store a URL names, without its password: cursors are kept per store. */
export function storeKey(url: string): string {
  return createHash('sha256')
    .update(url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@'))
    .digest('hex')
    .slice(0, 16);
}

/** Read and write one small JSON state file atomically (a rename), per store. */
export class CursorFile<T> {
  constructor(private readonly file: string) {}

  get(key: string): T | undefined {
    try {
      return (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, T>)[key];
    } catch {
      return undefined;
    }
  }

  set(key: string, value: T): void {
    let all: Record<string, T> = {};
    try {
      all = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, T>;
    } catch {
      // first write, or a damaged file: start again (the store's ids keep a resend harmless)
    }
    all[key] = value;
    writeJsonAtomic(this.file, all);
  }
}

/** The pool of a store: two connections at most, and an idle one that drops is not an error. */
function teamPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
  // an idle client losing its connection is not an error here: the next use reconnects
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Ships the local feedback log to the team's PostgreSQL. The log is the source of truth: a cursor (the id of the
 * last event the store confirmed) says where to resume, so after an outage the backlog is sent once; every row is
 * keyed by its event id, so a batch sent again (a crash between the insert and the cursor write, two editors
 * sharing one log) is not stored twice. Nothing is ever thrown at the caller.
 */
export class TeamShipper {
  readonly status: ShipStatus = { pending: 0, shipped: 0, duplicates: 0, connected: false, insertMs: [] };
  private pool: pg.Pool | undefined;
  private migrated = false;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly cursor: CursorFile<string>;
  private readonly key: string;

  constructor(
    private readonly url: string,
    private readonly log: EventLog,
    private readonly opts: ShipOptions,
  ) {
    this.cursor = new CursorFile(path.join(log.dir, 'team-cursor.json'));
    this.key = storeKey(url);
  }

  /** Events in the local log after the cursor (not yet confirmed by the store). */
  async pendingCount(): Promise<number> {
    return (await this.log.readAfter(this.cursor.get(this.key))).events.length;
  }

  /** An event was logged: ship soon. */
  kick(): void {
    this.schedule(this.opts.intervalMs ?? 2000);
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.ship();
      },
      Math.max(ms, this.backoffMs),
    );
    this.timer.unref?.();
  }

  /** Send everything after the cursor; on failure keep the cursor and retry later with a growing delay. */
  ship(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.shipOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  private async shipOnce(): Promise<void> {
    try {
      const { events } = await this.log.readAfter(this.cursor.get(this.key));
      this.status.pending = events.length;
      const size = this.opts.batchSize ?? 500;
      for (let i = 0; i < events.length; i += size) {
        const batch = events.slice(i, i + size);
        await this.insert(batch);
        this.cursor.set(this.key, batch[batch.length - 1]!.id!);
        this.status.pending = events.length - i - batch.length;
      }
      this.backoffMs = 0;
      this.status.connected = true;
    } catch (err) {
      this.status.lastError = (err as Error).message;
      this.status.connected = false;
      this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 30_000, Math.max(250, this.backoffMs * 2));
      await this.resetPool();
      this.schedule(this.backoffMs);
    }
  }

  private row(e: FeedbackEvent): unknown[] {
    const give = this.opts.contribute !== false;
    return [
      e.id,
      e.at,
      e.type,
      e.proposal,
      e.feature,
      e.source,
      e.kind ?? null,
      e.model ?? null,
      e.repo ?? null,
      this.opts.developer.id,
      this.opts.developer.name || null,
      e.session,
      typeof e.latencyMs === 'number' ? Math.round(e.latencyMs) : null,
      typeof e.distance === 'number' ? e.distance : null,
      !!e.fallback,
      e.error ?? null,
      // an error's input is its message (no user text): kept for the failure list
      give || e.type === 'error' ? (e.input ?? null) : null,
      give ? (e.output ?? null) : null,
      give ? (e.final ?? null) : null,
      give,
    ];
  }

  /** Run `fn` with a connection of this store's pool (the one the shipper uses; the memory pull shares it). */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!this.pool) this.pool = teamPool(this.url);
    const client = await this.pool.connect();
    // a connection lost while checked out is reported by the failing query; the event alone must not crash us
    client.on('error', ignore);
    try {
      return await fn(client);
    } finally {
      client.removeListener('error', ignore);
      client.release();
    }
  }

  private insert(batch: FeedbackEvent[]): Promise<void> {
    return this.withClient(async (client) => {
      if (!this.migrated) {
        await migrate(client);
        this.migrated = true;
      }
      const values: unknown[] = [];
      const rows = batch.map((e) => {
        const b = values.length;
        values.push(...this.row(e));
        return `(${COLUMNS.map((_, k) => `$${b + k + 1}`).join(', ')})`;
      });
      const t0 = performance.now();
      const r = await client.query(`INSERT INTO kibitz_team_events (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (event_id) DO NOTHING`, values);
      this.status.insertMs.push(performance.now() - t0);
      if (this.status.insertMs.length > 1000) this.status.insertMs.shift();
      this.status.shipped += r.rowCount ?? 0;
      this.status.duplicates += batch.length - (r.rowCount ?? 0);
    });
  }

  private async resetPool(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    this.migrated = false;
    await p?.end().catch(() => undefined);
  }

  /** Send what is left (one attempt), then let go of the connections. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ship().catch(() => undefined);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.resetPool();
  }
}
