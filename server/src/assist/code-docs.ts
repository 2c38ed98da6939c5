import type { Passage } from './passages.js';

/** Source files whose doc comments are read (the languages whose public symbols are marked in their text). */
export const CODE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|rs|java|kt|h|hpp)$/i;
/** Tests, vendored and generated code: not the project's public API. */
const NOT_API = /(^|\/)(test|tests|__tests__|spec|fixtures?|vendor|third_party|node_modules|dist|build)\/|\.(test|spec)\.\w+$|\.min\.js$/i;

export function isCodeDocFile(rel: string): boolean {
  return CODE_FILE.test(rel) && !NOT_API.test(rel);
}

interface Comment {
  /** First line of the comment (0-based). */
  at: number;
  /** The comment's text, one entry per source line, markers removed. */
  text: string[];
  /** The line after it (0-based): where the declaration is. */
  next: number;
}

/** A public declaration on a line: its name, or undefined (private, internal, not a declaration). */
type Declared = (line: string, ext: string, inExported: () => boolean) => string | undefined;

const TS_DECL = /^\s*export\s+(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|class|const|let|var|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
const TS_MEMBER = /^\s+(?:(?:public|static|readonly|async|get|set|override|abstract)\s+)*([A-Za-z$][\w$]*)\s*[?!]?\s*[(<:=]/;
const JAVA_DECL = /^\s*public\s+(?:[\w<>[\],?\s]+\s)?([A-Za-z_]\w*)\s*[({=;]|^\s*public\s+(?:\w+\s+)*(?:class|interface|enum|record)\s+([A-Za-z_]\w*)/;
const C_DECL = /([A-Za-z_]\w*)\s*\(|(?:struct|enum|typedef)\s+(?:\w+\s+)*([A-Za-z_]\w*)|#define\s+([A-Za-z_]\w*)/;
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'constructor', 'private', 'protected', 'function']);

const declared: Declared = (line, ext, inExported) => {
  if (/^(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(ext)) {
    // a member counts when the class or interface it is in is exported
    const m = TS_DECL.exec(line) ?? (/^\s*(private|protected|#)/.test(line) || !inExported() ? null : TS_MEMBER.exec(line));
    return m && !m[1]!.startsWith('_') && !KEYWORDS.has(m[1]!) ? m[1] : undefined;
  }
  if (ext === 'java' || ext === 'kt') {
    const m = JAVA_DECL.exec(line) ?? /^\s*(?:(?:public|open|data|sealed|suspend|inline)\s+)*(?:fun|class|object|interface|val|var)\s+(?:<[^>]*>\s*)?(?:\w+\.)?([A-Za-z_]\w*)/.exec(line);
    return m && !/\b(private|internal|protected)\b/.test(line) ? (m[1] ?? m[2]) : undefined;
  }
  if (ext === 'h' || ext === 'hpp') {
    const m = C_DECL.exec(line);
    const name = m && !/^\s*static\b/.test(line) ? (m[1] ?? m[2] ?? m[3]) : undefined;
    return name && !/^(enum|struct|union|typedef|const|unsigned|signed)$/.test(name) ? name : undefined;
  }
  if (ext === 'rs') return /^\s*pub(?:\([^)]*\))?\s+(?:(?:async|const|unsafe|extern\s+"\w+")\s+)*(?:fn|struct|enum|trait|type|const|static|mod|union)\s+([A-Za-z_]\w*)/.exec(line)?.[1];
  if (ext === 'go') {
    const m = /^(?:func\s+(?:\([^)]*\)\s*)?|type\s+|var\s+|const\s+)([A-Z]\w*)/.exec(line);
    return m?.[1];
  }
  return undefined;
};

/** `/** … *\/` block comments, each with the lines after it. */
function blockComments(lines: string[]): Comment[] {
  const out: Comment[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\/\*\*(?!\/)/.test(lines[i]!)) continue;
    const text: string[] = [];
    let j = i;
    for (; j < lines.length; j++) {
      const end = lines[j]!.includes('*/');
      text.push(
        lines[j]!.replace(/\s*\*\/.*$/, '')
          .replace(j === i ? /^\s*\/\*\*\s?/ : /^\s*\*?\s?/, '')
          .trimEnd(),
      );
      if (end) break;
    }
    // annotations and decorators between the comment and what it documents (`@Override`, `@Injectable()`)
    let next = j + 1;
    while (next < lines.length && /^\s*@[A-Za-z]/.test(lines[next]!)) next++;
    out.push({ at: i, text, next });
    i = j;
  }
  return out;
}

/** Runs of `//` (Go) or `///` (Rust) line comments, each with the line after it. */
function lineComments(lines: string[], marker: RegExp): Comment[] {
  const out: Comment[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!marker.test(lines[i]!)) continue;
    const text: string[] = [];
    let j = i;
    for (; j < lines.length && marker.test(lines[j]!); j++) text.push(lines[j]!.replace(marker, '').trimEnd());
    // Rust attributes between the comment and the item
    let next = j;
    while (next < lines.length && /^\s*#\[/.test(lines[next]!)) next++;
    out.push({ at: i, text, next });
    i = j - 1;
  }
  return out;
}

/** Python docstrings of public functions and classes: the comment is after the declaration. */
function pythonDocs(rel: string, lines: string[]): Passage[] {
  const out: Passage[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(?:async\s+)?(?:def|class)\s+([A-Za-z]\w*)/.exec(line);
    if (!m) return;
    // the signature may span lines: the docstring is on the first line after the one ending in ':'
    let j = i;
    while (j < lines.length && !/:\s*(#.*)?$/.test(lines[j]!)) j++;
    const first = lines[j + 1];
    const q = first && /^\s*[rRuU]?("""|''')/.exec(first)?.[1];
    if (!q) return;
    const text: string[] = [];
    for (let k = j + 1; k < lines.length; k++) {
      const closes = k === j + 1 ? lines[k]!.split(q).length > 2 : lines[k]!.includes(q);
      text.push(
        lines[k]!.replace(/^\s*[rRuU]?("""|''')/, '')
          .replace(/("""|''').*$/, '')
          .trim(),
      );
      if (closes) break;
    }
    out.push(...paragraphs(rel, m[1]!, j + 1, text));
  });
  return out;
}

/** A comment's paragraphs (split at blank lines) as passages under the symbol's name. */
function paragraphs(rel: string, name: string, at: number, text: string[]): Passage[] {
  const out: Passage[] = [];
  let cur: Passage | undefined;
  text.forEach((t, k) => {
    if (!t.trim()) {
      cur = undefined;
      return;
    }
    if (!cur) {
      cur = { path: rel, heading: name, trail: name, start: at + k + 1, lines: [] };
      out.push(cur);
    }
    cur.lines.push(t.trim());
  });
  return out;
}

/**
 * The doc comments of a source file's public symbols as passages: `/** … *\/` before an exported (TS/JS), public
 * (Java/Kotlin) or declared (C header) symbol, `///` before a Rust `pub` item, `//` before a Go exported name and
 * a Python docstring of a function or class without a leading underscore. The heading is the symbol's name and
 * the lines are the comment's own, so a citation opens the comment. Comments marked @internal or @private are not
 * the public API and are left out.
 */
export function codeDocPassages(rel: string, text: string): Passage[] {
  const ext = /\.(\w+)$/.exec(rel)?.[1]?.toLowerCase() ?? '';
  const lines = text.split('\n');
  if (ext === 'py') return pythonDocs(rel, lines);
  const comments = ext === 'go' ? lineComments(lines, /^\s*\/\/ ?(?!\/)/) : ext === 'rs' ? lineComments(lines, /^\s*\/\/\/ ?/) : blockComments(lines);
  const out: Passage[] = [];
  for (const c of comments) {
    const decl = lines[c.next];
    // the nearest line above at the left margin that opens a declaration: `export class …` or not
    const inExported = () => {
      for (let k = c.at - 1; k >= 0; k--) if (/^[A-Za-z]/.test(lines[k]!)) return /^export\b/.test(lines[k]!);
      return false;
    };
    const name = decl === undefined ? undefined : declared(decl, ext, inExported);
    if (!name || c.text.some((t) => /@(internal|private|hidden|ignore)\b/.test(t))) continue;
    out.push(...paragraphs(rel, name, c.at, c.text));
  }
  return out;
}
