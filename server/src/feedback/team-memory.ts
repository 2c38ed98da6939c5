import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { CursorFile, storeKey } from './team-ship.js';
import { migrate } from './team-schema.js';
import { teamExamplesPath } from '../util/paths.js';

/** One correction a teammate made to a proposal: the request, and what they kept. */
export interface TeamExample {
  id: string;
  kind: string;
  feature: string;
  repo?: string;
  input: string;
  output: string;
}

/** The team's examples pulled into this machine, beside the local few-shot memory (`examples.jsonl`). */
export const teamExamplesFile = teamExamplesPath;

/**
 * Pull the team's new corrections (accepted after an edit, from developers who contribute, not this developer's
 * own: those are already local) into `team-examples.jsonl`, incrementally: a cursor on the store's sequence.
 * Rows younger than `settleMs` wait for the next pull, so a slower transaction that took an earlier sequence
 * number is not skipped. Returns how many were added.
 */
export async function pullTeamExamples(client: pg.PoolClient | pg.Client, url: string, dir: string, developer: string, opts: { settleMs?: number; limit?: number } = {}): Promise<number> {
  await migrate(client);
  const cursor = new CursorFile<number>(path.join(dir, 'team-pull.json'));
  const key = storeKey(url);
  let after = cursor.get(key) ?? 0;
  let added = 0;
  for (;;) {
    const r = await client.query<{ seq: string; event_id: string; kind: string | null; feature: string; repo: string | null; input: string; final: string }>(
      `SELECT seq, event_id, kind, feature, repo, input, final FROM kibitz_team_events
       WHERE type = 'edited' AND contribute AND seq > $1 AND developer <> $2 AND input IS NOT NULL AND coalesce(final, '') <> ''
         AND received_at < now() - make_interval(secs => $3)
       ORDER BY seq LIMIT $4`,
      [after, developer, (opts.settleMs ?? 10_000) / 1000, opts.limit ?? 1000],
    );
    if (!r.rows.length) break;
    mkdirSync(dir, { recursive: true });
    const lines = r.rows.map(
      (x) =>
        JSON.stringify({
          id: `team-${x.event_id}`,
          kind: x.kind ?? x.feature,
          feature: x.feature,
          ...(x.repo ? { repo: x.repo } : {}),
          input: x.input,
          output: x.final.trim(),
          accepted: true,
          team: true,
        }) + '\n',
    );
    appendFileSync(teamExamplesFile(dir), lines.join(''));
    after = Number(r.rows[r.rows.length - 1]!.seq);
    cursor.set(key, after);
    added += r.rows.length;
    if (r.rows.length < (opts.limit ?? 1000)) break;
  }
  return added;
}

/** The team's examples on this machine (a torn or foreign line is skipped). */
export function readTeamExamples(dir: string): TeamExample[] {
  let text: string;
  try {
    text = readFileSync(teamExamplesFile(dir), 'utf8');
  } catch {
    return [];
  }
  const out: TeamExample[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as Partial<TeamExample>;
      if (e.id && e.input && e.output && !seen.has(e.id)) {
        seen.add(e.id);
        out.push({ id: e.id, kind: e.kind ?? '', feature: e.feature ?? '', ...(e.repo ? { repo: e.repo } : {}), input: e.input, output: e.output });
      }
    } catch {
      // skipped
    }
  }
  return out;
}

/** A commit example's staged paths, from its request (`staged: a (modified, +1 -2), b` as the editor and the CLI write it). */
export function stagedPaths(input: string): string[] {
  const line = /^staged: (.*)$/m.exec(input)?.[1] ?? '';
  return line
    .replace(/ \([a-z]+, \+\d+ -\d+\)/g, '')
    .split(', ')
    .map((p) => p.trim())
    .filter(Boolean);
}
