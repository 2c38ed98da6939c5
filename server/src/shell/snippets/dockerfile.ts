import { SnippetBuilder, type Snippet } from './snippet.js';
import { splitLines, type Line } from './lines.js';

export function isDockerfile(languageId: string, path: string): boolean {
  if (languageId === 'dockerfile' || languageId === 'containerfile') return true;
  const base = path.split('/').pop() ?? '';
  // Dockerfile, Dockerfile.prod, app.Dockerfile, images__ubuntu__Dockerfile (a path flattened into a name)
  return /(?:^|[._-])(Dockerfile|Containerfile)(\.[\w.-]+)?$/i.test(base);
}

const RUN = /^(\s*)(RUN)(\s+)/i;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** Shell snippets of every RUN instruction: shell form, heredocs, and exec-form JSON arrays. */
export function dockerfileSnippets(text: string): Snippet[] {
  const lines = splitLines(text);
  const escapeChar = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 200)) ? '`' : '\\';
  const out: Snippet[] = [];
  // `SHELL ["powershell", "-Command"]` (Windows images): shell-form RUN is not a POSIX shell until the next
  // SHELL or FROM (a new stage starts with the default shell)
  let posix = true;
  let shellName = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*FROM\s/i.test(line.text)) posix = true;
    const shell = /^\s*SHELL\s+\[\s*"([^"]+)"/i.exec(line.text);
    if (shell) {
      posix = /(^|[\\/])(ba|da|z|k|a)?sh(\.exe)?$/i.test(shell[1]!);
      shellName = shell[1]!.replace(/^.*[\\/]/, '');
    }
    const m = RUN.exec(line.text);
    if (!m) continue;
    let col = m[0].length;
    // RUN flags such as --mount=type=cache,target=/root/.cache or --network=none
    const flags = /^(--[a-z-]+=\S+\s+)+/.exec(line.text.slice(col));
    if (flags) col += flags[0].length;
    // Collect the instruction's lines: continuation lines, with comment lines inside dropped.
    const body: Line[] = [{ ...line, start: line.start + col, text: line.text.slice(col) }];
    let j = i;
    while (body[body.length - 1]!.text.trimEnd().endsWith(escapeChar) && j + 1 < lines.length) {
      j++;
      const next = lines[j]!;
      if (/^\s*#/.test(next.text)) continue;
      body.push(next);
      if (!next.text.trim()) break;
    }
    const first = body[0]!.text;
    if (first.trimStart().startsWith('[')) {
      const s = execForm(body, escapeChar);
      if (s) out.push(s);
      i = j;
      continue;
    }
    const r = shellForm(lines, body, j);
    if (r.snippet) out.push(posix ? r.snippet : { ...r.snippet, foreign: shellName });
    j = r.last;
    i = j;
  }
  return out;
}

/**
 * A shell-form RUN: its lines, and the bodies of its heredocs after them (`RUN <<EOF` makes the first body the
 * script). `last`: the index of the instruction's last line.
 */
function shellForm(lines: Line[], body: Line[], last: number): { snippet: Snippet | undefined; last: number } {
  let j = last;
  const first = body[0]!.text;
  // Heredocs: collect their bodies after the instruction line(s).
  const heredocs = [
    ...body
      .map((b) => b.text)
      .join('\n')
      .matchAll(HEREDOC),
  ];
  const bodies: Line[][] = [];
  for (const h of heredocs) {
    const delim = h[3]!;
    const stripTabs = h[1] === '-';
    const hb: Line[] = [];
    while (j + 1 < lines.length) {
      j++;
      const l = lines[j]!;
      const candidate = stripTabs ? l.text.replace(/^\t+/, '') : l.text;
      if (candidate === delim) break;
      hb.push(l);
    }
    bodies.push(hb);
  }
  if (heredocs.length && /^\s*<<-?["']?[A-Za-z_]/.test(first) && bodies[0]) {
    // `RUN <<EOF` : the heredoc body is the script.
    const b = new SnippetBuilder('dockerfile');
    for (const l of bodies[0]) b.mapped(l.start, l.text).virtual('\n');
    return { snippet: b.build(), last: j };
  } else {
    const b = new SnippetBuilder('dockerfile');
    body.forEach((l, k) => {
      b.mapped(l.start, l.text);
      if (k < body.length - 1 || bodies.length) b.virtual('\n');
    });
    for (let k = 0; k < bodies.length; k++) {
      for (const l of bodies[k]!) b.mapped(l.start, l.text).virtual('\n');
      b.virtual(heredocs[k]![3]! + '\n');
    }
    return { snippet: b.build(), last: j };
  }
}

/** `RUN ["bash", "-c", "echo hi"]`: each JSON string becomes one single-quoted shell word. */
function execForm(body: Line[], _escape: string): Snippet | undefined {
  const b = new SnippetBuilder('dockerfile');
  let words = 0;
  for (const line of body) {
    const re = /"((?:[^"\\]|\\.)*)"/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line.text))) {
      if (words++) b.virtual(' ');
      b.virtual("'");
      appendJsonString(b, line.start + m.index + 1, m[1]!);
      b.virtual("'");
    }
  }
  return b.build();
}

/** Append a JSON string body, unescaping with an exact map. Single quotes are written as '\'' . */
export function appendJsonString(b: SnippetBuilder, docOffset: number, raw: string, quoteSingle = true): void {
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      const e = raw[i + 1]!;
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        b.virtual(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)));
        i += 6;
      } else {
        b.virtual(simple[e] ?? e);
        i += 2;
      }
      continue;
    }
    if (ch === "'" && quoteSingle) {
      b.virtual("'\\''");
      i++;
      continue;
    }
    let k = i;
    while (k < raw.length && raw[k] !== '\\' && !(quoteSingle && raw[k] === "'")) k++;
    b.mapped(docOffset + i, raw.slice(i, k));
    i = k;
  }
}
