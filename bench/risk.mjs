// Risk engine figures: analysis time per 1,000 lines, findings on real system scripts (false positives).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { analyzeRisk } = await import(path.join(ROOT, 'server/out/shell/risk/index.js'));
const scripts = ['/usr/bin/ldd', '/usr/bin/zgrep', '/usr/sbin/update-ca-certificates', '/usr/bin/ssh-copy-id'].filter(existsSync);
for (const f of scripts) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n').length;
  await analyzeRisk(text);
  const runs = 20;
  const t0 = performance.now();
  let r;
  for (let i = 0; i < runs; i++) r = await analyzeRisk(text);
  const ms = (performance.now() - t0) / runs;
  console.log(`${f} (${lines} lines): ${ms.toFixed(2)} ms/run = ${((ms * 1000) / lines).toFixed(2)} ms per 1,000 lines; findings ${r.findings.length}${r.findings.length ? ': ' + r.findings.map((x) => `${x.rule}@${x.start} ${text.slice(x.start, x.end)}`).join(', ') : ''}`);
}
