import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { SYSTEM_BY_KIND } from '../assist/prompts.js';
import { thisDeveloper } from '../feedback/developer.js';
import type { FeedbackEvent } from '../feedback/events.js';
import { exportOpenAiChat, splitValidation } from '../feedback/export.js';
import { EventLog } from '../feedback/log.js';
import { pullTeamExamples } from '../feedback/team-memory.js';
import { teamMetrics, type TeamMetrics, type TeamRates } from '../feedback/team-metrics.js';
import { teamHtmlReport } from '../feedback/team-report.js';
import { migrate, MIGRATIONS } from '../feedback/team-schema.js';
import { TeamShipper } from '../feedback/team-ship.js';
import { stateDir } from '../util/paths.js';
import { formatRate } from '../util/stats.js';
import { flag, str, type CliIO, type CliCommand, type Parsed } from './command.js';

export const storeOption = {
  store: { type: 'string', value: 'URL', description: 'the team PostgreSQL store (default: $KIBITZ_TEAM_STORE)' },
} as const;

/** The team store's URL, from --store or KIBITZ_TEAM_STORE; undefined (and said) when there is none. */
export function storeUrl(p: Parsed, io: CliIO, env: NodeJS.ProcessEnv, cmd: string): string | undefined {
  const url = str(p, 'store') ?? env.KIBITZ_TEAM_STORE;
  if (!url) io.err(`kibitz ${cmd}: no team store: pass --store postgres://USER@HOST/DB or set KIBITZ_TEAM_STORE\n`);
  return url || undefined;
}

const where = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

