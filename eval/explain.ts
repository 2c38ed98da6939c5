// Explanation quality.
//   npm run eval:explain                 the graded set (test/fixtures/explain/graded.ts): token accuracy (kind,
//                                        binding, cited page), share of tokens with a source, the failures
//   npm run eval:explain -- --corpus DIR every word of every file under DIR (scripts, Dockerfiles, Makefiles,
//                                        workflows, package.json, Markdown): share explained with a source, by
//                                        token class and by host
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../server/src/config/schema.js';
import { Explainer, type Part } from '../server/src/shell/explain/index.js';
import { partAt } from '../server/src/shell/explain/render.js';
import { defaultCacheDir } from '../server/src/shell/manpages/cache.js';
import { ManPages } from '../server/src/shell/manpages/index.js';
import { initParser, parseText, type Node } from '../server/src/shell/parse.js';
import { detectHost, extractSnippets } from '../server/src/shell/snippets/index.js';
import { statementOf } from '../server/src/shell/statement.js';
import { gradedSet } from '../test/fixtures/explain/graded.js';
import { gradeAll } from './explain-grade.js';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, verbose: { type: 'boolean' } } });
const cfg = defaultConfig();
const explainer = new Explainer(new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() }));

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;

/** The name of the command a word belongs to (`tar` for `-xzf`), for grouping words without a source. */
function commandOf(node: Node): string {
  for (let n: Node | null = node; n; n = n.parent) if (n.type === 'command') return n.childForFieldName('name')?.text ?? '?';
  return '?';
}

async function graded(): Promise<void> {
  const set = gradedSet();
  const r = await gradeAll(set, explainer, cfg.dashlessBundles);
  console.log(`Graded set: ${set.length} command lines, ${r.tokens} tokens`);
  console.log(`  token accuracy (kind, binding, cited page): ${pct(r.correct, r.tokens)}`);
  console.log(`  tokens with a source: ${pct(r.withSource, r.tokens)}`);
  if (r.failures.length) console.log(`\nFailures (${r.failures.length}):\n${r.failures.map((f) => `  ${f}`).join('\n')}`);
}

/** The class of a token for corpus coverage. */
function classOf(node: Node, functions: Set<string>): string | undefined {
  const parent = node.parent;
  if (node.type === 'test_operator') return 'test operator';
  if (node.type.endsWith('_redirect')) return 'redirection';
  if (['command_substitution', 'simple_expansion', 'expansion', 'arithmetic_expansion', 'process_substitution'].includes(node.type)) return 'expansion';
  if (parent?.type === 'command_name') return functions.has(node.text) ? 'function name' : 'command';
  if (parent?.type === 'command' && node.type !== 'command_name' && ['word', 'string', 'raw_string', 'concatenation', 'number'].includes(node.type)) return /^-/.test(node.text) ? 'flag' : 'argument';
  return undefined;
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) !e.startsWith('.') && e !== 'node_modules' && walk(path.join(p, e));
    else if (st.size < 1_000_000) out.push(p);
  };
  walk(dir);
  return out;
}

async function corpus(dir: string): Promise<void> {
  const parser = await initParser();
  const byClass = new Map<string, { n: number; sourced: number }>();
  const byHost = new Map<string, { files: number; n: number; sourced: number }>();
  const unknown = new Map<string, number>();
  const flags = new Map<string, number>();
  const count = (m: Map<string, { n: number; sourced: number }>, k: string, sourced: boolean) => {
    const e = m.get(k) ?? { n: 0, sourced: 0 };
    e.n++;
    if (sourced) e.sourced++;
    m.set(k, e);
  };
  let total = 0;
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('\u0000')) continue;
    const host = detectHost('', file, text);
    if (!host) continue;
    const h = byHost.get(host) ?? { files: 0, n: 0, sourced: 0 };
    h.files++;
    byHost.set(host, h);
    for (const s of extractSnippets(host, text).filter((x) => !x.foreign)) {
      const tree = parseText(parser, s.text);
      if (!tree) continue;
      const functions = new Set<string>();
      const cache = new Map<number, Part[]>();
      const visit = (node: Node) => {
        if (node.type === 'function_definition') {
          const n = node.childForFieldName('name')?.text;
          if (n) functions.add(n);
        }
        for (const c of node.namedChildren) if (c) visit(c);
      };
      visit(tree.rootNode);
      const tokens: { node: Node; cls: string }[] = [];
      const collect = (node: Node) => {
        if (node.type === 'comment' || node.type === 'heredoc_body') return;
        const cls = classOf(node, functions);
        if (cls) tokens.push({ node, cls });
        for (const c of node.namedChildren) if (c) collect(c);
      };
      collect(tree.rootNode);
      for (const { node, cls } of tokens) {
        const stmt = statementOf(node);
        let parts = cache.get(stmt.id);
        if (!parts) {
          parts = explainer.explainTree(stmt, s.text, { dashlessBundles: cfg.dashlessBundles, opaque: s.opaque }).parts;
          cache.set(stmt.id, parts);
        }
        const p = partAt(parts, node.startIndex + Math.min(1, node.endIndex - node.startIndex - 1));
        const sourced = !!p?.source;
        // text the host substitutes before the shell runs (make variables, ${{ }}) has no page by nature
        if (p?.kind === 'host') {
          count(byClass, 'host substitution', false);
          continue;
        }
        count(byClass, cls, sourced);
        h.n++;
        if (sourced) h.sourced++;
        total++;
        if (!sourced && cls === 'command') unknown.set(node.text, (unknown.get(node.text) ?? 0) + 1);
        if (!sourced && cls === 'flag') {
          const key = `${commandOf(node)} ${node.text}`;
          flags.set(key, (flags.get(key) ?? 0) + 1);
        }
      }
      tree.delete();
    }
  }
  console.log(`Corpus ${dir}: ${total} tokens in ${[...byHost.values()].reduce((a, b) => a + b.files, 0)} files\n`);
  console.log('| token class | tokens | with a source |\n|---|---|---|');
  for (const [k, v] of [...byClass].sort((a, b) => b[1].n - a[1].n)) console.log(`| ${k} | ${v.n} | ${pct(v.sourced, v.n)} |`);
  console.log('\n| host | files | tokens | with a source |\n|---|---|---|---|');
  for (const [k, v] of [...byHost].sort((a, b) => b[1].n - a[1].n)) console.log(`| ${k} | ${v.files} | ${v.n} | ${pct(v.sourced, v.n)} |`);
  const top = [...unknown].sort((a, b) => b[1] - a[1]).slice(0, 25);
  if (top.length) console.log(`\nCommands most often without a source: ${top.map(([k, n]) => `${k} (${n})`).join(', ')}`);
  const topFlags = [...flags].sort((a, b) => b[1] - a[1]).slice(0, 25);
  if (topFlags.length) console.log(`\nFlags most often without a source: ${topFlags.map(([k, n]) => `${k} (${n})`).join(', ')}`);
}

if (values.corpus) await corpus(values.corpus);
else await graded();
