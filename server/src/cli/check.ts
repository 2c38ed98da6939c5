import { SEVERITIES, type Severity } from '../shell/risk/index.js';
import { checkPaths, workspaceRoot } from './check-files.js';
import { githubReport, jsonReport, sarifReport, textReport } from './check-format.js';
import { flag, str, type CliCommand, type CliIO } from './command.js';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

export const checkCli: CliCommand = {
  name: 'check',
  summary: 'Report risky shell commands in scripts, Dockerfiles, Makefiles, CI workflows, package.json and Markdown (files or directories).',
  operands: 'PATH...',
  minOperands: 1,
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'text (default), json, sarif (SARIF 2.1.0 for code scanning) or github (workflow annotations)' },
    json: { type: 'boolean', description: 'the same as --format json' },
    'fail-on': { type: 'string', value: 'LEVEL', description: 'exit 1 when a finding is at or above low|medium|high|critical (default high)' },
    'max-kb': { type: 'string', value: 'KB', description: 'skip files larger than this, with a note (default 1024)' },
  },
  details: [
    'Directories are searched recursively; files git ignores are skipped (and, outside git, what .gitignore names).',
    "Files are recognised by name and shebang. The repository's .kibitz.json applies, as in the editor.",
    'examples: kibitz check .            kibitz check --format sarif . > kibitz.sarif',
  ].join('\n'),
  async run(p, io) {
    const failOn = (str(p, 'fail-on') ?? 'high') as Severity;
    if (!SEVERITIES.includes(failOn)) {
      io.err(`kibitz check: --fail-on must be one of ${SEVERITIES.join(', ')}\n`);
      return 2;
    }
    const format = (flag(p, 'json') ? 'json' : (str(p, 'format') ?? 'text')) as Format;
    if (!FORMATS.includes(format)) {
      io.err(`kibitz check: --format must be one of ${FORMATS.join(', ')}\n`);
      return 2;
    }
    const maxKB = Number(str(p, 'max-kb') ?? 1024);
    if (!Number.isFinite(maxKB) || maxKB <= 0) {
      io.err('kibitz check: --max-kb must be a positive number\n');
      return 2;
    }
    return check(p.positionals, format, failOn, maxKB, io);
  },
};

async function check(paths: string[], format: Format, failOn: Severity, maxKB: number, io: CliIO): Promise<number> {
  const cwd = process.cwd();
  const progress = process.stderr.isTTY && format === 'text';
  const r = await checkPaths(paths, { cwd, maxKB, onFile: progress ? (_f, n) => n % 200 === 0 && io.err(`checked ${n} files...\r`) : undefined });
  for (const w of r.warnings) io.err(`kibitz check: ${w}\n`);
  for (const e of r.errors) io.err(`kibitz check: cannot read ${e.file}: ${e.message}\n`);
  if (format === 'text') for (const s of r.skipped) io.err(`kibitz check: skipped ${s.file}: ${s.reason}\n`);
  const out = format === 'json' ? jsonReport(r) : format === 'sarif' ? sarifReport(r, workspaceRoot(cwd)) : format === 'github' ? githubReport(r) : textReport(r);
  io.out(out);
  if (r.errors.length) return 2;
  return r.findings.some((f) => SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(failOn)) ? 1 : 0;
}
