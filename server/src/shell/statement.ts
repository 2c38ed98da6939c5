import { lineStartOf } from '../util/text.js';
import { detectHost, extractSnippets, snippetAt, toDocOffset, toSnippetOffset, type HostKind, type Snippet } from './snippets/index.js';
import { shiftSnippet, windowAround } from './snippets/window.js';
import { initParser, parseText, type Node } from './parse.js';
import { disposeModel, modelOfTree } from './risk/model.js';

const CONTAINERS = new Set([
  'program',
  'compound_statement',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_item',
  'case_statement',
  'subshell',
  'function_definition',
]);

/** Larger documents are parsed around the offset only (snippets/window.ts). */
const WINDOW = 64_000;

/** The whole command line around a node: climb until the parent is a block (program, if, loop body...). */
export function statementOf(node: Node): Node {
  if (!node.isNamed && node.parent && CONTAINERS.has(node.parent.type)) return node.parent;
  let cur = node;
  while (cur.parent && !CONTAINERS.has(cur.parent.type)) cur = cur.parent;
  return cur;
}

/** The command line (statement) under a document offset: its snippet, its text, and both ranges. */
export interface StatementAt {
  host: HostKind;
  snippet: Snippet;
  /** Snippet offsets. */
  start: number;
  end: number;
  /** Document offsets. */
  docStart: number;
  docEnd: number;
  /** The statement as the shell sees it (host escapes undone). */
  text: string;
  /** The node under the offset is a comment: its text without the leading `#`. */
  comment?: string;
}

export async function statementAt(languageId: string, path: string, text: string, offset: number): Promise<StatementAt | undefined> {
  const host = detectHost(languageId, path, text);
  if (!host) return undefined;
  // a large document: only the window of whole commands around the offset is parsed
  const w = text.length > WINDOW ? windowAround(text, offset, WINDOW) : { start: 0, end: text.length };
  const snippets = w.start === 0 && w.end === text.length ? extractSnippets(host, text) : extractSnippets(host, text.slice(w.start, w.end)).map((s) => shiftSnippet(s, w.start));
  const snippet = snippetAt(snippets, offset);
  if (!snippet) return undefined;
  const at = toSnippetOffset(snippet, offset);
  if (at < 0) return undefined;
  const parser = await initParser();
  const tree = parseText(parser, snippet.text);
  if (!tree) return undefined;
  try {
    // on a line's end or in its indentation, take the statement of that line
    const lineStart = lineStartOf(snippet.text, at);
    const nl = snippet.text.indexOf('\n', at);
    const line = snippet.text.slice(lineStart, nl < 0 ? snippet.text.length : nl);
    const first = lineStart + (line.length - line.trimStart().length);
    const probe = at < first ? first : Math.min(at, lineStart + line.trimEnd().length - 1);
    const leaf = tree.rootNode.descendantForIndex(Math.max(probe, 0), Math.max(probe, 0));
    if (!leaf || leaf.type === 'program') return undefined;
    if (leaf.type === 'comment') {
      return {
        host,
        snippet,
        start: leaf.startIndex,
        end: leaf.endIndex,
        docStart: toDocOffset(snippet, leaf.startIndex),
        docEnd: toDocOffset(snippet, leaf.endIndex, 'end'),
        text: leaf.text,
        comment: leaf.text.replace(/^#+\s?/, ''),
      };
    }
    const stmt = statementOf(leaf);
    if (stmt.type === 'program') return undefined;
    return { host, snippet, start: stmt.startIndex, end: stmt.endIndex, docStart: toDocOffset(snippet, stmt.startIndex), docEnd: toDocOffset(snippet, stmt.endIndex, 'end'), text: stmt.text };
  } finally {
    tree.delete();
  }
}

/** Does this shell text parse without errors? */
export async function parsesCleanly(source: string): Promise<boolean> {
  const parser = await initParser();
  const tree = parseText(parser, source);
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** The names of every command `source` runs (through wrappers, `bash -c`, substitutions). */
export async function commandNames(source: string): Promise<string[]> {
  const parser = await initParser();
  const tree = parseText(parser, source);
  if (!tree) return [];
  const model = modelOfTree(tree, parser);
  try {
    return [...new Set([...model.commands.map((c) => c.name), ...model.substitutions.flatMap((s) => s.commands.map((c) => c.name))])];
  } finally {
    disposeModel(model);
    tree.delete();
  }
}
