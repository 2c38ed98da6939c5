// The team store under load: 50 simulated servers (worker threads, each with its own feedback log and shipper)
// send events at a steady rate to one PostgreSQL on 127.0.0.1 for a bounded time; the database is stopped and
// restarted in the middle. Prints events/s, p99 batch insert latency, and whether every event arrived exactly
// once. Prints figures; asserts nothing. Run: npx tsx bench/team-load.ts (part of npm run bench; needs Debian
// postgresql). KIBITZ_BENCH_SERVERS, KIBITZ_BENCH_SECONDS and KIBITZ_BENCH_RATE change the load.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { migrate } from '../server/src/feedback/team-schema.js';
import { postgresBin, startPostgres } from '../test/support/postgres.js';

const SERVERS = Number(process.env.KIBITZ_BENCH_SERVERS ?? 50);
const SECONDS = Number(process.env.KIBITZ_BENCH_SECONDS ?? 30);
const RATE = Number(process.env.KIBITZ_BENCH_RATE ?? 2);

if (!postgresBin()) {
  console.log('team load: skipped (PostgreSQL is not installed: apt-get install postgresql)');
  process.exit(0);
}
const db = await startPostgres();
const admin = new pg.Client({ connectionString: db.url });
await admin.connect();
await migrate(admin);
await admin.end();

const here = path.dirname(fileURLToPath(import.meta.url));
const t0 = performance.now();
const results = Promise.all(
  Array.from(
    { length: SERVERS },
    (_, index) =>
      new Promise<{ ids: string[]; insertMs: number[]; pending: number; errors: string }>((resolve, reject) => {
        const w = new Worker(path.join(here, 'team-load-worker.mjs'), { workerData: { url: db.url, index, seconds: SECONDS, perSecond: RATE } });
        w.once('message', resolve);
        w.once('error', reject);
      }),
  ),
);
// the outage: stopped at 40% of the run, back at 60%
const outage = { stoppedAt: SECONDS * 0.4, restartedAt: SECONDS * 0.6 };
setTimeout(() => db.stop(), outage.stoppedAt * 1000);
setTimeout(() => db.start(), outage.restartedAt * 1000);
const all = await results;
const wall = (performance.now() - t0) / 1000;

const c = new pg.Client({ connectionString: db.url });
await c.connect();
const rows = (await c.query<{ event_id: string }>('SELECT event_id FROM kibitz_team_events')).rows;
const span = (await c.query<{ s: number }>('SELECT extract(epoch FROM max(received_at) - min(received_at))::float AS s FROM kibitz_team_events')).rows[0]!.s;
await c.end();
db.stop();

const sent = all.flatMap((r) => r.ids);
const stored = new Set(rows.map((r) => r.event_id));
const lost = sent.filter((id) => !stored.has(id)).length;
const sentSet = new Set(sent);
const duplicated = rows.length - stored.size + [...stored].filter((id) => !sentSet.has(id)).length;
const inserts = all.flatMap((r) => r.insertMs).sort((a, b) => a - b);
const pct = (p: number) => inserts[Math.min(inserts.length - 1, Math.floor((p / 100) * inserts.length))] ?? 0;
console.log(`team load: ${SERVERS} servers × ${RATE} events/s for ${SECONDS} s; PostgreSQL stopped at ${outage.stoppedAt} s and restarted at ${outage.restartedAt} s`);
console.log(`  events: ${sent.length} logged, ${rows.length} stored; lost ${lost}, duplicated ${duplicated}; still pending ${all.reduce((s, r) => s + r.pending, 0)}`);
console.log(`  throughput: ${(rows.length / wall).toFixed(0)} events/s over the whole run (${wall.toFixed(1)} s with the drain after the outage); stored over ${span.toFixed(1)} s`);
console.log(`  batch inserts: ${inserts.length}, latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${(inserts.at(-1) ?? 0).toFixed(1)} ms`);
console.log(`  servers that saw the outage: ${all.filter((r) => r.errors).length} of ${SERVERS}`);
