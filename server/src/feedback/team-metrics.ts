import type pg from 'pg';

/** Acceptance and edits of one group of proposals (a feature, a source, a model, a repository). */
export interface TeamRates {
  key: string;
  offered: number;
  accepted: number;
  acceptance: number;
  edited: number;
  kept: number;
  /** edited / (edited + kept). */
  editRate: number;
  meanEditDistance: number;
  /** Seconds from offer to apply. */
  timeToAccept: { p50: number; p90: number };
  fallbacks: number;
  fallbackRate: number;
}

export interface FixFirst {
  feature: string;
  kind: string;
  offered: number;
  ignored: number;
  rewritten: number;
  badRate: number;
}

export interface TeamMetrics {
  since: string;
  events: number;
  developers: number;
  repositories: number;
  byFeature: TeamRates[];
  bySource: TeamRates[];
  byModel: TeamRates[];
  byRepo: TeamRates[];
  /** Edit distance of applied proposals, in tenths (bucket 0: 0–0.1 … bucket 9: 0.9–1), per feature. */
  editDistance: { feature: string; buckets: number[] }[];
  /** Model failures and offline fallbacks by kind, with their rate over the model-backed offers of the feature. */
  errors: { feature: string; kind: string; count: number; rate: number }[];
  fallbacks: { feature: string; kind: string; count: number; rate: number }[];
  /** Proposal kinds (rule ids, action kinds, draft sources) most often ignored or rewritten, worst first. */
  fixFirst: FixFirst[];
  /** The same, by the command a quick fix or code action proposed (its first word: `rm`, `tar`, `git`). */
  fixFirstByCommand: FixFirst[];
  weekly: { week: string; offered: number; accepted: number; acceptance: number; editRate: number; developers: number }[];
}

/** An applied proposal whose edit distance passes this was rewritten, not touched up. */
export const REWRITTEN = 0.5;

const PROPOSALS = `
  offered AS (
    SELECT DISTINCT ON (proposal) proposal, feature, source, coalesce(model, '') AS model, coalesce(repo, '') AS repo,
           coalesce(kind, '') AS kind, at, fallback,
           substring(output from '^[[:space:]]*(?:sudo[[:space:]]+)?([A-Za-z0-9_.+-]+)') AS family
    FROM kibitz_team_events WHERE type = 'offered' AND feature <> 'hover' AND at >= $1 ORDER BY proposal, at),
  acc AS (SELECT proposal, min(at) AS at FROM kibitz_team_events WHERE type = 'accepted' GROUP BY proposal),
  fin AS (SELECT DISTINCT ON (proposal) proposal, type, distance FROM kibitz_team_events
          WHERE type IN ('edited', 'kept') ORDER BY proposal, at DESC),
  p AS (SELECT o.*, a.at AS accepted_at, f.type AS outcome, f.distance
        FROM offered o LEFT JOIN acc a USING (proposal) LEFT JOIN fin f USING (proposal))`;

function toRates(r: Record<string, unknown>): TeamRates {
  const n = (k: string) => Number(r[k] ?? 0);
  const offered = n('offered');
  const finished = n('edited') + n('kept');
  return {
    key: String(r.key ?? ''),
    offered,
    accepted: n('accepted'),
    acceptance: offered ? n('accepted') / offered : 0,
    edited: n('edited'),
    kept: n('kept'),
    editRate: finished ? n('edited') / finished : 0,
    meanEditDistance: n('mean_distance'),
    timeToAccept: { p50: n('tta50'), p90: n('tta90') },
    fallbacks: n('fallbacks'),
    fallbackRate: offered ? n('fallbacks') / offered : 0,
  };
}

async function ratesBy(c: pg.ClientBase, dim: 'feature' | 'source' | 'model' | 'repo', since: Date): Promise<TeamRates[]> {
  const r = await c.query(
    `WITH ${PROPOSALS}
     SELECT ${dim} AS key, count(*) AS offered, count(accepted_at) AS accepted,
            count(*) FILTER (WHERE outcome = 'edited') AS edited, count(*) FILTER (WHERE outcome = 'kept') AS kept,
            coalesce(avg(distance), 0) AS mean_distance, count(*) FILTER (WHERE fallback) AS fallbacks,
            coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - at)), 0) AS tta50,
            coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - at)), 0) AS tta90
     FROM p GROUP BY 1 ORDER BY count(*) DESC`,
    [since],
  );
  return r.rows.map(toRates);
}

