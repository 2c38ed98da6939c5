import { SnippetBuilder, type HostKind, type Snippet } from './snippet.js';
import { indentOf, splitLines, type Line } from './lines.js';

export function ciYamlHost(languageId: string, path: string, text: string): HostKind | undefined {
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(^|\/)action\.ya?ml$/.test(path)) return 'github-actions';
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(path) || /(^|\/)\.gitlab\/ci\/.*\.ya?ml$/.test(path)) return 'gitlab-ci';
  if (languageId === 'yaml' || languageId === 'github-actions-workflow' || /\.ya?ml$/.test(path)) {
    if (/^\s*(runs-on|steps)\s*:/m.test(text)) return 'github-actions';
    if (/^\s*(script|before_script|after_script)\s*:/m.test(text)) return 'gitlab-ci';
  }
  return undefined;
}

const KEY = /^(\s*)(?:-\s+)?(run|script|before_script|after_script)\s*:(?:\s+|$)/;
const GHA_EXPR = /\$\{\{[\s\S]*?\}\}/g;

/** Shell in `run:` (GitHub Actions) and `script:`/`before_script:`/`after_script:` (GitLab CI). */
export function ciYamlSnippets(text: string, host: HostKind): Snippet[] {
  const lines = splitLines(text);
  const out: Snippet[] = [];
  const keys = host === 'github-actions' ? new Set(['run']) : new Set(['script', 'before_script', 'after_script']);
  const fallbackShell = host === 'github-actions' ? /^\s*defaults\s*:\s*\n\s*run\s*:\s*\n(?:\s*[\w-]+\s*:.*\n)*?\s*shell\s*:\s*([\w-]+)/m.exec(text)?.[1] : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = KEY.exec(line.text);
    if (!m || !keys.has(m[2]!)) continue;
    const keyIndent = line.text.indexOf(m[2]!);
    // a step run by PowerShell, Python or cmd (`shell: pwsh`, or the workflow's `defaults: run: shell:`) is not shell
    const shell = host === 'github-actions' ? (stepShell(lines, i, keyIndent) ?? fallbackShell) : undefined;
    const foreign = isPosixShell(shell) ? undefined : shell;
    const mark = (s: Snippet | undefined) => (s && foreign ? { ...s, foreign } : s);
    const rest = stripComment(line.text.slice(m[0].length));
    if (rest.trim()) {
      const r = scalar(lines, i, m[0].length, keyIndent, host);
      const sn = mark(r.snippet);
      if (sn) out.push(sn);
      i = r.last;
      continue;
    }
    // A sequence of items below the key (GitLab), each item its own command.
    let j = i + 1;
    while (j < lines.length) {
      const l = lines[j]!;
      if (!l.text.trim() || /^\s*#/.test(l.text)) {
        j++;
        continue;
      }
      const ind = indentOf(l.text);
      const item = /^(\s*)-(\s+|$)/.exec(l.text);
      if (!item || ind < keyIndent || (ind === keyIndent && !item)) break;
      const r = scalar(lines, j, item[0].length, ind, host);
      const sn = mark(r.snippet);
      if (sn) out.push(sn);
      j = r.last + 1;
    }
    i = j - 1;
  }
  return out;
}

