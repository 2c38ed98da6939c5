// Splitting docs into what is searched (passages: paragraphs and code blocks under their headings) and what is
// quoted (sentences, each with the lines it is on).

/** A cited piece of an answer: its words, the file and lines they are on, and the heading above them. */
export interface Cited {
  text: string;
  path: string;
  lines: [number, number];
  heading: string;
  /** How a source outside the workspace's files is cited (`commit 1a2b3c4`, `tar(1)`); its `path` is a file kibitz wrote. */
  label?: string;
}

/** A paragraph of a docs file (or a whole code block): the unit that is searched. */
export interface Passage {
  path: string;
  heading: string;
  /** The headings above it, outermost first (`Reply › .hijack()`). */
  trail: string;
  start: number;
  lines: string[];
  label?: string;
}

/** Tags of HTML written in Markdown (lower case: `<NuxtLayout>` is a component's name, not markup). */
const HTML_TAG = /<\/?(?:a|abbr|b|br|center|code|details|div|em|h[1-6]|hr|i|img|kbd|li|ol|p|picture|pre|small|source|span|strong|sub|summary|sup|table|tbody|td|th|thead|tr|u|ul)\b[^>]*>/g;
/** Paragraphs and code blocks of a Markdown/rst/text file, each with its heading and first line (1-based). */
export function passagesOf(rel: string, text: string): Passage[] {
  const out: Passage[] = [];
  let heading = '';
  const stack: string[] = [];
  let cur: Passage | undefined;
  let fence = false;
  let html: { level: number; text: string } | undefined;
  const setHeading = (level: number, text: string) => {
    heading = text;
    stack.length = level - 1;
    stack[level - 1] = heading;
  };
  const flush = () => {
    if (cur && cur.lines.some((l) => l.trim())) out.push(cur);
    cur = undefined;
  };
  // YAML front matter (`---` … `---` at the top) is metadata, not prose; but its title is the page's heading
  // (until a `# heading` says otherwise) and its description a summary of the page
  const front = frontMatter(text);
  if (front.title) heading = stack[0] = front.title;
  if (front.description) out.push({ path: rel, heading, trail: heading, start: front.description.line, lines: [front.description.text] });
  const all = text.split('\n');
  const marks: string[] = [];
  let skip = front.lines;
  all.forEach((line, i) => {
    if (i < skip) return;
    const isFence = /^\s*(```|~~~)/.test(line);
    const under = fence ? undefined : underlined(all, i, /\.rst$/i.test(rel));
    if (under) {
      // rst levels go by the order the marks are first used; Markdown's setext `===` is 1, `---` 2
      flush();
      if (!marks.includes(under.mark)) marks.push(under.mark);
      setHeading(under.level ?? marks.indexOf(under.mark) + 1, under.text);
      skip = i + under.span;
      return;
    }
    const open = fence ? null : /^\s*<h([2-6])\b[^>]*>/i.exec(line);
    if (open || html) {
      // an HTML heading (`<h3 name="x">` … `</h3>`, over one line or several); an HTML <h1> is the page's banner
      // (`<h1 align="center">Project</h1>` atop every page), not its title
      if (open) flush();
      html ??= { level: Number(open![1]), text: '' };
      html.text += ` ${line.replace(/<\/?[a-z][^>]*>/gi, ' ')}`;
      if (/<\/h[1-6]>/i.test(line)) {
        setHeading(html.level, html.text.replace(/\s+/g, ' ').trim());
        html = undefined;
      }
      return;
    }
    // `## Title` (Markdown), `== Title` (AsciiDoc)
    const atx = fence ? null : (/^(#{1,6})\s+(\S.*)$/.exec(line) ?? (/\.adoc$/i.test(rel) ? /^(={1,6})\s+(\S.*)$/.exec(line) : null));
    if (atx) {
      flush();
      setHeading(atx[1]!.length, atx[2]!.trim());
      return;
    }
    if (isFence && !fence) flush();
    if (!fence && !isFence && !line.trim()) return flush();
    cur ??= { path: rel, heading, trail: stack.filter(Boolean).join(' › '), start: i + 1, lines: [] };
    cur.lines.push(line);
    if (isFence) {
      fence = !fence;
      if (!fence) flush();
    }
  });
  flush();
  return out;
}

/** YAML front matter: how many lines it takes, and its title and description (with its line, 1-based). */
function frontMatter(text: string): { lines: number; title: string; description?: { text: string; line: number } } {
  const front = /^---\r?\n[\s\S]*?\n---\r?\n/.exec(text)?.[0] ?? '';
  const lines = front ? front.split('\n') : [];
  const meta = (key: string) => {
    const at = lines.findIndex((l) => new RegExp(`^${key}:\\s*\\S`).test(l));
    const value =
      at < 0
        ? ''
        : lines[at]!.replace(new RegExp(`^${key}:\\s*`), '')
            .replace(/^(["'])(.*)\1\s*$/, '$2')
            .trim();
    return { at, value };
  };
  const description = meta('description');
  return { lines: Math.max(0, lines.length - 1), title: meta('title').value, ...(description.value ? { description: { text: description.value, line: description.at + 1 } } : {}) };
}

const UNDERLINE = /^([=\-~^"'`#*+:._])\1{2,}\s*$/;

/**
 * A heading written with a line of marks under it (rst; Markdown's setext `Title` / `=====`), or over and under it
 * (rst): its text, its mark, the lines it takes, and its level when the format fixes it (Markdown).
 */
function underlined(lines: string[], i: number, rst: boolean): { text: string; mark: string; span: number; level?: number } | undefined {
  const line = lines[i]!;
  const next = lines[i + 1] ?? '';
  if (rst && UNDERLINE.test(line) && next.trim() && !UNDERLINE.test(next) && lines[i + 2]?.trim() === line.trim()) return { text: next.trim(), mark: `over ${line.trim()[0]}`, span: 3 };
  if (!line.trim() || UNDERLINE.test(line) || /^\s/.test(line) || !UNDERLINE.test(next)) return undefined;
  const mark = next.trim()[0]!;
  if (rst) return next.trim().length >= Math.min(line.trim().length, 3) ? { text: line.trim(), mark, span: 2 } : undefined;
  return mark === '=' || mark === '-' ? { text: line.trim(), mark, span: 2, level: mark === '=' ? 1 : 2 } : undefined;
}

/** Sentences of a passage with the line each ends on; a code block is one piece. */
export function sentencesOf(p: Passage): Cited[] {
  const at = { path: p.path, heading: p.heading, ...(p.label ? { label: p.label } : {}) };
  if (/^\s*(```|~~~)/.test(p.lines[0] ?? '')) return [{ text: p.lines.join('\n'), ...at, lines: [p.start, p.start + p.lines.length - 1] }];
  const out: Cited[] = [];
  let text = '';
  let from = p.start;
  p.lines.forEach((line, i) => {
    // list items start a new piece
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line) && text.trim()) {
      out.push({ text: text.trim(), ...at, lines: [from, p.start + i - 1] });
      text = '';
    }
    if (!text) from = p.start + i;
    for (const part of line.split(/(?<![ (](?:e\.g|i\.e|etc|vs|cf))(?<=[.!?])\s+(?=[A-Z`(])/)) {
      text += (text ? ' ' : '') + part.trim();
      if (/[.!?]$/.test(part.trim()) && !/(?:^|[ (])(?:e\.g|i\.e|etc|vs|cf)\.$/i.test(part.trim())) {
        out.push({ text: text.trim(), ...at, lines: [from, p.start + i] });
        text = '';
        from = p.start + i;
      }
    }
  });
  if (text.trim()) out.push({ text: text.trim(), ...at, lines: [from, p.start + p.lines.length - 1] });
  // HTML tags alone (`<a id="x"></a>`, `<br>`) and Markdown component markers (`::tip`, `:read-more{to="…"}`) are
  // searched (an anchor names its section) but say nothing
  // (inline HTML tags are left out of a sentence's words: `<sup>1</sup>` reads as 1)
  return out
    .map((s) => ({
      ...s,
      text: s.text
        .replace(HTML_TAG, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim(),
    }))
    .filter((s) => s.text.replace(/^\s*:{1,3}[\w-]*(\{[^}]*\}|\[[^\]]*\])*\s*$/gm, '').trim());
}
