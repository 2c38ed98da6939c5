// Model-layer figures over a fake endpoint fixed at 300 ms: code-action list latency, resolve overhead
// (resolve time minus model time), cache-hit latency, and redaction speed on a 1 MB diff.
// Run: npx tsx bench/model.ts (part of `npm run bench`). Prints figures; asserts nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redactDiff } from '../server/src/safety/redact.js';
import { FakeOpenAI } from '../test/support/fake-openai.js';
import { FIXTURE_MAN } from '../test/support/fixtures.js';
import { LspClient } from '../test/support/lsp-client.js';
import { SAMPLE_SECRETS } from '../test/support/secrets.js';
import { percentile } from '../server/src/util/stats.js';

const MODEL_MS = 300;
const pct = (xs: number[], p: number) => percentile(xs, p)!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms (n=${xs.length})`;

const fake = await new FakeOpenAI().start();
fake.latencyMs = MODEL_MS;
let n = 0;
fake.handler = () => ({ json: { summary: `Explanation number ${++n}.` } });

async function client(cache: boolean): Promise<LspClient> {
  const c = new LspClient(['--stdio'], { KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-bench-')), KIBITZ_LOG_LEVEL: 'warn' });
  c.workspaceSettings = { manpath: [FIXTURE_MAN], useManCommand: false, model: { baseURL: fake.url, chatModel: 'fake-chat', cache: { enable: cache } } };
  await c.initialize({ initializationOptions: c.workspaceSettings, capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, disabledSupport: true } } } });
  return c;
}

const lines = ['#!/bin/bash', '# archive the logs folder', ...Array.from({ length: 200 }, (_, i) => `tar -czf logs${i}.tgz logs/${i} && git push --force origin main`)];
const text = lines.join('\n') + '\n';
const uri = 'file:///bench/build.sh';
const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 2 } });

const c = await client(false);
await c.open(uri, 'shellscript', text);
await new Promise((r) => setTimeout(r, 1000)); // startup probe
const list: number[] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: range(2 + (i % 200)), context: { diagnostics: [] } });
  list.push(performance.now() - t0);
}
console.log(`code-action list (risk quick fixes + AI offers, no model call): ${fmt(list.slice(20))}`);

const overhead: number[] = [];
for (let i = 0; i < 40; i++) {
  const actions: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: range(2 + i), context: { diagnostics: [] } });
  const explain = actions.find((a) => a.title.startsWith('Explain'));
  const t0 = performance.now();
  const r: any = await c.conn.sendRequest('codeAction/resolve', explain);
  if (!r.edit) throw new Error('resolve produced no edit');
  overhead.push(performance.now() - t0 - MODEL_MS);
}
console.log(`resolve overhead (total minus the ${MODEL_MS} ms model time): ${fmt(overhead.slice(5))}`);
c.kill();

const cached = await client(true);
await cached.open(uri, 'shellscript', text);
await new Promise((r) => setTimeout(r, 1000));
const actions: any[] = await cached.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: range(3), context: { diagnostics: [] } });
const explain = actions.find((a) => a.title.startsWith('Explain'));
await cached.conn.sendRequest('codeAction/resolve', explain);
const before = fake.chats.length;
const hits: number[] = [];
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  await cached.conn.sendRequest('codeAction/resolve', explain);
  hits.push(performance.now() - t0);
}
console.log(`cache hit resolve: ${fmt(hits)}; model calls during the hits: ${fake.chats.length - before}`);
cached.kill();
await fake.close();

// 1 MB diff: ordinary code with a secret every ~50 lines
const secretLines = SAMPLE_SECRETS.map((s) => '+' + s.context(s.secret).replace(/\n/g, '\n+'));
const body: string[] = ['diff --git a/src/app.ts b/src/app.ts', '--- a/src/app.ts', '+++ b/src/app.ts', '@@ -1,1 +1,20000 @@'];
let size = 0;
for (let i = 0; size < 1024 * 1024; i++) {
  const line = i % 50 === 49 ? secretLines[i % secretLines.length]! : `+  const value${i} = compute(input${i}, { retries: ${i % 7}, label: "item-${i}" }); // step ${i}`;
  body.push(line);
  size += line.length + 1;
}
const diff = body.join('\n') + '\n';
redactDiff(diff);
const times: number[] = [];
let found = 0;
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  const r = redactDiff(diff);
  times.push(performance.now() - t0);
  found = Object.values(r.found).reduce((a, b) => a + b, 0);
}
console.log(`redaction of a ${(diff.length / 1024 / 1024).toFixed(2)} MB diff: ${fmt(times)}; ${found} secrets replaced`);
