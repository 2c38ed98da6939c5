import type { Node } from '../parse.js';

/** A shell word as written, with its static value when it has no expansions. */
export interface Word {
  start: number;
  end: number;
  raw: string;
  /** The value after quote removal, or undefined when it depends on expansions. */
  value: string | undefined;
  node: Node | undefined;
  /** When the value depends on expansions: the static text before the first one, written without quotes (`-j` in `-j"$(nproc)"`). */
  prefix?: string;
}

/** A word with nothing to remove or expand: its value is its text (most words; no tree walk needed). */
const PLAIN = /^[\w@%+=:,./-]+$/;

export function wordFromNode(node: Node): Word {
  const raw = node.text;
  const value = PLAIN.test(raw) && (node.type === 'word' || node.type === 'number') ? raw : staticValue(node);
  const prefix = value === undefined && raw.startsWith('-') ? staticPrefix(node) : undefined;
  return { start: node.startIndex, end: node.endIndex, raw, value, node, ...(prefix ? { prefix } : {}) };
}

/** The leading plain-word children of a concatenation (`--prefix=` in `--prefix="$HOME/.local"`). */
function staticPrefix(node: Node): string | undefined {
  if (node.type !== 'concatenation') return undefined;
  let out = '';
  for (const c of node.children) {
    if (!c || c.type !== 'word' || c.text.includes('\\')) break;
    out += c.text;
  }
  return out && node.text.startsWith(out) ? out : undefined;
}

/** Quote removal for words without expansions: `\rm` -> rm, `r''m` -> rm, "a b" -> a b. */
export function staticValue(node: Node): string | undefined {
  switch (node.type) {
    case 'word':
    case 'command_name':
    case 'number':
    case 'concatenation': {
      if (node.type !== 'word' && node.type !== 'number') {
        let out = '';
        for (const c of node.namedChildren) {
          if (!c) continue;
          const v = staticValue(c);
          if (v === undefined) return undefined;
          out += v;
        }
        // concatenations may have anonymous pieces (e.g. glob characters) between named children
        if (node.type === 'concatenation' && node.namedChildren.length === 0) return node.text;
        if (node.type === 'command_name' && node.namedChildren.length === 0) return unescape(node.text);
        return out;
      }
      return unescape(node.text);
    }
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      for (const c of node.namedChildren) if (c && c.type !== 'string_content') return undefined;
      return node.text.slice(1, -1).replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'ansi_c_string':
      return node.text.slice(2, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1');
    default:
      return undefined;
  }
}

function unescape(s: string): string {
  return s.replace(/\\\n/g, '').replace(/\\(.)/g, '$1');
}

/** The inner text of a quoted string argument and where it starts, for `bash -c '...'`. */
export function innerScript(w: Word): { text: string; offset: number } | undefined {
  if (!w.node || w.value === undefined) return undefined;
  if (w.node.type === 'raw_string') return { text: w.value, offset: w.start + 1 };
  if (w.node.type === 'string' && !w.raw.includes('\\')) return { text: w.value, offset: w.start + 1 };
  if (w.node.type === 'word' && !w.raw.includes('\\')) return { text: w.value, offset: w.start };
  return undefined;
}
