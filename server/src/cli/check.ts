import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeDocument } from '../shell/risk/document.js';
import { SEVERITIES, type Severity } from '../shell/risk/index.js';
import { flag, str, type CliCommand, type CliIO } from './command.js';

export const checkCli: CliCommand = {
  name: 'check',
  summary: 'Report risky shell commands in scripts, Dockerfiles, Makefiles, CI workflows, package.json and Markdown.',
  operands: 'FILE...',
  minOperands: 1,
  options: {
    json: { type: 'boolean', description: 'print the findings with rule, severity and offsets as JSON' },
    'fail-on': { type: 'string', value: 'LEVEL', description: 'exit 1 when a finding is at or above low|medium|high|critical (default high)' },
  },
  async run(p, io) {
    const failOn = (str(p, 'fail-on') ?? 'high') as Severity;
    if (!SEVERITIES.includes(failOn)) {
      io.err(`kibitz check: --fail-on must be one of ${SEVERITIES.join(', ')}\n`);
      return 2;
    }
    return check(p.positionals, flag(p, 'json'), failOn, io);
  },
};

async function check(files: string[], json: boolean, failOn: Severity, io: CliIO): Promise<number> {
  let worst = -1;
  let readErrors = 0;
  const results = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      io.err(`kibitz check: cannot read ${file}: ${(err as Error).message}\n`);
      readErrors++;
      continue;
    }
    const findings = await analyzeDocument('', path.resolve(file), text);
    const lineCol = (off: number) => {
      const before = text.slice(0, off);
      const line = before.split('\n').length;
      return { line, column: off - before.lastIndexOf('\n') };
    };
    for (const f of findings) worst = Math.max(worst, SEVERITIES.indexOf(f.severity));
    results.push({ file, findings: findings.map((f) => ({ ...f, ...lineCol(f.start) })) });
  }
  if (json) io.out(JSON.stringify({ files: results }, null, 2) + '\n');
  else {
    for (const r of results) for (const f of r.findings) io.out(`${r.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${f.message}\n`);
    const n = results.reduce((s, r) => s + r.findings.length, 0);
    io.out(`${n} finding${n === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'}\n`);
  }
  if (readErrors) return 2;
  return worst >= SEVERITIES.indexOf(failOn) ? 1 : 0;
}
