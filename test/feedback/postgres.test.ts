import pg from 'pg';
import { requiredInCi } from '../support/system.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../server/src/feedback/events.js';
import { MIGRATIONS, migrate, PostgresSink } from '../../server/src/feedback/postgres.js';
import { postgresBin, startPostgres } from '../support/postgres.js';

const ev = (i: number, extra: Partial<FeedbackEvent> = {}): FeedbackEvent => ({
  v: 1,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  type: 'offered',
  proposal: `p${i}`,
  feature: 'quick-fix',
  source: 'offline',
  session: 's1',
  ...extra,
});

// .ci/run installs PostgreSQL from Debian; a machine without it cannot run these
describe.skipIf(!requiredInCi(!!postgresBin(), 'PostgreSQL (Debian postgresql)'))('PostgreSQL sink against a real server on 127.0.0.1', () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  const rows = async () => {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    try {
      return (await c.query<{ proposal: string; data: FeedbackEvent }>('SELECT proposal, data FROM kibitz_events ORDER BY proposal')).rows;
    } finally {
      await c.end();
    }
  };
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  it('migrates once and writes events in batches, redacted', async () => {
    const sink = new PostgresSink(server.url, { intervalMs: 10 });
    sink.enqueue(ev(1, { input: 'token ghp_' + 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ' }));
    sink.enqueue(ev(2));
    await sink.flush();
    expect(sink.status).toMatchObject({ written: 2, pending: 0, connected: true });
    const r = await rows();
    expect(r.map((x) => x.proposal)).toEqual(['p1', 'p2']);
    expect(r[0]!.data.input).toBe('token [REDACTED:github-token]');
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    expect(await migrate(c)).toBe(MIGRATIONS.length);
    expect((await c.query('SELECT count(*)::int AS n FROM kibitz_schema')).rows[0].n).toBe(MIGRATIONS.length);
    await c.end();
    await sink.close();
  });

  it('with the server down: nothing is thrown, events wait; when it is back they are written', async () => {
    const sink = new PostgresSink(server.url, { intervalMs: 10, maxBackoffMs: 200 });
    server.stop();
    sink.enqueue(ev(3));
    sink.enqueue(ev(4));
    await sink.flush();
    expect(sink.status.connected).toBe(false);
    expect(sink.status.pending).toBe(2);
    expect(sink.status.lastError).toBeTruthy();
    server.start();
    for (let i = 0; i < 100 && sink.status.pending; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sink.status).toMatchObject({ pending: 0, connected: true });
    expect((await rows()).map((x) => x.proposal)).toEqual(['p1', 'p2', 'p3', 'p4']);
    await sink.close();
  }, 30_000);

  it('a bounded queue drops the oldest when the database stays down', async () => {
    const sink = new PostgresSink('postgres://kibitz@127.0.0.1:9/none', { intervalMs: 10_000, maxQueue: 3 });
    for (let i = 10; i < 15; i++) sink.enqueue(ev(i));
    expect(sink.status).toMatchObject({ pending: 3, dropped: 2 });
    await sink.close();
  });
});
