import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeDocument } from '../shell/risk/document.js';
import { SEVERITIES, type Severity } from '../shell/risk/index.js';
import type { CliIO } from './explain.js';

/** `kibitz check [--json] [--fail-on LEVEL] FILE...`: exit 1 if a finding is at or above --fail-on (default high). */
export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  let json = false;
  let failOn: Severity = 'high';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--fail-on' || a.startsWith('--fail-on=')) {
      const val = a.includes('=') ? a.split('=')[1]! : argv[++i];
      if (!SEVERITIES.includes(val as Severity)) {
        io.err(`kibitz check: --fail-on must be one of ${SEVERITIES.join(', ')}\n`);
        return 2;
      }
      failOn = val as Severity;
    } else if (a === '-h' || a === '--help') {
      io.out('usage: kibitz check [--json] [--fail-on low|medium|high|critical] FILE...\n');
      return 0;
    } else files.push(a);
  }
  if (!files.length) {
    io.err('kibitz check: give one or more files\n');
    return 2;
  }
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
