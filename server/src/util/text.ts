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
