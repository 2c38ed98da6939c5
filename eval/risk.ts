// Risk verdicts on the labelled set (test/fixtures/risk/labelled.ts), or on real files.
//   npm run eval:risk                  recall at high or critical on the dangerous lines, false-alarm rate (any
//                                      high or critical finding) on the safe ones, by family, and every miss
//   npm run eval:risk -- --corpus DIR  `kibitz check` over DIR: every high or critical finding, to judge by hand
import { parseArgs } from 'node:util';
import { analyzeRisk, type Finding } from '../server/src/shell/risk/index.js';
import { DANGEROUS, SAFE, type Labelled } from '../test/fixtures/risk/labelled.js';
import { checkPaths } from '../server/src/cli/check-files.js';

const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
const HIGH = new Set(['high', 'critical']);
const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;

async function verdict(l: Labelled): Promise<Finding[]> {
  return (await analyzeRisk(l.cmd)).findings.filter((f) => HIGH.has(f.severity));
}

async function labelled(): Promise<void> {
  const byFamily = new Map<string, { d: number; caught: number; s: number; alarms: number }>();
  const fam = (f: string) => byFamily.get(f) ?? (byFamily.set(f, { d: 0, caught: 0, s: 0, alarms: 0 }), byFamily.get(f)!);
  const misses: string[] = [];
  const alarms: string[] = [];
  for (const l of DANGEROUS) {
    const hits = await verdict(l);
    fam(l.family).d++;
    if (hits.length) fam(l.family).caught++;
    else misses.push(`  [${l.family}] ${l.cmd.replace(/\n/g, '⏎')}   (${(await analyzeRisk(l.cmd)).findings.map((f) => `${f.rule}:${f.severity}`).join(', ') || 'no finding'})`);
  }
  for (const l of SAFE) {
    const hits = await verdict(l);
    fam(l.family).s++;
    if (hits.length) {
      fam(l.family).alarms++;
      alarms.push(`  [${l.family}] ${l.cmd.replace(/\n/g, '⏎')}   (${hits.map((f) => `${f.rule}:${f.severity}`).join(', ')})`);
    }
  }
  const caught = DANGEROUS.length - misses.length;
  console.log(`Labelled set: ${DANGEROUS.length} dangerous, ${SAFE.length} safe command lines`);
  console.log(`  recall (high or critical): ${(caught / DANGEROUS.length).toFixed(3)} (${caught}/${DANGEROUS.length})`);
  console.log(`  false alarms (high or critical on a safe line): ${(alarms.length / SAFE.length).toFixed(3)} (${alarms.length}/${SAFE.length})\n`);
  console.log('| family | dangerous caught | safe with an alarm |\n|---|---|---|');
  for (const [f, r] of byFamily) console.log(`| ${f} | ${r.caught}/${r.d} (${pct(r.caught, r.d)}) | ${r.alarms}/${r.s} |`);
  if (misses.length) console.log(`\nMisses (${misses.length}):\n${misses.join('\n')}`);
  if (alarms.length) console.log(`\nFalse alarms (${alarms.length}):\n${alarms.join('\n')}`);
}

async function corpus(dir: string): Promise<void> {
  const r = await checkPaths([dir], { cwd: process.cwd() });
  const high = r.findings.filter((f) => HIGH.has(f.severity));
  console.log(`${r.files} files checked (${r.skipped.length} skipped), ${r.findings.length} findings, ${high.length} high or critical\n`);
  for (const f of high) console.log(`${f.file}:${f.line}:${f.column}  ${f.severity} [${f.rule}] ${f.message}\n    ${f.lineText.trim().slice(0, 160)}`);
}

await (values.corpus ? corpus(values.corpus) : labelled());
