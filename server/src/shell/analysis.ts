import { detectHost, extractSnippets, toSnippetOffset, type HostKind, type Snippet } from './snippets/index.js';
import { shiftSnippet, windowAround } from './snippets/window.js';
import { onParserReset, parseSliced, type Node, type Tree } from './parse.js';
import { partAt, type Explainer, type Explanation, type Part } from './explain/index.js';
import { statementOf } from './statement.js';
import { uriToPath } from '../util/uri.js';

/** What a hover needs about one offset of a document: the snippet, its explanation, the part under it. */
export interface ExplainedOffset {
  snippet: Snippet;
  explanation: Explanation;
  part: Part;
}

/** How much of a document is analysed ahead of time. */
export interface AnalysisLimits {
  /** Documents larger than this (characters) are analysed on demand only, around the cursor. */
  maxChars: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = { maxChars: 256 * 1024 };

interface Entry {
  version: number;
  host: HostKind | undefined;
  /** NUL bytes: a binary file opened as text. Never analysed. */
  binary: boolean;
  /** Over the size limit: no whole-document analysis; hovers and actions work on a window around the cursor. */
  large: boolean;
  snippets: Snippet[];
  trees: (Promise<Tree | undefined> | undefined)[];
  /** Trees already parsed (to delete them when the entry goes). */
  done: Tree[];
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

/** A document that holds NUL bytes is not text. */
export function isBinary(text: string): boolean {
  return text.slice(0, 65536).includes('\u0000');
}

/**
 * Per-document cache of snippets and parse trees, so a hover parses nothing when the text did not change. Parses
 * run in slices (parse.ts), the snippet under the cursor first; nothing here holds the event loop for long.
 */
export class ShellAnalysis {
  private readonly entries = new Map<string, Entry>();
  private readonly explained = new Map<string, Explanation>();

  constructor(
    readonly explainer: Explainer,
    private readonly limits: () => AnalysisLimits = () => DEFAULT_LIMITS,
  ) {
    // a rebuilt parser invalidates every tree made before
    onParserReset(() => {
      this.entries.clear();
      this.explained.clear();
    });
  }

  host(uri: string, version: number, languageId: string, text: string): HostKind | undefined {
    return this.entry(uri, version, languageId, text).host;
  }

  /** Analysed ahead of time (not binary, not over the size limit, shell inside)? */
  analysable(uri: string, version: number, languageId: string, text: string): boolean {
    const e = this.entry(uri, version, languageId, text);
    return !!e.host && !e.binary && !e.large;
  }

  forget(uri: string): void {
    const e = this.entries.get(uri);
    e?.done.forEach((t) => t.delete());
    this.entries.delete(uri);
  }

  /** Every snippet of the document with its parse tree (none for binary or large documents). */
  async parsed(uri: string, version: number, languageId: string, text: string, signal?: AbortSignal): Promise<{ snippets: Snippet[]; trees: (Tree | undefined)[] }> {
    const e = this.entry(uri, version, languageId, text);
    if (e.binary || e.large || !e.snippets.length) return { snippets: [], trees: [] };
    const trees: (Tree | undefined)[] = [];
    for (let i = 0; i < e.snippets.length; i++) trees.push(await this.tree(e, i, signal));
    return { snippets: e.snippets, trees };
  }

  private tree(e: Entry, i: number, signal?: AbortSignal): Promise<Tree | undefined> {
    let p = e.trees[i];
    if (!p) {
      p = parseSliced(e.snippets[i]!.text, signal).then((t) => {
        if (t) e.done.push(t);
        if (!t && signal?.aborted) e.trees[i] = undefined; // a cancelled parse is tried again next time
        return t;
      });
      e.trees[i] = p;
    }
    return p;
  }

  async explainAt(uri: string, version: number, languageId: string, text: string, offset: number, opts: { dashlessBundles: string[]; signal?: AbortSignal }): Promise<ExplainedOffset | undefined> {
    const e = this.entry(uri, version, languageId, text);
    if (!e.host || e.binary) return undefined;
    if (e.large) return this.explainInWindow(e.host, text, offset, opts);
    const idx = e.snippets.findIndex((s) => toSnippetOffset(s, offset) >= 0);
    if (idx < 0) return undefined;
    const tree = await this.tree(e, idx, opts.signal);
    if (!tree || opts.signal?.aborted) return undefined;
    return this.explainTree(e.snippets[idx]!, tree, offset, opts);
  }

  /** A large document: parse only the window of whole commands around the cursor. */
  private async explainInWindow(host: HostKind, text: string, offset: number, opts: { dashlessBundles: string[]; signal?: AbortSignal }): Promise<ExplainedOffset | undefined> {
    const w = windowAround(text, offset);
    const snippet = extractSnippets(host, text.slice(w.start, w.end))
      .map((s) => shiftSnippet(s, w.start))
      .find((s) => toSnippetOffset(s, offset) >= 0);
    if (!snippet) return undefined;
    const tree = await parseSliced(snippet.text, opts.signal);
    if (!tree) return undefined;
    try {
      return opts.signal?.aborted ? undefined : this.explainTree(snippet, tree, offset, opts);
    } finally {
      tree.delete();
    }
  }

  private explainTree(snippet: Snippet, tree: Tree, offset: number, opts: { dashlessBundles: string[]; signal?: AbortSignal }): ExplainedOffset | undefined {
    // PowerShell or cmd text read as shell would be explained wrongly: say nothing rather than something false
    if (snippet.foreign) return undefined;
    const at = toSnippetOffset(snippet, offset);
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
    const binary = isBinary(text);
    const host = binary ? undefined : detectHost(languageId, path, text);
    const large = text.length > this.limits().maxChars;
    const snippets = host && !large ? extractSnippets(host, text) : [];
    const e: Entry = { version, host, binary, large, snippets, trees: snippets.map(() => undefined), done: [] };
    this.entries.set(uri, e);
    return e;
  }
}
