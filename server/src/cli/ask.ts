import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { citation, headingNote, indexDocs, type DocsAnswer } from '../assist/ask.js';
import { DOC_FILE } from '../retrieval/corpora/docs.js';
import { askSources, historyIndex, manIndex, type AskSources } from '../assist/ask-sources.js';
import { ManPages } from '../shell/manpages/index.js';
import { defaultConfig } from '../config/schema.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { askDocsWithModel } from '../assist/ask-model.js';
import { flag, str, type CliCommand, type CliIO } from './command.js';
import { cliModel } from './model.js';
import { workspaceRoot } from './retrieval.js';

export const askCli: CliCommand = {
  name: 'ask',
  summary:
    "Answer a question from the project's own docs (Markdown, rst, txt), the doc comments of its code, the man pages of commands the question names and its commit history, every sentence cited by file and lines; says so when nothing answers it. Offline: the sources' own sentences.",
  operands: "'<question>'",
  minOperands: 1,
  options: {
    json: { type: 'boolean', description: 'print the answer, its citations and the passages as JSON' },
    repo: { type: 'string', value: 'DIR', description: 'the project whose docs answer (default: the git top level around the current directory)' },
    offline: { type: 'boolean', description: "the docs' own sentences even when a model is configured" },
    sources: {
      type: 'string',
      value: 'LIST',
      description: 'what answers, comma-separated: docs, code (doc comments of public symbols), man (pages of commands the question names), commits (the history); default: all',
    },
  },
  details: "example: kibitz ask 'how do I run the integration tests?'\nexit 1 when the docs do not answer the question.",
  run: (p, io, env) => ask(p.positionals.join(' ').trim(), str(p, 'repo'), flag(p, 'json'), flag(p, 'offline'), str(p, 'sources'), io, env),
};

const SOURCES = ['docs', 'code', 'man', 'commits'] as const;

async function ask(question: string, repo: string | undefined, json: boolean, offline: boolean, list: string | undefined, io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  const root = path.resolve(repo ?? workspaceRoot());
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`kibitz ask: --repo ${root} is not a directory\n`);
    return 2;
  }
  const want = new Set(
    (list ?? SOURCES.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const unknown = [...want].filter((s) => !(SOURCES as readonly string[]).includes(s));
  if (unknown.length || !want.size) {
    io.err(`kibitz ask: --sources takes ${SOURCES.join(', ')} (comma-separated); not: ${unknown.join(', ') || '(nothing)'}\n`);
    return 2;
  }
  const docs = indexDocs(root, { docs: want.has('docs'), code: want.has('code') });
  const cfg = defaultConfig();
  const sources: AskSources = {
    docs,
    man: want.has('man') ? manIndex(root, question, new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() }), defaultCacheDir()) : undefined,
    history: want.has('commits') ? await historyIndex(root, defaultCacheDir()) : undefined,
  };
  const model = offline ? undefined : cliModel(io, env);
  const a: DocsAnswer & { by?: string; dropped?: number } = model ? await askDocsWithModel(question, sources, model) : { ...askSources(question, sources).answer, by: 'offline' };
  if (a.dropped) io.err(`kibitz: ${a.dropped} sentence(s) of the model's answer were dropped: their quotes are not in the passages they cite\n`);
  if (json) {
    io.out(
      JSON.stringify(
        {
          ...a,
          root,
          files: new Set(docs.passages.map((p) => p.path)).size,
          sentences: a.sentences.map((s) => ({ ...s, citation: citation(s) })),
          modelError: (a as { modelError?: Error }).modelError?.message,
        },
        null,
        2,
      ) + '\n',
    );
    return a.answered ? 0 : 1;
  }
  if (!a.answered) {
    const paths = new Set(docs.passages.map((p) => p.path));
    const files = [...paths].filter((f) => DOC_FILE.test(f)).length;
    const code = paths.size - files;
    const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const read = `${plural(files, 'documentation file')}${code ? ` and the doc comments of ${plural(code, 'source file')}` : ''}`;
    io.out(`Not in these docs: nothing in the ${read} under ${root} answers it.\n`);
    if (a.passages.length) io.out(`Closest passages:\n${a.passages.map((p) => `  ${citation(p)}${headingNote(p)}`).join('\n')}\n`);
    return 1;
  }
  for (const s of a.sentences) io.out(`${s.text}\n    — ${citation(s)}${headingNote(s)}\n`);
  const own = a.sentences[0]?.label?.startsWith('commit ') ? "the commit's own message" : a.sentences[0]?.label ? "the man page's own sentences" : "the docs' own sentences";
  const by = a.by === 'model' ? `written by ${model!.settings.chatModel}, every sentence checked against the passage it cites` : `${own}, offline`;
  io.out(`\n(${Math.round(a.confidence * 100)}% of the question's words in the best passage; ${by})\n`);
  return 0;
}
