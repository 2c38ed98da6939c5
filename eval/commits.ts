// Commit message evaluation: for each of the last N commits of a repository, learn the style and index only
// the commits before it, draft a message from `git show` of that commit, and score the draft's subject against
// the real one. Repositories: this project's own history and two the script builds (Conventional Commits
// monorepo, plain subjects). Offline deterministic and offline retrieval drafts side by side.
// Run: npm run eval:commits [-- --n 40]. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeChange } from '../server/src/git/deterministic.js';
import { parseDiff } from '../server/src/git/diff.js';
import { changeQuery, draftMessages } from '../server/src/git/drafts.js';
import { parseLog, type PastCommit } from '../server/src/git/history.js';
import { CONVENTIONAL, learnStyle } from '../server/src/git/style.js';
import { ExactIndex } from '../server/src/retrieval/ann.js';
import { HashingEmbedder } from '../server/src/retrieval/embedder.js';
import { GitFixture } from '../test/support/git-fixtures.js';
// seeded, so the built repositories are the same on every run
import { rng } from '../test/support/synthetic.js';
import { bNorm, editSimilarity, rougeL } from './metrics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[process.argv.indexOf('--n') + 1]) || 40;
const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });


const NOUNS = ['order', 'cart', 'invoice', 'refund', 'coupon', 'price', 'user', 'session', 'token', 'report', 'export', 'search', 'filter', 'upload', 'avatar', 'payment', 'shipping', 'tax', 'review', 'wishlist'];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function conventionalMonorepo(): GitFixture {
  const g = new GitFixture('eval-conv');
  const r = rng(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  g.commit('chore: initial commit', { 'README.md': '# Shop\n', 'package.json': '{"name":"shop"}\n' });
  for (let i = 0; i < 90; i++) {
    const pkg = pick(['api', 'web', 'cli']);
    const noun = pick(NOUNS);
    const kind = pick(['feat', 'feat', 'fix', 'fix', 'docs', 'test', 'refactor', 'ci', 'chore']);
    const fn = `${pick(['create', 'update', 'load', 'save', 'validate'])}${cap(noun)}`;
    const src = `packages/${pkg}/src/${noun}.ts`;
    if (kind === 'feat') g.commit(`feat(${pkg}): add ${fn}`, { [src]: `export function ${fn}() {\n  return '${noun}-${i}';\n}\n` });
    else if (kind === 'fix') g.commit(`fix(${pkg}): handle a missing ${noun} in ${fn}`, { [src]: `export function ${fn}(x?: string) {\n  if (!x) return '${i}';\n  return x;\n}\n` });
    else if (kind === 'docs') g.commit(`docs: describe ${noun} handling`, { [`docs/${noun}.md`]: `# ${cap(noun)}\n\nRevision ${i}.\n` });
    else if (kind === 'test') g.commit(`test(${pkg}): cover ${fn}`, { [`packages/${pkg}/test/${noun}.test.ts`]: `test('${fn} ${i}', () => {});\n` });
    else if (kind === 'refactor') g.commit(`refactor(${pkg}): split the ${noun} module`, { [`packages/${pkg}/src/${noun}-parts.ts`]: `export const parts${i} = [];\n`, [src]: `export * from './${noun}-parts';\n// ${i}\n` });
    else if (kind === 'ci') g.commit(`ci: cache the ${pkg} build`, { [`.github/workflows/${pkg}.yml`]: `on: push\n# ${i}\n` });
    else g.commit(`chore(${pkg}): tidy ${noun} config`, { [`packages/${pkg}/${noun}.config.json`]: `{"v": ${i}}\n` });
  }
  return g;
}

function plainHistory(): GitFixture {
  const g = new GitFixture('eval-plain');
  const r = rng(11);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  g.commit('Initial import', { 'README.md': '# Tool\n', 'src/main.c': 'int main(void) { return 0; }\n' });
  for (let i = 0; i < 70; i++) {
    const noun = pick(NOUNS);
    const kind = pick(['add', 'fix', 'docs', 'update']);
    const fn = `${pick(['read', 'write', 'parse', 'check'])}_${noun}`;
    if (kind === 'add') g.commit(`Add ${fn} to the ${noun} module`, { [`src/${noun}.c`]: `int ${fn}(void) {\n  return ${i};\n}\n` });
    else if (kind === 'fix') g.commit(`Fix ${fn} when the ${noun} is empty`, { [`src/${noun}.c`]: `int ${fn}(int n) {\n  if (!n) return -1;\n  return ${i};\n}\n` });
    else if (kind === 'docs') g.commit(`Document the ${noun} options`, { [`doc/${noun}.txt`]: `${noun} ${i}\n` });
    else g.commit(`Update the ${noun} defaults`, { [`conf/${noun}.conf`]: `${noun}=${i}\n` });
  }
  return g;
}

interface Score {
  b: number;
  r: number;
  e: number;
  type: number;
  scope: number;
  n: number;
  conv: number;
}

async function evaluate(name: string, root: string): Promise<void> {
  const all = parseLog(git(root, 'log', '--no-merges', '--format=%x1e%H%x1f%an <%ae>%x1f%s%x1f%b%x1f', '--name-only'));
  const targets = all.slice(0, Math.min(N, Math.max(0, all.length - 10)));
  const scores: Record<string, Score> = { 'offline deterministic': zero(), 'offline retrieval': zero() };
  // type and scope accuracy only mean something where the repository uses Conventional Commits
  const conventional = learnStyle(all).kind === 'conventional';
  for (const target of targets) {
    const history = all.slice(all.findIndex((c) => c.hash === target.hash) + 1);
    const style = learnStyle(history.slice(0, 200));
    const files = parseDiff(git(root, 'show', '--format=', '-M', '--no-color', '--no-ext-diff', target.hash));
    if (!files.length) continue;
    const facts = describeChange(files, style);
    const neighbours = nearest(history.slice(0, 2000), changeQuery(files, facts.subject));
    const drafts = await draftMessages({ files, style, history, neighbours });
    const offline = drafts.find((d) => d.source === 'offline')!.message.split('\n')[0]!;
    const similar = (drafts.find((d) => d.source === 'similar-commits') ?? drafts.find((d) => d.source === 'offline')!).message.split('\n')[0]!;
    add(scores['offline deterministic']!, offline, target.subject, conventional);
    add(scores['offline retrieval']!, similar, target.subject, conventional);
  }
  console.log(`\n${name}: last ${targets.length} commits (earlier commits only for style and retrieval), subject lines`);
  console.log('method                 B-Norm  ROUGE-L  EditSim  type acc  scope acc');
  for (const [m, s] of Object.entries(scores)) {
    const pct = (x: number, d: number) => (d ? `${((100 * x) / d).toFixed(0)}%` : 'n/a');
    console.log(`${m.padEnd(22)} ${(s.b / s.n).toFixed(3).padStart(6)}  ${(s.r / s.n).toFixed(3).padStart(7)}  ${(s.e / s.n).toFixed(3).padStart(7)}  ${pct(s.type, s.conv).padStart(8)}  ${pct(s.scope, s.conv).padStart(9)}`);
  }
}

function zero(): Score {
  return { b: 0, r: 0, e: 0, type: 0, scope: 0, n: 0, conv: 0 };
}

function add(s: Score, draft: string, real: string, conventional: boolean): void {
  s.b += bNorm(draft, real);
  s.r += rougeL(draft, real);
  s.e += editSimilarity(draft, real);
  s.n++;
  const want = conventional ? CONVENTIONAL.exec(real) : null;
  if (want) {
    s.conv++;
    const got = CONVENTIONAL.exec(draft);
    if (got?.[1] === want[1]) s.type++;
    if ((got?.[2] ?? '') === (want[2] ?? '')) s.scope++;
  }
}

/** Nearest earlier commits by the offline embedder (idf learned from those commits only). */
function nearest(history: PastCommit[], query: string) {
  if (!history.length) return [];
  const text = (c: PastCommit) => `${c.subject}\n${c.body}\nfiles: ${c.files.join(', ')}`;
  const emb = new HashingEmbedder(1024, HashingEmbedder.learnIdf(history.map(text)));
  const idx = new ExactIndex(1024);
  history.forEach((c, i) => idx.add(emb.embedOne(text(c)), i));
  return idx.search(emb.embedOne(query), 5).filter((h) => h.score > 0.05).map((h) => ({ subject: history[h.label]!.subject, files: history[h.label]!.files, score: h.score, commit: history[h.label]! }));
}

await evaluate('kibitz (this repository)', ROOT);
await evaluate('built: Conventional Commits monorepo', conventionalMonorepo().root);
await evaluate('built: plain subjects', plainHistory().root);