async function outcomes(c: pg.ClientBase, since: Date) {
  const hist = await c.query<{ feature: string; bucket: number; n: string }>(
    `WITH ${PROPOSALS} SELECT feature, least(floor(distance * 10), 9)::int AS bucket, count(*) AS n FROM p WHERE distance IS NOT NULL GROUP BY 1, 2`,
    [since],
  );
  const editDistance = new Map<string, number[]>();
  for (const row of hist.rows) {
    const b = editDistance.get(row.feature) ?? Array<number>(10).fill(0);
    b[row.bucket] = Number(row.n);
    editDistance.set(row.feature, b);
  }
  const worst = async (group: string, where: string): Promise<FixFirst[]> => {
    const r = await c.query(
      `WITH ${PROPOSALS}
       SELECT feature, ${group} AS kind, count(*) AS offered, count(*) FILTER (WHERE accepted_at IS NULL) AS ignored,
              count(*) FILTER (WHERE outcome = 'edited' AND distance > ${REWRITTEN}) AS rewritten
       FROM p WHERE ${where} GROUP BY 1, 2 HAVING count(*) >= 3
       ORDER BY (count(*) FILTER (WHERE accepted_at IS NULL) + count(*) FILTER (WHERE outcome = 'edited' AND distance > ${REWRITTEN})) DESC, count(*) DESC LIMIT 15`,
      [since],
    );
    return r.rows.map((x: Record<string, string>) => {
      const offered = Number(x.offered);
      const bad = Number(x.ignored) + Number(x.rewritten);
      return { feature: x.feature!, kind: x.kind || '(none)', offered, ignored: Number(x.ignored), rewritten: Number(x.rewritten), badRate: offered ? bad / offered : 0 };
    });
  };
  return {
    editDistance: [...editDistance].map(([feature, buckets]) => ({ feature, buckets })),
    fixFirst: await worst('kind', 'true'),
    fixFirstByCommand: await worst('family', "family IS NOT NULL AND feature IN ('quick-fix', 'code-action')"),
  };
}

async function failures(c: pg.ClientBase, since: Date) {
  const errors = await c.query<{ feature: string; kind: string; n: string; base: string }>(
    `WITH model_offers AS (SELECT feature, count(*) AS base FROM kibitz_team_events WHERE type = 'offered' AND (source = 'model' OR fallback) AND at >= $1 GROUP BY 1)
     SELECT e.feature, coalesce(e.error, 'unknown') AS kind, count(*) AS n, coalesce(max(m.base), 0) AS base
     FROM kibitz_team_events e LEFT JOIN model_offers m USING (feature)
     WHERE e.type = 'error' AND e.at >= $1 GROUP BY 1, 2 ORDER BY count(*) DESC`,
    [since],
  );
  const fallbacks = await c.query<{ feature: string; kind: string; n: string; base: string }>(
    `SELECT feature, coalesce(kind, '') AS kind, count(*) FILTER (WHERE fallback) AS n, count(*) AS base
     FROM kibitz_team_events WHERE type = 'offered' AND at >= $1 GROUP BY 1, 2 HAVING count(*) FILTER (WHERE fallback) > 0 ORDER BY 3 DESC`,
    [since],
  );
  const row = (r: { feature: string; kind: string; n: string; base: string }) => ({
    feature: r.feature,
    kind: r.kind || '(none)',
    count: Number(r.n),
    rate: Number(r.base) ? Number(r.n) / Number(r.base) : 0,
  });
  return { errors: errors.rows.map(row), fallbacks: fallbacks.rows.map(row) };
}

async function weekly(c: pg.ClientBase, since: Date): Promise<TeamMetrics['weekly']> {
  const r = await c.query(
    `WITH ${PROPOSALS}, devs AS (
       SELECT to_char(date_trunc('week', at), 'YYYY-MM-DD') AS week, count(DISTINCT developer) AS developers
       FROM kibitz_team_events WHERE at >= $1 GROUP BY 1)
     SELECT to_char(date_trunc('week', at), 'YYYY-MM-DD') AS week, count(*) AS offered, count(accepted_at) AS accepted,
            count(*) FILTER (WHERE outcome = 'edited') AS edited, count(outcome) AS finished, max(d.developers) AS developers
     FROM p LEFT JOIN devs d ON d.week = to_char(date_trunc('week', p.at), 'YYYY-MM-DD') GROUP BY 1 ORDER BY 1`,
    [since],
  );
  return r.rows.map((x: Record<string, string>) => ({
    week: x.week!,
    offered: Number(x.offered),
    accepted: Number(x.accepted),
    acceptance: Number(x.offered) ? Number(x.accepted) / Number(x.offered) : 0,
    editRate: Number(x.finished) ? Number(x.edited) / Number(x.finished) : 0,
    developers: Number(x.developers ?? 0),
  }));
}

/** The team's metrics since a date, computed in the store (SQL), for `kibitz metrics --team`. */
export async function teamMetrics(c: pg.ClientBase, since: Date): Promise<TeamMetrics> {
  const totals = await c.query<{ events: string; developers: string; repositories: string }>(
    'SELECT count(*) AS events, count(DISTINCT developer) AS developers, count(DISTINCT repo) AS repositories FROM kibitz_team_events WHERE at >= $1',
    [since],
  );
  const t = totals.rows[0]!;
  return {
    since: since.toISOString(),
    events: Number(t.events),
    developers: Number(t.developers),
    repositories: Number(t.repositories),
    byFeature: await ratesBy(c, 'feature', since),
    bySource: await ratesBy(c, 'source', since),
    byModel: (await ratesBy(c, 'model', since)).filter((r) => r.key),
    byRepo: (await ratesBy(c, 'repo', since)).filter((r) => r.key),
    ...(await outcomes(c, since)),
    ...(await failures(c, since)),
    weekly: await weekly(c, since),
  };
}
