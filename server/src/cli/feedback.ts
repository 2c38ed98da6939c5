import { writeFileSync } from 'node:fs';
import { EventLog } from '../feedback/log.js';
import { computeMetrics, parseSince, type Rates } from '../feedback/metrics.js';
import { htmlReport } from '../feedback/report.js';
import { exportOpenAiChat } from '../feedback/export.js';
import { stateDir } from '../util/paths.js';
import { formatRate } from '../util/stats.js';
import type { CliIO } from './explain.js';

function line(name: string, r: Rates): string {
  return `${name.padEnd(14)} ${String(r.offered).padStart(7)} ${formatRate(r.acceptance).padStart(9)} ${formatRate(r.editRate).padStart(7)} ${r.meanEditDistance.toFixed(3).padStart(9)} ${String(r.errors).padStart(7)} ${formatRate(r.fallbackRate).padStart(9)}   ${r.latency.p50}/${r.latency.p95}/${r.latency.p99} ms`;
}

/** `kibitz metrics [--since 7d] [--json] [--html report.html]` over the local feedback log. */
export function metricsCommand(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): number {
  let since: Date | undefined;
  let json = false;
  let html: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--since') {
      since = parseSince(argv[++i] ?? '');
      if (!since) {
        io.err('kibitz metrics: --since takes 7d, 24h, 30m or a date\n');
        return 2;
      }
    } else if (a === '--html') html = argv[++i];
    else {
      io.err(`kibitz metrics: unknown argument ${a}\nusage: kibitz metrics [--since 7d] [--json] [--html report.html]\n`);
      return 2;
    }
  }
  const log = new EventLog(stateDir(env));
  const m = computeMetrics(log.read(since), since);
  if (html) {
    writeFileSync(html, htmlReport(m));
    io.err(`kibitz: wrote ${html}\n`);
  }
  if (json) {
    io.out(JSON.stringify(m, null, 2) + '\n');
    return 0;
  }
  io.out(`${m.events} events in ${log.file}${since ? ` since ${since.toISOString()}` : ''}\n\n`);
  io.out(`${''.padEnd(14)} ${'offered'.padStart(7)} ${'accepted'.padStart(9)} ${'edited'.padStart(7)} ${'edit dist'.padStart(9)} ${'errors'.padStart(7)} ${'fallbacks'.padStart(9)}   latency p50/p95/p99\n`);
  io.out(line('all', m.total) + '\n');
  for (const [k, r] of Object.entries(m.byFeature)) io.out(line(k, r!) + '\n');
  for (const [k, r] of Object.entries(m.bySource)) io.out(line(`(${k})`, r!) + '\n');
  return 0;
}

/** `kibitz export --format openai-chat [--out file.jsonl]` */
export function exportCommand(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): number {
  let format = '';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--format') format = argv[++i] ?? '';
    else if (argv[i] === '--out') out = argv[++i];
    else {
      io.err(`kibitz export: unknown argument ${argv[i]}\nusage: kibitz export --format openai-chat [--out file.jsonl]\n`);
      return 2;
    }
  }
  if (format !== 'openai-chat') {
    io.err('kibitz export: --format openai-chat is the supported format\n');
    return 2;
  }
  const { lines, summary } = exportOpenAiChat(new EventLog(stateDir(env)).read());
  const text = lines.map((l) => l + '\n').join('');
  if (out) writeFileSync(out, text);
  else io.out(text);
  io.err(`kibitz: ${summary.written} records${out ? ` written to ${out}` : ''}; refused ${summary.refusedSecrets} with secrets and ${summary.refusedInvisible} with invisible characters; ${summary.skippedNoInput} without a recorded request skipped\n`);
  return 0;
}
