// Risk engine figures: analysis time per 1,000 lines, findings on real system scripts (false positives).
// Reported separately: the tree-sitter parse (shared with hovers in the server), the analysis of a parsed tree,
// and both together (what `kibitz check` pays).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { analyzeRisk, analyzeTree } = await import(path.join(ROOT, 'server/out/shell/risk/index.js'));
const { initParser } = await import(path.join(ROOT, 'server/out/shell/parse.js'));
const parser = await initParser();
const scripts = ['/usr/bin/ldd', '/usr/bin/zgrep', '/usr/sbin/update-ca-certificates', '/usr/bin/ssh-copy-id'].filter(existsSync);

const perK = (ms, lines) => ((ms * 1000) / lines).toFixed(2);
async function time(runs, fn) {
  for (let i = 0; i < 5; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - t0) / runs;
}

const all = [];
for (const f of scripts) {
  const text = readFileSync(f, 'utf8');
  all.push(text);
  const lines = text.split('\n').length;
  const r = await analyzeRisk(text);
  const tree = parser.parse(text);
  const parse = await time(30, () => parser.parse(text).delete());
  const onTree = await time(30, () => analyzeTree(text, tree));
  const total = await time(30, () => analyzeRisk(text));
  tree.delete();
  console.log(
    `${f} (${lines} lines): per 1,000 lines parse ${perK(parse, lines)} ms, analysis of the parsed tree ${perK(onTree, lines)} ms, both ${perK(total, lines)} ms; findings ${r.findings.length}${r.findings.length ? ': ' + r.findings.map((x) => `${x.rule}@${x.start} ${text.slice(x.start, x.end)}`).join(', ') : ''}`,
  );
}
const big = all.join('\n');
const lines = big.split('\n').length;
const tree = parser.parse(big);
const onTree = await time(50, () => analyzeTree(big, tree));
const total = await time(50, () => analyzeRisk(big));
tree.delete();
console.log(`all ${scripts.length} scripts as one file (${lines} lines): analysis of the parsed tree ${perK(onTree, lines)} ms per 1,000 lines, with the parse ${perK(total, lines)} ms`);
