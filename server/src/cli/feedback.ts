import { writeFileSync } from 'node:fs';
import { storeOption, teamExportRun, teamMetricsRun, writeExport } from './team.js';
import { EventLog } from '../feedback/log.js';
import { computeMetrics, parseSince, type Rates } from '../feedback/metrics.js';
import { htmlReport } from '../feedback/report.js';
import { SYSTEM_BY_KIND } from '../assist/prompts.js';
import { exportOpenAiChat } from '../feedback/export.js';
import { stateDir } from '../util/paths.js';
import { formatRate } from '../util/stats.js';
import { flag, str, type CliCommand } from './command.js';

function line(name: string, r: Rates): string {
  return `${name.padEnd(14)} ${String(r.offered).padStart(7)} ${formatRate(r.acceptance).padStart(9)} ${formatRate(r.editRate).padStart(7)} ${r.meanEditDistance.toFixed(3).padStart(9)} ${String(r.errors).padStart(7)} ${formatRate(r.fallbackRate).padStart(9)}   ${r.latency.p50}/${r.latency.p95}/${r.latency.p99} ms`;
}

export const metricsCli: CliCommand = {
  name: 'metrics',
  summary: 'Acceptance, edits, errors, fallbacks and latency from the local feedback log (--team: from the team store).',
  maxOperands: 0,
  options: {
    team: { type: 'boolean', description: "the whole team's metrics, from the team store (default --since 30d)" },
    ...storeOption,
    since: { type: 'string', value: 'WHEN', description: '7d, 24h, 30m or a date' },
    json: { type: 'boolean', description: 'print the metrics as JSON' },
    html: { type: 'string', value: 'FILE', description: 'also write a self-contained HTML report' },
  },
  run(p, io, env) {
    const s = str(p, 'since');
    const since = s === undefined ? undefined : parseSince(s);
    if (s !== undefined && !since) {
      io.err('kibitz metrics: --since takes 7d, 24h, 30m or a date\n');
      return 2;
    }
    if (flag(p, 'team')) return teamMetricsRun(p, io, env, since);
    const log = new EventLog(stateDir(env));
    const m = computeMetrics(log.read(since), since);
    const html = str(p, 'html');
    if (html) {
      writeFileSync(html, htmlReport(m));
      io.err(`kibitz: wrote ${html}\n`);
    }
    if (flag(p, 'json')) {
      io.out(JSON.stringify(m, null, 2) + '\n');
      return 0;
    }
    io.out(`${m.events} events in ${log.file}${since ? ` since ${since.toISOString()}` : ''}\n\n`);
    io.out(
      `${''.padEnd(14)} ${'offered'.padStart(7)} ${'accepted'.padStart(9)} ${'edited'.padStart(7)} ${'edit dist'.padStart(9)} ${'errors'.padStart(7)} ${'fallbacks'.padStart(9)}   latency p50/p95/p99\n`,
    );
    io.out(line('all', m.total) + '\n');
    for (const [k, r] of Object.entries(m.byFeature)) io.out(line(k, r) + '\n');
    for (const [k, r] of Object.entries(m.bySource)) io.out(line(`(${k})`, r) + '\n');
    io.out(`\nhovers viewed: ${m.views.count} (latency p50/p95/p99 ${m.views.latency.p50}/${m.views.latency.p95}/${m.views.latency.p99} ms; not counted as accepted or rejected)\n`);
    const a = m.answers;
    if (a.asked)
      io.out(
        `docs answers: ${a.asked} asked (${a.notInDocs} not in the docs); ${a.helpful} marked helpful, ${a.notHelpful} not helpful; ${a.followed} citations opened in ${a.answersWithCitationOpened} answers\n`,
      );
    const errs = Object.entries(m.errorsByKind);
    if (errs.length) io.out(`model errors by kind: ${errs.map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    return 0;
  },
};

export const exportCli: CliCommand = {
  name: 'export',
  summary: "Fine-tuning records (OpenAI chat JSONL) from the proposals you corrected (--team: the whole team's), redacted again, checked and deduplicated.",
  maxOperands: 0,
  options: {
    format: { type: 'string', value: 'openai-chat', description: 'the record format (openai-chat)' },
    out: { type: 'string', value: 'FILE', description: 'write here instead of stdout' },
    validation: { type: 'string', value: 'FILE', description: 'hold out a validation split in this file' },
    'validation-share': { type: 'string', value: 'N', description: 'the share held out (default 0.1)' },
    team: { type: 'boolean', description: 'from every developer in the team store' },
    ...storeOption,
  },
  run(p, io, env) {
    if (str(p, 'format') !== 'openai-chat') {
      io.err('kibitz export: --format openai-chat is the supported format\n');
      return 2;
    }
    if (flag(p, 'team')) return teamExportRun(p, io, env);
    const { lines, summary } = exportOpenAiChat(new EventLog(stateDir(env)).read(), SYSTEM_BY_KIND);
    return writeExport(p, io, lines, summary);
  },
};
