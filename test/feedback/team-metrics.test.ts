import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../server/src/feedback/events.js';
import { EventLog } from '../../server/src/feedback/log.js';
import { teamMetrics } from '../../server/src/feedback/team-metrics.js';
import { teamHtmlReport } from '../../server/src/feedback/team-report.js';
import { TeamShipper } from '../../server/src/feedback/team-ship.js';
import { runCli, cleanEnv } from '../support/lsp-client.js';
import { postgresBin, startPostgres } from '../support/postgres.js';
import { requiredInCi } from '../support/system.js';
import { developerHome, freshDatabase, query } from '../support/team.js';

const at = (day: number, s = 0) => new Date(Date.UTC(2026, 10, day, 9, 0, s)).toISOString();
const base = { v: 1 as const, session: 's' };

/** Three developers, two weeks: what each of them offered, applied, kept, edited, and where the model failed. */
function seed(): Record<string, FeedbackEvent[]> {
  const qf = (p: string, day: number, dev: string): FeedbackEvent => ({
    ...base,
    session: dev,
    type: 'offered',
    proposal: p,
    feature: 'quick-fix',
    source: 'model',
    model: 'model-a',
    kind: 'rm-rf-root',
    at: at(day),
    repo: 'acme/api',
    output: 'sudo rm -rf -- "${DIR:?}"/',
  });
  return {
    ada: [
      qf('p1', 3, 'ada'),
      { ...base, type: 'accepted', proposal: 'p1', feature: 'quick-fix', source: 'model', at: at(3, 10) },
      { ...base, type: 'kept', proposal: 'p1', feature: 'quick-fix', source: 'model', at: at(3, 50), distance: 0 },
      qf('p2', 3, 'ada'),
      { ...base, type: 'accepted', proposal: 'p2', feature: 'quick-fix', source: 'model', at: at(3, 30) },
      { ...base, type: 'edited', proposal: 'p2', feature: 'quick-fix', source: 'model', at: at(3, 59), distance: 0.8, input: 'rm -rf "$DIR"/', final: 'rm -rf -- "${DIR:?}"/' },
      qf('p3', 4, 'ada'),
      qf('p4', 4, 'ada'),
    ],
    bo: [
      { ...base, type: 'offered', proposal: 'c1', feature: 'commit', source: 'offline', kind: 'commit-learned', at: at(4), repo: 'acme/web' },
      { ...base, type: 'accepted', proposal: 'c1', feature: 'commit', source: 'offline', at: at(4, 5) },
      { ...base, type: 'edited', proposal: 'c1', feature: 'commit', source: 'offline', at: at(4, 40), distance: 0.2 },
      { ...base, type: 'offered', proposal: 'c2', feature: 'commit', source: 'offline', kind: 'commit-learned', at: at(5), repo: 'acme/web' },
      { ...base, type: 'accepted', proposal: 'c2', feature: 'commit', source: 'offline', at: at(5, 5) },
      { ...base, type: 'kept', proposal: 'c2', feature: 'commit', source: 'offline', at: at(5, 9), distance: 0 },
      { ...base, type: 'offered', proposal: 'c3', feature: 'commit', source: 'offline', kind: 'commit-learned', at: at(5), repo: 'acme/web' },
      { ...base, type: 'offered', proposal: 'm1', feature: 'code-action', source: 'model', model: 'model-a', kind: 'generate-command', fallback: true, at: at(5) },
      { ...base, type: 'error', proposal: 'e1', feature: 'code-action', source: 'model', error: 'timeout', at: at(5) },
      { ...base, type: 'error', proposal: 'e2', feature: 'code-action', source: 'model', error: 'timeout', at: at(5, 1) },
      { ...base, type: 'viewed', proposal: 'h1', feature: 'hover', source: 'offline', at: at(5), latencyMs: 4 },
    ],
    cy: [qf('p5', 10, 'cy')],
  };
}

