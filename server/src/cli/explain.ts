import { Explainer, type Explanation, type Part } from '../shell/explain/index.js';
import { explainSummary } from '../assist/explain-command.js';
import { CLI_HOW_TO, cliModel } from './model.js';
import { citeSource } from '../shell/explain/render.js';
import { ManPages } from '../shell/manpages/index.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { defaultConfig } from '../config/schema.js';
import { analyzeRisk } from '../shell/risk/index.js';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** `kibitz explain [--json] -- '<command line>'` */
export async function explainCommand(argv: string[], io: CliIO): Promise<number> {
  let json = false;
  let ai = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--json') json = true;
    else if (a === '--ai') ai = true;
    else if (a === '-h' || a === '--help') {
      io.out("usage: kibitz explain [--json] [--ai] -- '<command line>'\n");
      return 0;
    } else if (a.startsWith('--')) {
      io.err(`kibitz explain: unknown option ${a}\n`);
      return 2;
    } else rest.push(a);
  }
  const line = rest.join(' ');
  if (!line.trim()) {
    io.err("kibitz explain: give a command line, e.g. kibitz explain -- 'tar -xzvf a.tgz'\n");
    return 2;
  }
  const cfg = defaultConfig();
  const explainer = new Explainer(new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() }), {
    dashlessBundles: cfg.dashlessBundles,
  });
  const exp = await explainer.explain(line);
  const risk = await analyzeRisk(line);
  const summary = ai ? await aiSummary(line, exp, io) : undefined;
  if (json) {
    const parts = exp.parts.map((p: Part) => ({
      text: p.text,
      start: p.start,
      end: p.end,
      kind: p.kind,
      explanation: p.explanation,
      source: p.source,
      ...(p.flag ? { flag: p.flag } : {}),
      ...(p.command ? { command: p.command } : {}),
      depth: p.depth,
    }));
    const findings = risk.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, start: f.start, end: f.end }));
    io.out(JSON.stringify({ command: line, ...(summary ? { summary } : {}), parts, risk: { level: risk.level, findings } }, null, 2) + '\n');
    return 0;
  }
  io.out(`${line}\n\n`);
  if (summary) io.out(`${summary}\n\n`);
  if (risk.findings.length) {
    io.out(`RISK: ${risk.level}\n`);
    for (const f of risk.findings) io.out(`  ${f.severity} [${f.rule}] ${f.message}\n`);
    io.out('\n');
  }
  for (const p of exp.parts) {
    const indent = '  '.repeat(p.depth);
    const label = p.flag && p.flag !== p.text ? `${p.flag} (in ${p.text})` : p.text;
    io.out(`${indent}${label.replace(/\s+/g, ' ')}  [${p.kind}]\n${indent}    ${p.explanation}\n`);
    io.out(`${indent}    source: ${p.source ? citeSource(p.source) : 'unknown'}\n`);
  }
  return 0;
}

/** The model's summary, grounded in the man-page parts; undefined (with a note on stderr) when offline or failing. */
async function aiSummary(line: string, exp: Explanation, io: CliIO): Promise<string | undefined> {
  const model = cliModel(io);
  if (!model) {
    io.err(CLI_HOW_TO.replace(/\n$/, ' Showing the offline explanation.\n'));
    return undefined;
  }
  try {
    return await explainSummary(model, line, exp);
  } catch {
    return undefined;
  }
}