/** Connect, run, disconnect; a connection failure is one clear line and exit code 1. */
export async function withStore(url: string, io: CliIO, cmd: string, fn: (c: pg.Client) => Promise<number>): Promise<number> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
  } catch (err) {
    io.err(`kibitz ${cmd}: cannot reach the team store at ${where(url)}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    return await fn(c);
  } catch (err) {
    io.err(`kibitz ${cmd}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const teamCli: CliCommand = {
  name: 'team',
  summary: "The team store: `migrate` brings its schema up to date, `sync` sends this machine's feedback log and pulls the team's corrections, `status` says what is pending.",
  operands: 'migrate | sync | status',
  minOperands: 1,
  maxOperands: 1,
  options: { ...storeOption, name: { type: 'string', value: 'NAME', description: 'your name in the store (default: a hash of your git email only)' } },
  async run(p, io, env) {
    const action = p.positionals[0];
    if (!['migrate', 'sync', 'status'].includes(action ?? '')) {
      io.err('usage: kibitz team migrate|sync|status [--store URL]\n');
      return 2;
    }
    const url = storeUrl(p, io, env, 'team');
    if (!url) return 2;
    const dir = stateDir(env);
    const developer = thisDeveloper(str(p, 'name'), env);
    if (action === 'migrate')
      return withStore(url, io, 'team migrate', async (c) => {
        const { from, to } = await migrate(c);
        io.out(from === to ? `the team store at ${where(url)} is up to date (schema version ${to})\n` : `migrated the team store at ${where(url)} from schema version ${from} to ${to}\n`);
        return 0;
      });
    if (action === 'status')
      return withStore(url, io, 'team status', async (c) => {
        const r = await c
          .query<{ version: number | null }>("SELECT max(version) AS version FROM kibitz_schema WHERE to_regclass('kibitz_schema') IS NOT NULL")
          .catch(() => ({ rows: [{ version: 0 }] }));
        const log = new EventLog(dir);
        const shipper = new TeamShipper(url, log, { developer });
        const pending = await shipper.pendingCount();
        io.out(
          `store ${where(url)}: schema version ${r.rows[0]?.version ?? 0} of ${MIGRATIONS.length}\nthis machine: ${pending} events not yet sent (${log.file}); developer id ${developer.id}${developer.name ? ` (${developer.name})` : ''}\n`,
        );
        return 0;
      });
    const shipper = new TeamShipper(url, new EventLog(dir), { developer, contribute: env.KIBITZ_TEAM_CONTRIBUTE !== '0', maxBackoffMs: 0 });
    await shipper.ship();
    await shipper.close();
    if (!shipper.status.connected) {
      io.err(`kibitz team sync: cannot reach the team store at ${where(url)}: ${shipper.status.lastError ?? 'unknown error'}; the events stay in the local log\n`);
      return 1;
    }
    return withStore(url, io, 'team sync', async (c) => {
      const pulled = await pullTeamExamples(c, url, dir, developer.id);
      io.out(`sent ${shipper.status.shipped} events (${shipper.status.duplicates} were already there); pulled ${pulled} team corrections\n`);
      return 0;
    });
  },
};

function rateLine(r: TeamRates): string {
  return `${r.key.slice(0, 24).padEnd(24)} ${String(r.offered).padStart(7)} ${formatRate(r.acceptance).padStart(9)} ${formatRate(r.editRate).padStart(7)} ${r.meanEditDistance.toFixed(3).padStart(9)} ${formatRate(r.fallbackRate).padStart(9)}   ${r.timeToAccept.p50.toFixed(1)}/${r.timeToAccept.p90.toFixed(1)} s`;
}

function printTeam(m: TeamMetrics, io: CliIO): void {
  io.out(`${m.events} events from ${m.developers} developers in ${m.repositories} repositories since ${m.since.slice(0, 10)}\n`);
  const head = `${''.padEnd(24)} ${'offered'.padStart(7)} ${'accepted'.padStart(9)} ${'edited'.padStart(7)} ${'edit dist'.padStart(9)} ${'fallbacks'.padStart(9)}   time to accept p50/p90\n`;
  for (const [title, rows] of [
    ['per feature', m.byFeature],
    ['per source', m.bySource],
    ['per model', m.byModel],
    ['per repository', m.byRepo],
  ] as const) {
    if (!rows.length) continue;
    io.out(`\n${title}\n${head}`);
    for (const r of rows) io.out(rateLine(r) + '\n');
  }
  if (m.fixFirst.length) {
    io.out('\nfix these first (ignored or rewritten):\n');
    for (const f of m.fixFirst) io.out(`  ${formatRate(f.badRate).padStart(5)}  ${f.feature}/${f.kind}: ${f.ignored} ignored, ${f.rewritten} rewritten of ${f.offered}\n`);
  }
  if (m.fixFirstByCommand.length) io.out(`by proposed command: ${m.fixFirstByCommand.map((f) => `${f.kind} ${formatRate(f.badRate)} of ${f.offered}`).join(', ')}\n`);
  if (m.errors.length) io.out(`\nmodel errors by kind: ${m.errors.map((e) => `${e.feature}/${e.kind} ${e.count} (${formatRate(e.rate)})`).join(', ')}\n`);
  if (m.weekly.length) io.out(`\nper week: ${m.weekly.map((w) => `${w.week} ${w.offered} offered ${formatRate(w.acceptance)} accepted`).join('; ')}\n`);
}

/** `kibitz metrics --team`: the store's figures, computed in SQL. */
export function teamMetricsRun(p: Parsed, io: CliIO, env: NodeJS.ProcessEnv, since: Date | undefined): Promise<number> | number {
  const url = storeUrl(p, io, env, 'metrics');
  if (!url) return 2;
  return withStore(url, io, 'metrics', async (c) => {
    await migrate(c);
    const m = await teamMetrics(c, since ?? new Date(Date.now() - 30 * 86_400_000));
    const html = str(p, 'html');
    if (html) {
      writeFileSync(html, teamHtmlReport(m));
      io.err(`kibitz: wrote ${html}\n`);
    }
    if (flag(p, 'json')) io.out(JSON.stringify(m, null, 2) + '\n');
    else printTeam(m, io);
    return 0;
  });
}

/** `kibitz export --team`: fine-tuning records from every developer's corrections, deduplicated, with a validation split. */
export function teamExportRun(p: Parsed, io: CliIO, env: NodeJS.ProcessEnv): Promise<number> | number {
  const url = storeUrl(p, io, env, 'export');
  if (!url) return 2;
  return withStore(url, io, 'export', async (c) => {
    await migrate(c);
    const r = await c.query<FeedbackEvent & { event_id: string }>(
      `SELECT event_id AS id, type, proposal, feature, source, kind, input, final, session, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
       FROM kibitz_team_events WHERE type = 'edited' AND contribute ORDER BY seq`,
    );
    const events = r.rows.map((x) => ({ ...x, v: 1 as const, input: x.input ?? undefined, final: x.final ?? undefined, kind: x.kind ?? undefined }));
    const { lines, summary } = exportOpenAiChat(events, SYSTEM_BY_KIND);
    return writeExport(p, io, lines, summary);
  });
}

/** Write the records (and the validation split when asked), and say what was written and refused. */
export function writeExport(p: Parsed, io: CliIO, lines: string[], summary: ReturnType<typeof exportOpenAiChat>['summary']): number {
  const out = str(p, 'out');
  const validationFile = str(p, 'validation');
  const share = Number(str(p, 'validation-share') ?? '0.1');
  if (validationFile && !(share > 0 && share < 1)) {
    io.err('kibitz export: --validation-share takes a number between 0 and 1\n');
    return 2;
  }
  const { train, validation } = validationFile ? splitValidation(lines, share) : { train: lines, validation: [] };
  const text = (xs: string[]) => xs.map((l) => l + '\n').join('');
  if (out) writeFileSync(out, text(train));
  else io.out(text(train));
  if (validationFile) writeFileSync(validationFile, text(validation));
  io.err(
    `kibitz: ${train.length} records${out ? ` written to ${out}` : ''}${validationFile ? ` and ${validation.length} held out for validation in ${validationFile}` : ''}; ${summary.duplicates} duplicates dropped; refused ${summary.refusedSecrets} with secrets and ${summary.refusedInvisible} with invisible characters; ${summary.skippedNoInput} without a recorded request skipped\n`,
  );
  return 0;
}
