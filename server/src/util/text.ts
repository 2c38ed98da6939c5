/**
 * Offset of the start of the line holding `offset`. (`lastIndexOf('\n', -1)` looks at index 0, so the naive
 * `text.lastIndexOf('\n', offset - 1) + 1` is wrong at offset 0 when the text starts with a newline.)
 */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** `s` on one line (runs of whitespace made one space), cut to `max` characters with an ellipsis. */
export function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/**
 * The first sentence of `s` on one line, at most `max` characters: cut at a word boundary with an ellipsis, never
 * mid-word. A sentence ends at `.`, `!` or `?` followed by a space and a capital, or at a blank line.
 */
export function firstSentence(s: string, max = 200): string {
  const one = s
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ')
    .trim();
  const end = /[.!?](?=\s+[A-Z(`"'])/.exec(one);
  const sentence = end ? one.slice(0, end.index + 1) : one;
  return clipWords(sentence, max);
}

/** `s` on one line, cut at the last word boundary before `max` with an ellipsis when too long. */
export function clipWords(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const cut = one.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:(-]+$/, '') + '…';
}

/**
 * What a man page's NAME line says its command does: the text after the first ` - ` (`dbus-send - Send a
 * message to a message bus` → `Send a message to a message bus`; a dash inside a name is not the separator), or
 * the whole line when it has none.
 */
export function whatItDoes(nameLine: string): string {
  const at = /\s-\s/.exec(nameLine);
  return at ? nameLine.slice(at.index + at[0].length).trim() : nameLine.trim();
}
