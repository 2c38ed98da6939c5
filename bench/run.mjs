// kibitz benchmark: prints figures, asserts nothing. Run with `npm run bench`.
// Startup (spawn -> initialize result), hover latency over >= 300 hovers on a real 300+ line script,
// share of command/flag tokens explained with a source, peak RSS; the same for bash-language-server.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { hoverPositions } from './hover-positions.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CANDIDATES = ['/usr/bin/ssh-copy-id', '/usr/bin/dpkg-maintscript-helper', '/usr/bin/savelog', '/usr/bin/apt-key', '/usr/sbin/invoke-rc.d', '/usr/bin/gpgrt-config'];
const script = process.argv[2] ?? CANDIDATES.find((f) => existsSync(f) && readFileSync(f, 'utf8').split('\n').length >= 300);
if (!script) {
  console.log('no 300+ line shell script found; pass one: npm run bench -- /path/to/script.sh');
  process.exit(0);
}
const text = readFileSync(script, 'utf8');
const lines = text.split('\n');

const servers = {
  kibitz: [process.execPath, [path.join(ROOT, 'server/bin/kibitz.js'), '--stdio']],
  'bash-language-server': [process.execPath, [path.join(ROOT, 'node_modules/bash-language-server/out/cli.js'), 'start']],
};

// `npm run bench` builds first: the compiled helpers are in server/out
const { percentile: pct } = await import(path.join(ROOT, 'server/out/util/stats.js'));
const f = (n) => (n === undefined ? 'n/a' : n.toFixed(2));

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function run(name) {
  const [cmd, args] = servers[name];
  if (!existsSync(args[0])) return { name, missing: true };
  const t0 = performance.now();
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, KIBITZ_LOG_LEVEL: 'warn' } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } }, workspaceFolders: null });
  const startup = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  const uri = 'file://' + script;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'shellscript', version: 1, text } });
  const pos = hoverPositions(lines);
  const cold = [];
  const warm = [];
  let withContent = 0;
  for (const round of [cold, warm]) {
    for (const p of pos) {
      const s = performance.now();
      const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: p });
      round.push(performance.now() - s);
      if (round === warm && h) withContent++;
    }
  }
  const rss = peakRss(proc.pid);
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  conn.dispose();
  proc.kill();
  return { name, startup, hovers: pos.length, cold, warm, withContent, rss };
}

async function coverage() {
  const { Explainer } = await import(path.join(ROOT, 'server/out/shell/explain/index.js'));
  const { ManPages } = await import(path.join(ROOT, 'server/out/shell/manpages/index.js'));
  const man = new ManPages({});
  const exp = await new Explainer(man).explain(text);
  const hasPage = (cmd) => !!cmd && (!!man.page(cmd.split(' ')[0]) || !!man.builtin(cmd.split(' ')[0]));
  const cmds = exp.parts.filter((p) => p.kind === 'command' && hasPage(p.command));
  const flags = exp.parts.filter((p) => p.kind === 'flag' && hasPage(p.command));
  const ok = (a) => a.filter((p) => p.source).length;
  const unknownFlags = new Map();
  for (const p of flags.filter((x) => !x.source)) unknownFlags.set(`${p.command} ${p.flag}`, (unknownFlags.get(`${p.command} ${p.flag}`) ?? 0) + 1);
  return { cmds: cmds.length, cmdsOk: ok(cmds), flags: flags.length, flagsOk: ok(flags), unknownFlags, allCmds: exp.parts.filter((p) => p.kind === 'command').length };
}

console.log(`script: ${script} (${lines.length} lines), node ${process.version}`);
for (const name of Object.keys(servers)) {
  const r = await run(name);
  if (r.missing) {
    console.log(`${name}: not installed`);
    continue;
  }
  console.log(
    `${name.padEnd(22)} startup ${f(r.startup)} ms | ${r.hovers} hovers: cold p50 ${f(pct(r.cold, 50))} p99 ${f(pct(r.cold, 99))} ms, warm p50 ${f(pct(r.warm, 50))} p99 ${f(pct(r.warm, 99))} ms | non-empty ${r.withContent}/${r.hovers} | peak RSS ${f(r.rss)} MB`,
  );
}
const c = await coverage();
const share = (c.cmdsOk + c.flagsOk) / Math.max(1, c.cmds + c.flags);
console.log(
  `kibitz explanations with a source: commands ${c.cmdsOk}/${c.cmds}, flags ${c.flagsOk}/${c.flags} => ${(share * 100).toFixed(1)}% of command and flag tokens whose page (or builtin) exists (${c.allCmds} command tokens in all)`,
);
if (c.unknownFlags.size) console.log(`flags without a source: ${[...c.unknownFlags].map(([k, v]) => `${k} x${v}`).join(', ')}`);