/** The `shell:` key of the step a `run:` key belongs to: its siblings at the same indent. */
function stepShell(lines: Line[], i: number, keyIndent: number): string | undefined {
  const shellOf = (t: string) => /^\s*(?:-\s+)?shell\s*:\s*([\w-]+)/.exec(t)?.[1];
  const startsStep = (t: string) => {
    const item = /^\s*-\s+/.exec(t);
    return !!item && item[0].length === keyIndent;
  };
  // up to the step's first line (`- name: x`), unless the run: line is it; then down to the next step
  if (!startsStep(lines[i]!.text)) {
    for (let j = i - 1; j >= 0; j--) {
      const t = lines[j]!.text;
      if (!t.trim() || /^\s*#/.test(t)) continue;
      if (indentOf(t) < keyIndent && !startsStep(t)) break;
      if (indentOf(t) === keyIndent || startsStep(t)) {
        const sh = shellOf(t);
        if (sh) return sh;
      }
      if (startsStep(t)) break;
    }
  }
  for (let j = i + 1; j < lines.length; j++) {
    const t = lines[j]!.text;
    if (!t.trim() || /^\s*#/.test(t)) continue;
    if (indentOf(t) < keyIndent || startsStep(t)) break;
    if (indentOf(t) === keyIndent && shellOf(t)) return shellOf(t);
  }
  return undefined;
}

function isPosixShell(shell: string | undefined): boolean {
  return !shell || /^(bash|sh|zsh|dash|ksh)$/.test(shell) || shell.startsWith('bash ') || /\{0\}/.test(shell);
}

function stripComment(s: string): string {
  const m = /(^|\s)#/.exec(s);
  return m ? s.slice(0, m.index) : s;
}

/** A YAML scalar starting at lines[i] column col; parentIndent is the indent of its key or item. */
function scalar(lines: Line[], i: number, col: number, parentIndent: number, host: HostKind): { snippet?: Snippet; last: number } {
  const line = lines[i]!;
  const value = line.text.slice(col);
  const b = new SnippetBuilder(host);
  const add = (doc: number, t: string) => addText(b, doc, t, host);
  const block = /^([|>])([+-]?\d?|\d?[+-]?)\s*(#.*)?$/.exec(value);
  if (block) {
    const folded = block[1] === '>';
    let j = i + 1;
    let contentIndent = -1;
    let last = i;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (!l.text.trim()) {
        if (contentIndent >= 0) b.virtual('\n');
        continue;
      }
      const ind = indentOf(l.text);
      if (ind <= parentIndent) break;
      if (contentIndent < 0) contentIndent = ind;
      if (ind < contentIndent) break;
      add(l.start + contentIndent, l.text.slice(contentIndent));
      b.virtual(folded && ind === contentIndent ? ' ' : '\n');
      last = j;
    }
    return { snippet: b.build(), last };
  }
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    // Single-line quoted scalars (the common case for commands).
    const start = line.start + col + 1;
    const body = value.slice(1);
    let k = 0;
    while (k < body.length) {
      const ch = body[k]!;
      if (quote === "'" && ch === "'" && body[k + 1] === "'") {
        b.mapped(start + k, "'");
        k += 2;
        continue;
      }
      if (ch === quote) break;
      if (quote === '"' && ch === '\\' && k + 1 < body.length) {
        const e = body[k + 1]!;
        b.virtual(({ n: '\n', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[e] ?? e);
        k += 2;
        continue;
      }
      let e = k;
      while (e < body.length && body[e] !== quote && !(quote === '"' && body[e] === '\\')) e++;
      add(start + k, body.slice(k, e));
      k = e;
    }
    return { snippet: b.build(), last: i };
  }
  // Plain scalar, possibly continued on more-indented lines.
  add(line.start + col, stripComment(value).trimEnd());
  let last = i;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (!l.text.trim() || indentOf(l.text) <= parentIndent || /^\s*(-\s|[\w-]+\s*:(\s|$))/.test(l.text)) break;
    const ind = indentOf(l.text);
    b.virtual(' ');
    add(l.start + ind, stripComment(l.text.slice(ind)).trimEnd());
    last = j;
  }
  return { snippet: b.build(), last };
}

function addText(b: SnippetBuilder, doc: number, text: string, host: HostKind): void {
  if (host !== 'github-actions') {
    b.mapped(doc, text);
    return;
  }
  let last = 0;
  for (const m of text.matchAll(GHA_EXPR)) {
    b.mapped(doc + last, text.slice(last, m.index));
    b.opaqueWord(doc + m.index, m[0], 'GitHub Actions expression, substituted before the shell runs');
    last = m.index + m[0].length;
  }
  b.mapped(doc + last, text.slice(last));
}
