// Documentation answers on a labelled question set: answer-passage hit@1 and hit@3 (a passage in the labelled
// file under the labelled heading), citation validity (every cited sentence is on the cited lines, word for word;
// must be 100%), refusal accuracy on questions the docs do not answer, and a few answers next to their questions.
//   npm run eval:ask -- --docs DIR --questions FILE [--show 5] [--sources docs,code,commits]
// (--sources: what answers, as in `kibitz ask`; the commit history is that of the docs folder, a fallback when the docs do not answer)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { citation, indexDocs } from '../server/src/assist/ask.js';
import type { Cited } from '../server/src/assist/passages.js';
import { askSources, historyIndex } from '../server/src/assist/ask-sources.js';

interface Labelled {
  q: string;
  answers: { path: string; heading: string }[];
}

const { values } = parseArgs({ options: { docs: { type: 'string' }, questions: { type: 'string' }, show: { type: 'string' }, sources: { type: 'string' } } });
if (!values.docs || !values.questions) {
  console.error('usage: npm run eval:ask -- --docs DIR --questions FILE [--show N]');
  process.exit(2);
}
const root = path.resolve(values.docs);
const questions = (JSON.parse(readFileSync(values.questions, 'utf8')) as { questions: Labelled[] }).questions;
const t0 = performance.now();
const want = new Set((values.sources ?? 'docs,code').split(','));
const docs = indexDocs(root, { docs: want.has('docs'), code: want.has('code') });
const history = want.has('commits') ? await historyIndex(root, mkdtempSync(path.join(tmpdir(), 'kibitz-eval-ask-'))) : undefined;
const indexMs = performance.now() - t0;

// a passage answers when it is in the labelled file, under the labelled heading (in that section or one of its subsections)
const matches = (p: Pick<Cited, 'path' | 'heading'> & { trail?: string }, a: Labelled['answers'][number]) =>
  p.path === a.path && (!a.heading || (p.trail ?? p.heading).toLowerCase().includes(a.heading.toLowerCase()));
const onLines = (s: Cited) => {
  const lines = readFileSync(path.join(root, s.path), 'utf8')
    .split('\n')
    .slice(s.lines[0] - 1, s.lines[1])
    .join(' ');
  return s.text.split(/\s+/).every((w) => lines.includes(w));
};

let answerable = 0;
let h1 = 0;
let h3 = 0;
let answered = 0;
let refusals = 0;
let unanswerable = 0;
let cited = 0;
let valid = 0;
const misses: string[] = [];
const shown: string[] = [];
const lat: number[] = [];
for (const l of questions) {
  const t = performance.now();
  const a = askSources(l.q, { docs, history }).answer;
  lat.push(performance.now() - t);
  for (const s of a.sentences) {
    cited++;
    if (onLines(s)) valid++;
  }
  if (!l.answers.length) {
    unanswerable++;
    if (!a.answered) refusals++;
    else misses.push(`  answered an unanswerable question: ${l.q}  →  ${a.sentences.map((s) => citation(s)).join(', ')}`);
    continue;
  }
  answerable++;
  if (a.answered) answered++;
  const rank = a.passages.findIndex((p) => l.answers.some((x) => matches(p, x)));
  if (rank === 0) h1++;
  if (rank >= 0 && rank < 3) h3++;
  if (rank < 0 || rank >= 3)
    misses.push(
      `  ${l.q}  →  ${
        a.passages
          .slice(0, 3)
          .map((p) => `${citation(p)} (${p.heading})`)
          .join(', ') || 'nothing'
      }   (want ${l.answers.map((x) => `${x.path} ${x.heading}`).join(' / ')})`,
    );
  if (shown.length < Number(values.show ?? 5) && a.answered) shown.push(`Q: ${l.q}\n${a.sentences.map((s) => `   ${s.text.replace(/\s*\n\s*/g, ' ⏎ ').slice(0, 220)}  — ${citation(s)}`).join('\n')}`);
}
const pct = (x: number, n: number) => (n ? (x / n).toFixed(3) : 'n/a');
console.log(`docs: ${root} (${new Set(docs.passages.map((p) => p.path)).size} files, ${docs.passages.length} passages, indexed in ${indexMs.toFixed(0)} ms)`);
console.log(`answerable ${answerable}: hit@1 ${pct(h1, answerable)}  hit@3 ${pct(h3, answerable)}  answered ${pct(answered, answerable)}`);
console.log(`unanswerable ${unanswerable}: refusal accuracy ${pct(refusals, unanswerable)}`);
console.log(`citations: ${valid}/${cited} on the cited lines (${pct(valid, cited)})`);
lat.sort((x, y) => x - y);
console.log(`answer time p50 ${lat[Math.floor(lat.length / 2)]!.toFixed(1)} ms, max ${lat[lat.length - 1]!.toFixed(1)} ms`);
if (misses.length) console.log(`\nmisses (${misses.length}):\n${misses.join('\n')}`);
if (shown.length) console.log(`\nanswers:\n${shown.join('\n')}`);
