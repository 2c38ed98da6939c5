// Commit message evaluation on real histories, time-split: each of the last N commits is drafted as if it were
// being committed (HEAD at its parent, the index at its tree), from history strictly older than it, offline.
// Subjects are scored with B-Norm (smoothed sentence BLEU-4, Tao et al. ICSME 2021), the same with `(#123)` and
// leading ticket keys stripped from both sides, ROUGE-L (on words, as rouge-score tokenizes), edit similarity, type
// (or area, where the history's prefixes are areas of the code) and scope accuracy, and time per
// draft; two baselines run on the same commits: the subject of the earlier commit whose changed paths overlap most,
// and `<majority type>: update <file>`.
//   npm run eval:commits -- --repo PATH [--repo PATH ...] [-n 60] [--show 10]
// Without --repo: this repository. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { composeDraft } from '../server/src/git/compose.js';
import { parseDiff } from '../server/src/git/diff.js';
import { pastFiles } from '../server/src/git/features.js';
import { parseLog, LOG_FORMAT, type PastCommit } from '../server/src/git/history.js';
import { labelOf, learnRepo } from '../server/src/git/learn.js';
import { CONVENTIONAL, DEFAULT_TYPES, LEADING_TICKET } from '../server/src/git/style.js';
import { percentile } from '../server/src/util/stats.js';
import { bNorm, editSimilarity, rougeL } from './metrics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { repo: { type: 'string', multiple: true }, n: { type: 'string', short: 'n' }, show: { type: 'string' } }, allowPositionals: true });
const N = Number(values.n ?? 60);
const SHOW = Number(values.show ?? 10);
const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });

/** A subject without the forge's `(#123)` and a leading ticket key: what a person writes. */
export function stripped(s: string): string {
  return s
    .replace(/\s*\(#\d+\)\s*$/, '')
    .replace(LEADING_TICKET, '')
    .trim();
}

/** Ends like a phrase cut at a length limit: "... and", "... and 11", "... to", a trailing comma. */
export function cutMidPhrase(s: string): boolean {
  return /(\s(and|or|to|of|in|for|with|the|a|an|from|by|on)|,|\sand \d+( more)?)$/i.test(s.trim());
}

interface Score {
  b: number;
  bs: number;
  r: number;
  rs: number;
  e: number;
  type: number;
  scope: number;
  conv: number;
  n: number;
  cut: number;
  ms: number[];
}

const zero = (): Score => ({ b: 0, bs: 0, r: 0, rs: 0, e: 0, type: 0, scope: 0, conv: 0, n: 0, cut: 0, ms: [] });

function add(s: Score, draft: string, real: string, conventional: boolean, ms?: number): void {
  s.b += bNorm(draft, real);
  s.bs += bNorm(stripped(draft), stripped(real));
  s.r += rougeL(draft, real);
  s.rs += rougeL(stripped(draft), stripped(real));
  s.e += editSimilarity(draft, real);
  s.n++;
  if (cutMidPhrase(draft)) s.cut++;
  if (ms !== undefined) s.ms.push(ms);
  const want = conventional ? CONVENTIONAL.exec(real) : null;
  if (want) {
    s.conv++;
    const got = CONVENTIONAL.exec(draft);
    if (got?.[1]?.toLowerCase() === want[1]!.toLowerCase()) s.type++;
    if ((got?.[2] ?? '') === (want[2] ?? '')) s.scope++;
  }
}

/** The earlier commit whose changed paths overlap most (Jaccard), most recent on ties. */
function nearestByPaths(history: PastCommit[], paths: string[]): PastCommit | undefined {
  const ours = new Set(paths);
  let best: PastCommit | undefined;
  let bestScore = -1;
  for (const c of history) {
    const theirs = new Set(c.files);
    const inter = [...theirs].filter((p) => ours.has(p)).length;
    const score = inter / (new Set([...ours, ...theirs]).size || 1);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

function majorityBaseline(history: PastCommit[], paths: string[], conventional: boolean): string {
  const file = paths[0]?.split('/').pop() ?? 'files';
  if (!conventional) return `Update ${file}`;
  const counts = new Map<string, number>();
  for (const c of history) {
    const t = CONVENTIONAL.exec(c.subject)?.[1];
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const type = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'chore';
  return `${type}: update ${file}`;
}

/**
 * What a history's `word: …` prefixes are: Conventional Commits types when most are the standard ones (`fix`,
 * `docs`, …), else areas of the code (ripgrep's `searcher:`, `printer:`, `deps:`), scored as "area accuracy".
 */
function prefixKind(history: PastCommit[]): 'type' | 'area' {
  const prefixes = history.map((c) => CONVENTIONAL.exec(c.subject)?.[1]?.toLowerCase()).filter((t): t is string => !!t);
  return prefixes.filter((t) => DEFAULT_TYPES.includes(t)).length >= prefixes.length / 2 ? 'type' : 'area';
}

async function evaluate(root: string): Promise<void> {
  const all = parseLog(git(root, 'log', '--no-merges', LOG_FORMAT, '--numstat', '--summary', '--no-renames'));
  const targets = all.slice(0, Math.min(N, Math.max(0, all.length - 50)));
  const scores = { 'kibitz first draft': zero(), 'nearest by paths': zero(), 'majority type: update file': zero() };
  const quoted: string[] = [];
  const learnMs: number[] = [];
  let conventional = false;
  for (const [i, target] of targets.entries()) {
    const history = all.slice(i + 1);
    const t0 = performance.now();
    const model = learnRepo(history);
    learnMs.push(performance.now() - t0);
    conventional = model.style.kind === 'conventional';
    const files = parseDiff(git(root, 'show', '--format=', '-M', '--no-color', '--no-ext-diff', target.hash));
    if (!files.length) continue;
    const t1 = performance.now();
    const draft = composeDraft(files, model);
    const ms = performance.now() - t1;
    add(scores['kibitz first draft'], draft.subject, target.subject, conventional, ms);
    add(
      scores['nearest by paths'],
      nearestByPaths(
        history,
        pastFiles(target).map((f) => f.path),
      )?.subject ?? '',
      target.subject,
      conventional,
    );
    add(scores['majority type: update file'], majorityBaseline(history, target.files, conventional), target.subject, conventional);
    if (quoted.length < SHOW) quoted.push(`  real:  ${target.subject}\n  draft: ${draft.subject}   [${draft.label.replace(/^kibitz: /, '')}]`);
  }
  const name = path.basename(root);
  const kind = prefixKind(all.slice(targets.length));
  const style = !conventional ? '' : kind === 'type' ? ', Conventional Commits' : ', area-prefixed (`area: …`; the prefix is scored as "area")';
  console.log(`\n${name}: ${targets.length} commits, time-split (each drafted from its parent with only older history), subject lines${style}`);
  console.log(`method                        B-Norm  B-Norm(stripped)  ROUGE-L  ROUGE-L(stripped)  EditSim  ${kind} acc  scope acc  cut mid-phrase  draft p50/p95 ms`);
  for (const [m, s] of Object.entries(scores)) {
    const pct = (x: number, d: number) => (d ? `${((100 * x) / d).toFixed(0)}%` : 'n/a');
    const time = s.ms.length ? `${percentile(s.ms, 50)!.toFixed(1)}/${percentile(s.ms, 95)!.toFixed(1)}` : '';
    console.log(
      `${m.padEnd(28)} ${(s.b / s.n).toFixed(3).padStart(7)}  ${(s.bs / s.n).toFixed(3).padStart(16)}  ${(s.r / s.n).toFixed(3).padStart(7)}  ${(s.rs / s.n).toFixed(3).padStart(17)}  ${(s.e / s.n).toFixed(3).padStart(7)}  ${pct(s.type, s.conv).padStart(8)}  ${pct(s.scope, s.conv).padStart(9)}  ${String(s.cut).padStart(14)}  ${time.padStart(16)}`,
    );
  }
  console.log(`learning the repository from its history: p50 ${percentile(learnMs, 50)!.toFixed(1)} ms, p95 ${percentile(learnMs, 95)!.toFixed(1)} ms (${all.length} commits)`);
  if (quoted.length) console.log(`\nfirst ${quoted.length} drafts next to the real subjects:\n${quoted.join('\n')}`);
}

for (const repo of values.repo?.length ? values.repo : [ROOT]) await evaluate(path.resolve(repo));

export { labelOf };
