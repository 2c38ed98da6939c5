import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LayeredSettings } from '../config/layers.js';
import { readTeamConfig } from '../config/team.js';
import { analyzeDocument } from '../shell/risk/document.js';
import type { Finding, RiskPolicy } from '../shell/risk/index.js';
import { detectHost } from '../shell/snippets/index.js';
import { gitignoreRules } from '../util/gitignore.js';

/** A finding with where it is in its file (1-based line and column), and that line's text. */
export interface FileFinding extends Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  lineText: string;
}

export interface CheckResult {
  /** Files analysed (those with shell in them). */
  files: number;
  findings: FileFinding[];
  skipped: { file: string; reason: string }[];
  errors: { file: string; message: string }[];
  /** Where `.kibitz.json` was read from, and what it said that was not used. */
  teamFile?: string;
  warnings: string[];
}

export interface CheckOptions {
  cwd: string;
  /** Files larger than this are skipped with a note (default 1024 KB). */
  maxKB?: number;
  /** Called after each file (for progress on large trees). */
  onFile?: (file: string, done: number) => void;
}

/** The repository root for `dir`: where `.kibitz.json` is read from, as the editor does for its workspace. */
export function workspaceRoot(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || dir;
  } catch {
    return dir;
  }
}

/** The risk policy the server would use in this repository: the defaults with its `.kibitz.json` applied. */
export function policyFor(root: string): { policy: RiskPolicy; warnings: string[]; file?: string } {
  const team = readTeamConfig(root);
  const warnings = [...team.warnings];
  const layers = new LayeredSettings((m) => warnings.push(m));
  if (team.settings) layers.apply(team.settings, 'teamFile', path.join(root, '.kibitz.json'));
  return { policy: layers.get().risk, warnings, ...(team.settings ? { file: path.join(root, '.kibitz.json') } : {}) };
}

/** Files under a directory that git would not ignore (tracked and untracked), or a plain walk outside git. */
function filesUnder(dir: string): string[] {
  try {
    const out = execFileSync('git', ['-C', dir, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return out
      .split('\0')
      .filter(Boolean)
      .map((f) => path.join(dir, f))
      .filter((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      });
  } catch {
    return walk(dir, gitignoreRules(dir));
  }
}

function walk(dir: string, ignore: RegExp[], rel = ''): string[] {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === '.git' || e.name === 'node_modules' || ignore.some((re) => re.test(r))) continue;
    if (e.isDirectory()) out.push(...walk(dir, ignore, r));
    else if (e.isFile()) out.push(path.join(dir, r));
  }
  return out;
}

function looksBinary(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** Risk findings for files and directories (recursively, respecting .gitignore), with the repository's policy. */
export async function checkPaths(paths: string[], opts: CheckOptions): Promise<CheckResult> {
  const maxBytes = (opts.maxKB ?? 1024) * 1024;
  const root = workspaceRoot(opts.cwd);
  const { policy, warnings, file: teamFile } = policyFor(root);
  const result: CheckResult = { files: 0, findings: [], skipped: [], errors: [], warnings, ...(teamFile ? { teamFile } : {}) };
  const files: { file: string; named: boolean }[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      result.errors.push({ file: p, message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message });
      continue;
    }
    if (st.isDirectory()) for (const f of filesUnder(p)) files.push({ file: path.relative(opts.cwd, f) || f, named: false });
    else files.push({ file: p, named: true });
  }
  let done = 0;
  for (const { file, named } of files) {
    done++;
    try {
      const size = statSync(file).size;
      // a file named on the command line is checked whatever its name; one found in a directory only if it has shell
      if (looksBinary(file)) {
        if (named) result.skipped.push({ file, reason: 'binary' });
        continue;
      }
      if (size > maxBytes) {
        result.skipped.push({ file, reason: `larger than ${Math.round(maxBytes / 1024)} KB` });
        continue;
      }
      const text = readFileSync(file, 'utf8');
      const host = detectHost('', path.resolve(file), text);
      if (!host) {
        if (named) result.skipped.push({ file, reason: 'no shell in it (not a script, Dockerfile, Makefile, workflow, package.json or Markdown)' });
        continue;
      }
      result.files++;
      const lines = text.split('\n');
      const at = (off: number) => {
        const before = text.slice(0, off);
        const line = before.split('\n').length;
        return { line, column: off - before.lastIndexOf('\n') };
      };
      for (const f of await analyzeDocument('', path.resolve(file), text, policy)) {
        const s = at(f.start);
        const e = at(f.end);
        result.findings.push({ ...f, file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, lineText: lines[s.line - 1] ?? '' });
      }
    } catch (err) {
      result.errors.push({ file, message: (err as Error).message });
    }
    opts.onFile?.(file, done);
  }
  return result;
}
