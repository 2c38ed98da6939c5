import os from 'node:os';
import pg from 'pg';
import type { FeedbackEvent } from './events.js';
import { scrubEvent } from './log.js';

/** Schema versions, applied in order inside one transaction each; `kibitz_schema` records the last one. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS kibitz_events (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL,
     type text NOT NULL,
     proposal text NOT NULL,
     feature text NOT NULL,
     source text NOT NULL,
     session text NOT NULL,
     host text NOT NULL,
     data jsonb NOT NULL,
     UNIQUE (proposal, type, at)
   );
   CREATE INDEX IF NOT EXISTS kibitz_events_at ON kibitz_events (at);`,
];

export interface SinkStatus {
  pending: number;
  written: number;
  dropped: number;
  lastError?: string;
  connected: boolean;
}

/**
 * The optional team sink: events are batched to PostgreSQL with retry and backoff. The local log stays the
 * source of truth: when the database is down, events wait in a bounded queue (oldest dropped past the bound)
 * and nothing is ever thrown at the caller.
 */
export class PostgresSink {
  private readonly queue: FeedbackEvent[] = [];
  private pool: pg.Pool | undefined;
  private migrated = false;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private flushing: Promise<void> | undefined;
  readonly status: SinkStatus = { pending: 0, written: 0, dropped: 0, connected: false };

  constructor(
    private readonly url: string,
    private readonly opts: { batchSize?: number; intervalMs?: number; maxQueue?: number; maxBackoffMs?: number } = {},
  ) {}

  enqueue(e: FeedbackEvent): void {
    this.queue.push(scrubEvent(e));
    const max = this.opts.maxQueue ?? 10_000;
    while (this.queue.length > max) {
      this.queue.shift();
      this.status.dropped++;
    }
    this.status.pending = this.queue.length;
    this.schedule(this.queue.length >= (this.opts.batchSize ?? 100) ? 0 : (this.opts.intervalMs ?? 1000));
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.flush().catch(() => undefined);
      },
      Math.max(ms, this.backoffMs),
    );
    this.timer.unref?.();
  }

  /** Write what is queued; on failure keep it and retry later with a growing delay. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      try {
        while (this.queue.length) {
          const batch = this.queue.slice(0, this.opts.batchSize ?? 100);
          await this.write(batch);
          this.queue.splice(0, batch.length);
          this.status.written += batch.length;
          this.status.pending = this.queue.length;
        }
        this.backoffMs = 0;
        this.status.connected = true;
      } catch (err) {
        this.status.lastError = (err as Error).message;
        this.status.connected = false;
        this.backoffMs = Math.min(this.opts.maxBackoffMs ?? 30_000, Math.max(250, this.backoffMs * 2));
        await this.resetPool();
        this.schedule(this.backoffMs);
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private async write(batch: FeedbackEvent[]): Promise<void> {
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.url, max: 2, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
      // an idle client losing its connection is not an error here: the next flush reconnects
      this.pool.on('error', () => undefined);
    }
    const client = await this.pool.connect();
    try {
      if (!this.migrated) {
        await migrate(client);
        this.migrated = true;
      }
      const values: unknown[] = [];
      const rows = batch.map((e, i) => {
        values.push(e.at, e.type, e.proposal, e.feature, e.source, e.session, os.hostname(), JSON.stringify(e));
        const b = i * 8;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
      });
      await client.query(`INSERT INTO kibitz_events (at, type, proposal, feature, source, session, host, data) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`, values);
    } finally {
      client.release();
    }
  }

  private async resetPool(): Promise<void> {
    const p = this.pool;
    this.pool = undefined;
    this.migrated = false;
    await p?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
    await this.resetPool();
  }
}

export async function migrate(client: pg.PoolClient | pg.Client): Promise<number> {
  await client.query('CREATE TABLE IF NOT EXISTS kibitz_schema (version integer NOT NULL)');
  // one migrator at a time, across editors
  await client.query('SELECT pg_advisory_lock(727274)');
  try {
    const r = await client.query<{ version: number }>('SELECT max(version) AS version FROM kibitz_schema');
    let version = r.rows[0]?.version ?? 0;
    for (let v = version; v < MIGRATIONS.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[v]!);
        await client.query('INSERT INTO kibitz_schema (version) VALUES ($1)', [v + 1]);
        await client.query('COMMIT');
        version = v + 1;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return version;
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)');
  }
}
