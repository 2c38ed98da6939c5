// Share of secret formats caught by redaction, per family, in the text each is found in, plain and with a
// zero-width space inside; and how often redaction fires on ordinary text (any files you name).
//   npm run eval:redaction [-- DIR_OR_FILE ...]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { redact } from '../server/src/safety/redact.js';
import { FAMILIES, leaked, SAMPLE_SECRETS, withZeroWidth } from '../test/support/secrets.js';

const rows: string[] = [];
const misses: string[] = [];
let caught = 0;
let total = 0;
for (const family of FAMILIES) {
  const samples = SAMPLE_SECRETS.filter((s) => s.family === family);
  let ok = 0;
  for (const s of samples) {
    const plain = !leaked(redact(s.context(s.secret)).text, s.secret);
    const hidden = !leaked(redact(s.context(withZeroWidth(s.secret))).text, s.secret);
    if (plain && hidden) ok++;
    else misses.push(`${s.format}${plain ? ' (with a zero-width space)' : ''}`);
  }
  caught += ok;
  total += samples.length;
  rows.push(`| ${family} | ${samples.length} | ${ok} | ${((100 * ok) / samples.length).toFixed(1)}% |`);
}
console.log(`Redaction: ${SAMPLE_SECRETS.length} secret formats, each in context, plain and with a zero-width space inside\n`);
console.log('| family | formats | caught | share |\n|---|---|---|---|');
console.log(rows.join('\n'));
console.log(`| all | ${total} | ${caught} | ${((100 * caught) / total).toFixed(1)}% |`);
if (misses.length) console.log(`\nmissed: ${misses.join(', ')}`);

// redactions in ordinary text: every line that fires is a candidate false alarm to read
const inputs = process.argv.slice(2);
if (inputs.length) {
  const files: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) !e.startsWith('.') && e !== 'node_modules' && walk(path.join(p, e));
    else if (st.size < 2_000_000) files.push(p);
  };
  inputs.forEach(walk);
  let lines = 0;
  const fired: Record<string, number> = {};
  const examples: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    lines += text.split('\n').length;
    const r = redact(text);
    for (const [rule, n] of Object.entries(r.found)) fired[rule] = (fired[rule] ?? 0) + n;
    if (Object.keys(r.found).length && examples.length < 40) {
      const before = text.split('\n');
      r.text.split('\n').forEach((l, i) => l !== before[i] && examples.length < 40 && examples.push(`${path.basename(f)}:${i + 1}: ${before[i]!.trim().slice(0, 140)}`));
    }
  }
  const n = Object.values(fired).reduce((a, b) => a + b, 0);
  console.log(`\nOrdinary text: ${files.length} files, ${lines} lines: ${n} redactions (${((1000 * n) / Math.max(1, lines)).toFixed(2)} per 1,000 lines)`);
  for (const [rule, k] of Object.entries(fired).sort((a, b) => b[1] - a[1])) console.log(`  ${rule}: ${k}`);
  if (examples.length) console.log(`\nLines that fired (read them):\n${examples.join('\n')}`);
}
