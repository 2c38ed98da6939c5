import { detectHost, extractSnippets, toSnippetOffset, type HostKind, type Snippet } from './snippets/index.js';
import { initParser, onParserReset, parseText, type Node, type Tree } from './parse.js';
import { partAt, type Explainer, type Explanation, type Part } from './explain/index.js';
import { statementOf } from './statement.js';
import { uriToPath } from '../util/uri.js';

/** What a hover needs about one offset of a document: the snippet, its explanation, the part under it. */
export interface ExplainedOffset {
  snippet: Snippet;
  explanation: Explanation;
  part: Part;
}

interface Entry {
  version: number;
  host: HostKind | undefined;
  snippets: Snippet[];
  trees: (Tree | undefined)[];
}


/** A statement longer than this (a 10,000-stage pipeline) is explained around the cursor only. */
const MAX_EXPLAINED = 4000;
const FOCUS = new Set(['command', 'redirected_statement', 'subshell', 'compound_statement', 'test_command', 'variable_assignment', 'declaration_command']);

/** The statement, or for a huge one the largest command-like node under it that holds the cursor and fits. */
function focusOf(leaf: Node, stmt: Node): Node {
  if (stmt.endIndex - stmt.startIndex <= MAX_EXPLAINED) return stmt;
  let best: Node = leaf;
  for (let cur: Node | null = leaf; cur && cur.id !== stmt.id; cur = cur.parent) {
    if (cur.endIndex - cur.startIndex > MAX_EXPLAINED) break;
    if (FOCUS.has(cur.type)) best = cur;
  }
  return best;
}

/** Per-document cache of snippets and parse trees, so a hover parses nothing when the text did not change. */
export class ShellAnalysis {
  private readonly entries = new Map<string, Entry>();
  private readonly explained = new Map<string, Explanation>();

  constructor(readonly explainer: Explainer) {
    // a rebuilt parser invalidates every tree made before
    onParserReset(() => {
      this.entries.clear();
      this.explained.clear();
    });
  }

  host(uri: string, version: number, languageId: string, text: string): HostKind | undefined {
    return this.entry(uri, version, languageId, text).host;
  }

  forget(uri: string): void {
    const e = this.entries.get(uri);
    e?.trees.forEach((t) => t?.delete());
    this.entries.delete(uri);
  }

  /** Every snippet of the document with its parse tree, parsing only what is not cached yet. */
  async parsed(uri: string, version: number, languageId: string, text: string): Promise<{ snippets: Snippet[]; trees: (Tree | undefined)[] }> {
    const e = this.entry(uri, version, languageId, text);
    if (e.snippets.length === 0) return { snippets: [], trees: [] };
    const parser = await initParser();
    e.snippets.forEach((s, i) => {
      if (!e.trees[i]) e.trees[i] = parseText(parser, s.text);
    });
    return { snippets: e.snippets, trees: e.trees };
  }

  async explainAt(uri: string, version: number, languageId: string, text: string, offset: number, opts: { dashlessBundles: string[]; signal?: AbortSignal }): Promise<ExplainedOffset | undefined> {
    const e = this.entry(uri, version, languageId, text);
    if (!e.host) return undefined;
    const idx = e.snippets.findIndex((s) => toSnippetOffset(s, offset) >= 0);
    if (idx < 0) return undefined;
    const snippet = e.snippets[idx]!;
    const at = toSnippetOffset(snippet, offset);
    const parser = await initParser();
    if (opts.signal?.aborted) return undefined;
    let tree = e.trees[idx];
    if (!tree) {
      tree = parseText(parser, snippet.text);
      e.trees[idx] = tree;
    }
    if (!tree) return undefined;
    const leaf = tree.rootNode.descendantForIndex(at, at);
    if (!leaf || leaf.type === 'comment') return undefined;
    const stmt = focusOf(leaf, statementOf(leaf));
    const key = `${snippet.text.length}:${stmt.startIndex}:${stmt.endIndex}:${snippet.text.slice(stmt.startIndex, stmt.endIndex)}`;
    let explanation = this.explained.get(key);
    if (!explanation) {
      explanation = this.explainer.explainTree(stmt, snippet.text, { dashlessBundles: opts.dashlessBundles, opaque: snippet.opaque, signal: opts.signal });
      if (opts.signal?.aborted) return undefined;
      if (this.explained.size > 500) this.explained.clear();
      this.explained.set(key, explanation);
    }
    const part = partAt(explanation.parts, at);
    if (!part) return undefined;
    return { snippet, explanation, part };
  }

  private entry(uri: string, version: number, languageId: string, text: string): Entry {
    const cur = this.entries.get(uri);
    if (cur && cur.version === version) return cur;
    this.forget(uri);
    const path = uriToPath(uri);
    const host = detectHost(languageId, path, text);
    const snippets = host ? extractSnippets(host, text) : [];
    const e: Entry = { version, host, snippets, trees: snippets.map(() => undefined) };
    this.entries.set(uri, e);
    return e;
  }
}
