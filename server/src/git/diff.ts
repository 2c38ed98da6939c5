/** One file of a unified diff (`git diff -M`). */
export interface DiffFile {
  path: string;
  oldPath?: string;
  status: 'added' | 'deleted' | 'modified' | 'renamed';
  binary: boolean;
  added: number;
  removed: number;
  hunks: Hunk[];
}

export interface Hunk {
  /** The text after the second @@ (often the enclosing function). */
  context: string;
  lines: string[];
}

/** Parse `git diff` output (with or without a/ b/ prefixes). */
export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let cur: DiffFile | undefined;
  let hunk: Hunk | undefined;
  for (const line of text.split('\n')) {
    const head = /^diff --git a\/(.+?) b\/(.+)$/.exec(line);
    if (head) {
      cur = { path: head[2]!, status: 'modified', binary: false, added: 0, removed: 0, hunks: [] };
      if (head[1] !== head[2]) cur.oldPath = head[1];
      files.push(cur);
      hunk = undefined;
      continue;
    }
    if (!cur) continue;
    if (!hunk) {
      if (line.startsWith('new file mode')) cur.status = 'added';
      else if (line.startsWith('deleted file mode')) cur.status = 'deleted';
      else if (line.startsWith('rename from ')) {
        cur.oldPath = line.slice(12);
        cur.status = 'renamed';
      } else if (line.startsWith('rename to ')) cur.path = line.slice(10);
      else if (line.startsWith('Binary files ') || line === 'GIT binary patch') cur.binary = true;
    }
    const h = /^@@ [^@]+ @@ ?(.*)$/.exec(line);
    if (h) {
      hunk = { context: h[1]!.trim(), lines: [] };
      cur.hunks.push(hunk);
      continue;
    }
    if (!hunk) continue;
    if (line.startsWith('+') && !line.startsWith('+++')) {
      cur.added++;
      hunk.lines.push(line);
    } else if (line.startsWith('-') && !line.startsWith('---')) {
      cur.removed++;
      hunk.lines.push(line);
    } else if (line.startsWith(' ') || line.startsWith('\\')) hunk.lines.push(line);
  }
  for (const f of files) if (f.status === 'modified' && f.oldPath && f.oldPath !== f.path) f.status = 'renamed';
  return files;
}

/** Render files back to diff text (for the model), hunks in full. */
export function renderFile(f: DiffFile): string {
  const head =
    f.status === 'renamed'
      ? `diff --git a/${f.oldPath} b/${f.path}\nrename from ${f.oldPath}\nrename to ${f.path}`
      : `diff --git a/${f.path} b/${f.path}${f.status === 'added' ? '\nnew file' : f.status === 'deleted' ? '\ndeleted file' : ''}`;
  return [head, ...f.hunks.flatMap((h) => [`@@ ${h.context}`, ...h.lines])].join('\n');
}

/** Changes that only touch whitespace (re-indent, trailing spaces). */
export function whitespaceOnly(f: DiffFile): boolean {
  if (!f.hunks.length) return false;
  const norm = (ls: string[]) =>
    ls
      .map((l) => l.slice(1).replace(/\s+/g, ''))
      .filter(Boolean)
      .join('\n');
  const all = f.hunks.flatMap((h) => h.lines);
  return norm(all.filter((l) => l.startsWith('+'))) === norm(all.filter((l) => l.startsWith('-')));
}

/** Names a change adds or removes: exported/defined functions, classes, consts, and hunk headers it touches. */
export function touchedSymbols(f: DiffFile): { added: string[]; removed: string[]; touched: string[] } {
  const def = /^[+-]\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|class|interface|type|const|let|def|fn|func|pub fn|struct|enum)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)/;
  const shellFn = /^[+-]\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{?/;
  const added: string[] = [];
  const removed: string[] = [];
  for (const l of f.hunks.flatMap((h) => h.lines)) {
    const m = def.exec(l) ?? (/\.(sh|bash)$/.test(f.path) ? shellFn.exec(l) : null);
    if (!m) continue;
    (l.startsWith('+') ? added : removed).push(m[1]!);
  }
  const touched = f.hunks.map((h) => /([A-Za-z_$][\w$]*)\s*\(/.exec(h.context)?.[1] ?? /(?:class|def|fn|func|function)\s+([A-Za-z_$][\w$]*)/.exec(h.context)?.[1] ?? '').filter(Boolean);
  const uniq = (xs: string[]) => [...new Set(xs)];
  const a = uniq(added);
  const r = uniq(removed);
  return { added: a.filter((x) => !r.includes(x)), removed: r.filter((x) => !a.includes(x)), touched: uniq([...touched, ...a.filter((x) => r.includes(x))]) };
}
