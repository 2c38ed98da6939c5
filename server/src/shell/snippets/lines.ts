export interface Line {
  /** Offset of the first character of the line in the document. */
  start: number;
  /** Line text without its line ending. */
  text: string;
  /** Length of the line ending (0, 1 or 2). */
  eol: number;
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      out.push({ start, text: text.slice(start), eol: 0 });
      break;
    }
    const cr = nl > start && text[nl - 1] === '\r' ? 1 : 0;
    out.push({ start, text: text.slice(start, nl - cr), eol: 1 + cr });
    start = nl + 1;
  }
  return out;
}

export function indentOf(s: string): number {
  const m = /^[ \t]*/.exec(s);
  return m ? m[0].length : 0;
}
