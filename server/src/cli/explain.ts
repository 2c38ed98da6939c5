import { Explainer, type Explanation, type Part } from '../shell/explain/index.js';
import { explainSummary } from '../assist/explain-command.js';
import { CLI_HOW_TO, cliModel } from './model.js';
import { citeSource } from '../shell/explain/render.js';
import { ManPages } from '../shell/manpages/index.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { defaultConfig } from '../config/schema.js';
import { analyzeRisk } from '../shell/risk/index.js';
import { flag, type CliCommand, type CliIO } from './command.js';

export type { CliIO } from './command.js';

export const explainCli: CliCommand = {
  name: 'explain',
  summary: 'Explain a shell command line part by part, each part citing the man page (or spec) it comes from.',
  operands: "-- '<command line>'",
  minOperands: 1,
  options: {
    json: { type: 'boolean', description: 'print {"parts":[{"text","start","end","kind","explanation","source"}],"risk":{...}}' },
    ai: { type: 'boolean', description: "add a model's summary grounded in the man pages (needs KIBITZ_MODEL)" },
  },
  details: "example: kibitz explain -- 'tar -xzvf backup.tgz -C /opt'",
  run: (p, io, env) => explain(p.positionals.join(' '), flag(p, 'json'), flag(p, 'ai'), io, env),
};

async function explain(line: string, json: boolean, ai: boolean, io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  if (!line.trim()) {
    io.err("kibitz explain: give a command line, e.g. kibitz explain -- 'tar -xzvf a.tgz'\n");
    return 2;
  }
  const cfg = defaultConfig();
  const explainer = new Explainer(new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() }), { dashlessBundles: cfg.dashlessBundles });
  const exp = await explainer.explain(line);
  const risk = await analyzeRisk(line);
  const summary = ai ? await aiSummary(line, exp, io, env) : undefined;
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
    io.out(JSON.stringify({ command: line, ...(summary ? { summary: summary.text, summaryBy: summary.by } : {}), parts, risk: { level: risk.level, findings } }, null, 2) + '\n');
    return 0;
  }
  io.out(`${line}\n\n`);
  if (summary) io.out(`Model summary (${summary.by}; written by a model from the man-page parts below, check it against them):\n${summary.text}\n\n`);
  if (risk.findings.length) {
    io.out(`RISK: ${risk.level}\n`);
    for (const f of risk.findings) io.out(`  ${f.severity} [${f.rule}] ${f.message}\n`);
    io.out('\n');
  }
  for (const p of exp.parts) {
    const indent = '  '.repeat(p.depth);
    const label = p.kind === 'flag' && p.flag && p.flag !== p.text ? `${p.flag} (in ${p.text})` : p.text;
    const kind = p.kind === 'argument' && p.flag ? `argument of ${p.flag}` : p.kind;
    io.out(`${indent}${label.replace(/\s+/g, ' ')}  [${kind}]\n${indent}    ${p.explanation}\n`);
    io.out(`${indent}    source: ${p.source ? citeSource(p.source) : 'unknown'}\n`);
  }
  return 0;
}

/** The model's summary, grounded in the man-page parts; undefined (with a note on stderr) when offline or failing. */
async function aiSummary(line: string, exp: Explanation, io: CliIO, env: NodeJS.ProcessEnv): Promise<{ text: string; by: string } | undefined> {
  const model = cliModel(io, env);
  if (!model) {
    io.err(CLI_HOW_TO.replace(/\n$/, ' Showing the offline explanation.\n'));
    return undefined;
  }
  try {
    let cached = false;
    const text = await explainSummary(model, line, exp, undefined, undefined, () => (cached = true));
    return { text, by: `${model.settings.chatModel}${cached ? ', cached answer' : ''}` };
  } catch {
    io.err('kibitz: showing the offline explanation.\n');
    return undefined;
  }
}
