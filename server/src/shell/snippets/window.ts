import type { Snippet } from './snippet.js';

/**
 * Large documents are analysed around the cursor only: a window of whole lines that starts and ends where a
 * top-level command starts (column 0, after a line that does not continue), so the command under the cursor is
 * complete in it.
 */
export interface Window {
  start: number;
  end: number;
}

/** A line whose command goes on to the next line. */
const CONTINUES = /(\\|\||&&|\(|\{|\bdo|\bthen|\belse|\bin|<<-?\s*['"]?\w+['"]?.*)\s*$/;

function lineStart(text: string, at: number): number {
  return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

/** Is `at` (a line start) a place where a new top-level command may begin? */
function boundary(text: string, at: number): boolean {
  if (at === 0) return true;
  const c = text[at];
  if (c === undefined || c === ' ' || c === '\t' || c === '\n') return false;
  const prev = text.slice(lineStart(text, at - 1), at - 1);
  return !CONTINUES.test(prev);
}

export function windowAround(text: string, offset: number, maxChars = 64_000): Window {
  if (text.length <= maxChars) return { start: 0, end: text.length };
  const half = Math.floor(maxChars / 2);
  const lowest = Math.max(0, offset - half);
  let start = lineStart(text, Math.min(offset, text.length));
  // walk back line by line to a boundary, no further than half a window
  for (let at = start; at >= lowest; at = lineStart(text, at - 1)) {
    if (boundary(text, at)) {
      start = at;
      break;
    }
    if (at === 0) break;
  }
  if (start < lowest) start = lineStart(text, lowest);
  const highest = Math.min(text.length, offset + half);
  let end = highest;
  for (let at = text.indexOf('\n', offset) + 1; at > 0 && at <= highest; at = text.indexOf('\n', at) + 1) {
    end = at;
    if (boundary(text, at) && at - start >= maxChars / 4) break;
  }
  return { start, end: Math.max(end, Math.min(text.length, offset + 1)) };
}

/** A snippet taken from a window, with its offsets moved to the whole document's. */
export function shiftSnippet(s: Snippet, delta: number): Snippet {
  return { ...s, segments: s.segments.map((g) => ({ ...g, doc: g.doc + delta })), docStart: s.docStart + delta, docEnd: s.docEnd + delta };
}
