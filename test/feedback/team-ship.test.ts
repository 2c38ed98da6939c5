import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { FeedbackEvent } from '../../server/src/feedback/events.js';
import { EventLog } from '../../server/src/feedback/log.js';
import { MIGRATIONS, migrate } from '../../server/src/feedback/team-schema.js';
import { TeamShipper } from '../../server/src/feedback/team-ship.js';
import { describeWithPostgres, developerHome, freshDatabase, query, waitFor } from '../support/team.js';
import pg from 'pg';

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

describeWithPostgres('the team store on a real PostgreSQL', (server) => {
  it('migrates a store of the first schema forward, keeping its rows, once', async () => {
    const url = await freshDatabase(server().url, 'older');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    // the store as the first release left it: version 1 and two rows
    await c.query('CREATE TABLE kibitz_schema (version integer NOT NULL)');
    await c.query(MIGRATIONS[0]!);
    await c.query('INSERT INTO kibitz_schema VALUES (1)');
    for (const e of [ev(1, { kind: 'rm-rf' }), ev(2, { type: 'edited', distance: 0.25, input: 'why', final: 'this' })])
      await c.query('INSERT INTO kibitz_events (at, type, proposal, feature, source, session, host, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)', [
        e.at,
        e.type,
        e.proposal,
        e.feature,
        e.source,
        e.session,
        'laptop',
        JSON.stringify(e),
      ]);
    expect(await migrate(c)).toEqual({ from: 1, to: MIGRATIONS.length });
    expect(await migrate(c)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    const rows = (await c.query('SELECT event_id, type, kind, developer, distance, input, final FROM kibitz_team_events ORDER BY seq')).rows;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ type: 'offered', kind: 'rm-rf' });
    expect(rows[1]).toMatchObject({ type: 'edited', distance: 0.25, input: 'why', final: 'this' });
    expect(rows[0].developer).toMatch(/^[0-9a-f]{16}$/);
    expect(rows[0].event_id).not.toBe(rows[1].event_id);
    expect((await c.query("SELECT to_regclass('kibitz_events') AS t")).rows[0].t).toBeNull();
    // a store a newer kibitz migrated is refused, not damaged
    await c.query('INSERT INTO kibitz_schema VALUES (99)');
    await expect(migrate(c)).rejects.toThrow(/newer than this kibitz knows/);
    await c.end();
  });

  it('every event arrives exactly once though the server stops and restarts mid-run', async () => {
    const url = await freshDatabase(server().url, 'outage');
    const { dir } = developerHome('ada@example.com');
    const log = new EventLog(dir);
    const shipper = new TeamShipper(url, log, { developer: { id: 'dev-a' }, intervalMs: 5, batchSize: 40, maxBackoffMs: 300 });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      if (i === 100) {
        await waitFor(() => shipper.status.pending === 0 && shipper.status.shipped > 0);
        server().stop();
      }
      if (i === 220) server().start();
      log.append(ev(i, { input: `request ${i}` }));
      ids.push(log.read().at(-1)!.id!);
      shipper.kick();
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await shipper.ship();
    await waitFor(() => shipper.status.connected && shipper.status.pending === 0);
    expect(shipper.status.lastError).toBeTruthy();
    const rows = await query<{ event_id: string }>(url, 'SELECT event_id FROM kibitz_team_events');
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(ids));
    // a crash between the insert and the cursor write: the whole log is sent again, and nothing is stored twice
    rmSync(path.join(dir, 'team-cursor.json'));
    const again = new TeamShipper(url, log, { developer: { id: 'dev-a' } });
    await again.ship();
    expect(again.status).toMatchObject({ shipped: 0, duplicates: 300, pending: 0 });
    expect((await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM kibitz_team_events'))[0]!.n).toBe(300);
    await shipper.close();
    await again.close();
  }, 90_000);

  it('a developer who opts out sends counts, not texts', async () => {
    const url = await freshDatabase(server().url, 'optout');
    const { dir } = developerHome('bob@example.com');
    const log = new EventLog(dir);
    log.append(ev(1, { type: 'edited', input: 'the request', output: 'proposed', final: 'kept', distance: 0.4 }));
    log.append(ev(2, { type: 'error', error: 'timeout', input: 'model timed out after 8000 ms' }));
    const shipper = new TeamShipper(url, log, { developer: { id: 'dev-b', name: 'Bob' }, contribute: false });
    await shipper.ship();
    const rows = await query(url, 'SELECT type, input, output, final, distance, contribute, developer, developer_name FROM kibitz_team_events ORDER BY at');
    expect(rows[0]).toEqual({ type: 'edited', input: null, output: null, final: null, distance: 0.4, contribute: false, developer: 'dev-b', developer_name: 'Bob' });
    expect(rows[1]).toMatchObject({ type: 'error', input: 'model timed out after 8000 ms' });
    await shipper.close();
  });

  it('with the store unreachable nothing is thrown and the cursor stays', async () => {
    const { dir } = developerHome('eve@example.com');
    const log = new EventLog(dir);
    log.append(ev(1));
    const shipper = new TeamShipper('postgres://kibitz@127.0.0.1:9/none', log, { developer: { id: 'x' }, maxBackoffMs: 50 });
    await shipper.ship();
    expect(shipper.status).toMatchObject({ connected: false, pending: 1 });
    expect(await shipper.pendingCount()).toBe(1);
    await shipper.close();
  });
});
