import type { CommandDocs } from '../docs/index.js';
import type { Source } from '../manpages/index.js';
import type { Node } from '../parse.js';
import type { SyntaxEntry } from './tables.js';
import type { Part, PartKind } from './types.js';
import type { Word } from './words.js';

/** A function defined in the script being explained: where, and the comment above it. */
export interface FunctionInfo {
  name: string;
  /** 1-based lines of the definition in the script. */
  lines: [number, number];
  comment: string;
}

/** The state of one explanation: the text, where it sits in the outer text, the parts found so far. */
export class Run {
  readonly parts: Part[] = [];
  nestedBudget = 8;

  constructor(
    readonly docs: CommandDocs,
    readonly text: string,
    readonly offset: number,
    readonly dashless: string[],
    readonly opaque: { start: number; end: number; note: string }[],
    readonly signal: AbortSignal | undefined,
    readonly functions: Map<string, FunctionInfo>,
  ) {}

  /** A run over a nested script (`bash -c '...'`) that starts `at` characters into the outer text. */
  nested(at: number): Run {
    const r = new Run(this.docs, this.text, at, this.dashless, this.opaque, this.signal, this.functions);
    r.nestedBudget = this.nestedBudget;
    return r;
  }

  sorted(): Part[] {
    return this.parts.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** Parts are in the outer command line's offsets, and their text is always the outer text. */
  push(p: Omit<Part, 'text'>): void {
    this.parts.push({ ...p, text: this.text.slice(p.start, p.end) });
  }

  abs(w: { start: number; end: number }): [number, number] {
    return [w.start + this.offset, w.end + this.offset];
  }

  opaqueAt(w: Word): { note: string; start: number; end: number; program?: string } | undefined {
    const [s, e] = this.abs(w);
    return this.opaque.find((o) => o.start < e && o.end > s);
  }

  /** A table entry kibitz writes, cited to the bash(1) section that documents it (or the table itself). */
  syntax(entry: SyntaxEntry | undefined, table: string, key: string): { explanation: string; source: Source | null } {
    if (!entry) return { explanation: '', source: null };
    const src = this.docs.bashSection(entry.section, entry.subsection);
    return { explanation: entry.text, source: src ?? { path: `kibitz:${table}`, page: `kibitz ${table} table`, section: key, lines: null } };
  }

  pushSyntax(node: { startIndex: number; endIndex: number }, kind: PartKind, entry: SyntaxEntry | undefined, table: string, key: string, depth: number, extra = ''): void {
    if (!entry) return;
    const s = this.syntax(entry, table, key);
    this.push({ start: node.startIndex + this.offset, end: node.endIndex + this.offset, kind, explanation: s.explanation + extra, source: s.source, depth });
  }
}

const functionCache = new WeakMap<object, Map<string, FunctionInfo>>();

/** Every function defined in the tree a node belongs to, with the comment lines right above each. */
export function functionsOf(node: Node, text: string): Map<string, FunctionInfo> {
  const root = node.tree?.rootNode ?? node;
  const key = node.tree ?? node;
  const hit = functionCache.get(key);
  if (hit) return hit;
  const out = new Map<string, FunctionInfo>();
  const lines = text.split('\n');
  const visit = (n: Node, budget: { left: number }) => {
    if (budget.left-- <= 0) return;
    if (n.type === 'function_definition') {
      const name = n.childForFieldName('name')?.text;
      if (name && !out.has(name)) {
        const first = n.startPosition.row;
        const comment: string[] = [];
        for (let l = first - 1; l >= 0 && /^\s*#/.test(lines[l] ?? '') && !/^\s*#!/.test(lines[l] ?? ''); l--) comment.unshift(lines[l]!.replace(/^\s*#+\s?/, ''));
        out.set(name, { name, lines: [first + 1, n.endPosition.row + 1], comment: comment.join(' ').trim() });
      }
    }
    for (const c of n.namedChildren) if (c) visit(c, budget);
  };
  visit(root, { left: 200_000 });
  functionCache.set(key, out);
  return out;
}
