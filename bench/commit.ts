// Commit drafting speed on a 5,000-commit repository: the first draft (history read and learned), warm drafts
// (p50/p95), and the longest the event loop was blocked while drafting (the server answers nothing meanwhile).
// Prints figures; asserts nothing. Run: npx tsx bench/commit.ts (part of npm run bench).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const COMMITS = Number(process.env.KIBITZ_BENCH_COMMITS ?? 5000);
const root = mkdtempSync(path.join(tmpdir(), 'kibitz-bench-commits-'));
const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** A synthetic history through git fast-import: a few packages, conventional subjects, files changing over time. */
function buildRepo(): void {
  git('init', '-q', '-b', 'main');
  const kinds = ['feat', 'fix', 'fix', 'docs', 'test', 'refactor', 'chore', 'ci'];
  const pkgs = ['api', 'web', 'cli', 'core', 'router'];
  const lines: string[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const kind = kinds[i % kinds.length]!;
    const pkg = pkgs[(i * 7) % pkgs.length]!;
    const file = kind === 'docs' ? `docs/${pkg}.md` : kind === 'test' ? `packages/${pkg}/test/t${i % 40}.test.ts` : kind === 'ci' ? '.github/workflows/ci.yml' : `packages/${pkg}/src/m${i % 60}.ts`;
    const content = `// ${i}\nexport const v${i} = ${i};\n`;
    const msg = `${kind}(${pkg}): change ${file.split('/').pop()} number ${i}\n`;
    lines.push('commit refs/heads/main', `mark :${i + 1}`, `committer Bench <b@example.com> ${1700000000 + i * 60} +0000`, `data ${Buffer.byteLength(msg)}`, msg);
    if (i > 0) lines.push(`from :${i}`);
    lines.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content);
  }
  execFileSync('git', ['-C', root, 'fast-import', '--quiet'], { input: lines.join('\n') + '\n' });
  git('reset', '-q', '--hard', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'b@example.com');
}

const t0 = performance.now();
buildRepo();
console.log(`commit drafting: ${COMMITS}-commit repository built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const { CommitAssistant } = await import('../server/src/git/assistant.js');
const { Retrieval } = await import('../server/src/retrieval/service.js');
const { percentile } = await import('../server/src/util/stats.js');
// the same dependencies the LSP commit buffer gives it (older versions searched the history index)
const assistant = new CommitAssistant({ model: () => undefined, retrieval: (r: string) => new Retrieval({ cacheDir: mkdtempSync(path.join(tmpdir(), 'kibitz-bench-idx-')), workspace: r }) } as never);

/** The longest single block of the event loop while `fn` runs (sampled every millisecond). */
async function blocked<T>(fn: () => Promise<T>): Promise<{ value: T; maxBlockMs: number; ms: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  h.disable();
  return { value, maxBlockMs: h.max / 1e6, ms };
}

writeFileSync(path.join(root, 'packages/api/src/feature.ts'), 'export function newFeature() {\n  return 1;\n}\n');
git('add', '-A');
const cold = await blocked(() => assistant.draftsFor(root, { useModel: false }));
console.log(
  `  first draft (reads and learns the history): ${cold.ms.toFixed(0)} ms, longest event-loop block ${cold.maxBlockMs.toFixed(1)} ms; draft: ${cold.value.drafts[0]?.message.split('\n')[0]}`,
);

const times: number[] = [];
let maxBlock = 0;
for (let i = 0; i < 40; i++) {
  writeFileSync(path.join(root, `packages/web/src/extra${i}.ts`), `export const extra${i} = ${i};\n`);
  git('add', '-A');
  const r = await blocked(() => assistant.draftsFor(root, { useModel: false }));
  times.push(r.ms);
  maxBlock = Math.max(maxBlock, r.maxBlockMs);
}
console.log(`  warm drafts: p50 ${percentile(times, 50)!.toFixed(0)} ms, p95 ${percentile(times, 95)!.toFixed(0)} ms; longest event-loop block ${maxBlock.toFixed(1)} ms`);
// one new commit: read incrementally
git('commit', '-q', '-m', 'feat(web): add extras');
writeFileSync(path.join(root, 'packages/cli/src/after.ts'), 'export const after = 1;\n');
git('add', '-A');
const inc = await blocked(() => assistant.draftsFor(root, { useModel: false }));
console.log(`  after a new commit (read incrementally): ${inc.ms.toFixed(0)} ms, longest event-loop block ${inc.maxBlockMs.toFixed(1)} ms`);