describe.skipIf(!requiredInCi(!!postgresBin(), 'PostgreSQL (Debian postgresql)'))('team metrics in SQL on a seeded multi-developer store', () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  let url: string;
  beforeAll(async () => {
    server = await startPostgres();
    url = await freshDatabase(server.url, 'metrics');
    for (const [name, events] of Object.entries(seed())) {
      const { dir } = developerHome(`${name}@example.com`);
      const log = new EventLog(dir);
      for (const e of events) log.append(e);
      const shipper = new TeamShipper(url, log, { developer: { id: `dev-${name}` } });
      await shipper.ship();
      await shipper.close();
    }
  }, 60_000);
  afterAll(() => server?.stop());

  const metrics = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await teamMetrics(c, new Date('2026-10-01T00:00:00Z'));
    } finally {
      await c.end();
    }
  };

  it('acceptance, edits and time to accept per feature, source, model and repository', async () => {
    const m = await metrics();
    expect(m).toMatchObject({ events: 20, developers: 3, repositories: 2 });
    const qf = m.byFeature.find((r) => r.key === 'quick-fix')!;
    expect(qf).toMatchObject({ offered: 5, accepted: 2, acceptance: 0.4, edited: 1, kept: 1, editRate: 0.5, timeToAccept: { p50: 20, p90: 28 } });
    expect(qf.meanEditDistance).toBeCloseTo(0.4);
    expect(m.byFeature.find((r) => r.key === 'commit')).toMatchObject({ offered: 3, accepted: 2, edited: 1, kept: 1 });
    expect(m.byFeature.find((r) => r.key === 'code-action')).toMatchObject({ offered: 1, accepted: 0, fallbacks: 1, fallbackRate: 1 });
    // hovers are views, never proposals
    expect(m.byFeature.map((r) => r.key)).not.toContain('hover');
    expect(m.bySource.find((r) => r.key === 'model')).toMatchObject({ offered: 6, accepted: 2 });
    expect(m.byModel).toEqual([expect.objectContaining({ key: 'model-a', offered: 6 })]);
    expect(m.byRepo.map((r) => [r.key, r.offered])).toEqual([
      ['acme/api', 5],
      ['acme/web', 3],
    ]);
  });

  it('edit distances, failures by kind, the fix-these-first list and weekly trends', async () => {
    const m = await metrics();
    expect(m.editDistance.find((d) => d.feature === 'quick-fix')!.buckets).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(m.errors).toEqual([{ feature: 'code-action', kind: 'timeout', count: 2, rate: 2 }]);
    expect(m.fallbacks).toEqual([{ feature: 'code-action', kind: 'generate-command', count: 1, rate: 1 }]);
    expect(m.fixFirst[0]).toEqual({ feature: 'quick-fix', kind: 'rm-rf-root', offered: 5, ignored: 3, rewritten: 1, badRate: 0.8 });
    expect(m.fixFirstByCommand).toEqual([{ feature: 'quick-fix', kind: 'rm', offered: 5, ignored: 3, rewritten: 1, badRate: 0.8 }]);
    expect(m.fixFirst[1]).toMatchObject({ feature: 'commit', kind: 'commit-learned', ignored: 1, rewritten: 0 });
    expect(m.weekly).toEqual([
      { week: '2026-11-02', offered: 8, accepted: 4, acceptance: 0.5, editRate: 0.5, developers: 2 },
      { week: '2026-11-09', offered: 1, accepted: 0, acceptance: 0, editRate: 0, developers: 1 },
    ]);
    const html = teamHtmlReport(m);
    expect(html).toContain('<td>rm-rf-root</td><td>5</td><td>3</td><td>1</td><td>80.0%</td>');
    expect((html.match(/<svg/g) ?? []).length).toBe(5); // two edit-distance charts (quick-fix, commit), three weekly
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('kibitz metrics --team, kibitz team and kibitz export --team from the terminal', async () => {
    const { env, dir } = developerHome('dee@example.com');
    const run = (args: string[]) => runCli(args, { ...cleanEnv(), ...env, KIBITZ_TEAM_STORE: url });
    const text = await run(['metrics', '--team', '--since', '2026-10-01']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('20 events from 3 developers in 2 repositories');
    expect(text.stdout).toMatch(/80\.0%\s+quick-fix\/rm-rf-root: 3 ignored, 1 rewritten of 5/);
    const json = JSON.parse((await run(['metrics', '--team', '--since', '2026-10-01', '--json', '--html', path.join(dir, 'r.html')])).stdout);
    expect(json.developers).toBe(3);
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toContain('Fix these first');
    expect((await run(['team', 'migrate'])).stdout).toMatch(/up to date \(schema version 2\)/);
    const exp = await run(['export', '--team', '--format', 'openai-chat', '--out', path.join(dir, 'train.jsonl'), '--validation', path.join(dir, 'valid.jsonl')]);
    expect(exp.status).toBe(0);
    expect(exp.stderr).toMatch(/1 records written to .*train\.jsonl and 0 held out/);
    expect(JSON.parse(readFileSync(path.join(dir, 'train.jsonl'), 'utf8')).messages[2].content).toBe('rm -rf -- "${DIR:?}"/');
    // a CLI-only developer: drafts logged by `kibitz commit-msg`, sent by `kibitz team sync`
    new EventLog(dir).append({ ...base, type: 'offered', proposal: 'd1', feature: 'commit', source: 'offline', at: at(12) });
    expect((await run(['team', 'status'])).stdout).toMatch(/schema version 2 of 2\nthis machine: 1 events not yet sent/);
    await query(url, "UPDATE kibitz_team_events SET received_at = now() - interval '1 minute'");
    expect((await run(['team', 'sync'])).stdout).toMatch(/^sent 1 events \(0 were already there\); pulled 1 team corrections/);
    expect((await run(['team', 'status'])).stdout).toContain('this machine: 0 events not yet sent');
    const missing = await runCli(['metrics', '--team'], { ...cleanEnv(), ...env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no team store');
    const down = await runCli(['team', 'sync', '--store', 'postgres://kibitz@127.0.0.1:9/x'], { ...cleanEnv(), ...env });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('cannot reach the team store at postgres://127.0.0.1:9/x');
  }, 60_000);
});
