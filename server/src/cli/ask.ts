import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { askDocs, citation, indexDocs } from '../assist/ask.js';
import { flag, str, type CliCommand, type CliIO } from './command.js';
import { workspaceRoot } from './retrieval.js';

export const askCli: CliCommand = {
  name: 'ask',
  summary: "Answer a question from the project's own docs (Markdown, rst, txt), every sentence cited by file and lines; says so when the docs do not answer it. Offline: the docs' own sentences.",
  operands: "'<question>'",
  minOperands: 1,
  options: {
    json: { type: 'boolean', description: 'print the answer, its citations and the passages as JSON' },
    repo: { type: 'string', value: 'DIR', description: 'the project whose docs answer (default: the git top level around the current directory)' },
  },
  details: "example: kibitz ask 'how do I run the integration tests?'\nexit 1 when the docs do not answer the question.",
  run: (p, io) => ask(p.positionals.join(' ').trim(), str(p, 'repo'), flag(p, 'json'), io),
};

function ask(question: string, repo: string | undefined, json: boolean, io: CliIO): number {
  const root = path.resolve(repo ?? workspaceRoot());
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    io.err(`kibitz ask: --repo ${root} is not a directory\n`);
    return 2;
  }
  const docs = indexDocs(root);
  const a = askDocs(question, docs);
  if (json) {
    io.out(JSON.stringify({ ...a, root, files: new Set(docs.passages.map((p) => p.path)).size, sentences: a.sentences.map((s) => ({ ...s, citation: citation(s) })) }, null, 2) + '\n');
    return a.answered ? 0 : 1;
  }
  if (!a.answered) {
    const files = new Set(docs.passages.map((p) => p.path)).size;
    io.out(`Not in these docs: nothing in the ${files} documentation file${files === 1 ? '' : 's'} under ${root} answers it.\n`);
    if (a.passages.length) io.out(`Closest passages:\n${a.passages.map((p) => `  ${citation(p)}${p.heading ? ` (${p.heading})` : ''}`).join('\n')}\n`);
    return 1;
  }
  for (const s of a.sentences) io.out(`${s.text}\n    — ${citation(s)}${s.heading ? ` (${s.heading})` : ''}\n`);
  io.out(`\n(${Math.round(a.confidence * 100)}% of the question's words in the best passage; the docs' own sentences, offline)\n`);
  return 0;
}
