import type pg from 'pg';

/**
 * The team store's schema, one forward-only step per version, each applied in its own transaction;
 * `kibitz_schema` records the versions applied. Never edit a released step: add the next one.
 */
export const MIGRATIONS: string[] = [
  // 1: the first sink (one table of events as JSON)
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
  // 2: the team store: one row per event id (idempotent delivery), developer, repository and model dimensions,
  // a sequence for incremental pulls; rows of version 1 are carried over with ids derived from their content
  `CREATE TABLE kibitz_team_events (
     event_id text PRIMARY KEY,
     seq bigserial UNIQUE,
     at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     type text NOT NULL,
     proposal text NOT NULL,
     feature text NOT NULL,
     source text NOT NULL,
     kind text,
     model text,
     repo text,
     developer text NOT NULL,
     developer_name text,
     session text NOT NULL,
     latency_ms integer,
     distance real,
     fallback boolean NOT NULL DEFAULT false,
     error text,
     input text,
     output text,
     final text,
     contribute boolean NOT NULL DEFAULT true
   );
   INSERT INTO kibitz_team_events (event_id, at, type, proposal, feature, source, kind, developer, session, latency_ms, distance, fallback, error, input, output, final)
     SELECT 'v1-' || md5(data::text || id::text), at, type, proposal, feature, source, data->>'kind', left(md5(host), 16), session,
            (data->>'latencyMs')::numeric::integer, (data->>'distance')::real, coalesce((data->>'fallback')::boolean, false),
            data->>'error', data->>'input', data->>'output', data->>'final'
     FROM kibitz_events ORDER BY id;
   DROP TABLE kibitz_events;
   CREATE INDEX kibitz_team_events_at ON kibitz_team_events (at);
   CREATE INDEX kibitz_team_events_proposal ON kibitz_team_events (proposal);
   CREATE INDEX kibitz_team_events_examples ON kibitz_team_events (seq) WHERE type = 'edited' AND contribute;`,
];

/** Bring the store to the latest version; returns it. One migrator at a time (an advisory lock), so editors may race. */
export async function migrate(client: pg.PoolClient | pg.Client): Promise<{ from: number; to: number }> {
  await client.query('CREATE TABLE IF NOT EXISTS kibitz_schema (version integer NOT NULL)');
  await client.query('SELECT pg_advisory_lock(727274)');
  try {
    const r = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM kibitz_schema');
    const from = r.rows[0]?.version ?? 0;
    if (from > MIGRATIONS.length) throw new Error(`the team store is at schema version ${from}, newer than this kibitz knows (${MIGRATIONS.length}): update kibitz`);
    for (let v = from; v < MIGRATIONS.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[v]!);
        await client.query('INSERT INTO kibitz_schema (version) VALUES ($1)', [v + 1]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration to schema version ${v + 1} failed: ${(err as Error).message}`);
      }
    }
    return { from, to: Math.max(from, MIGRATIONS.length) };
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)');
  }
}
