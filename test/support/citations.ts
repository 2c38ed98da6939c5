import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Every word of a cited sentence is on the cited lines of the file its citation opens (relative to `root`). */
export function onCitedLines(root: string, s: { text: string; path: string; lines: [number, number] }): boolean {
  const lines = readFileSync(path.join(root, s.path), 'utf8')
    .split('\n')
    .slice(s.lines[0] - 1, s.lines[1])
    .join(' ');
  return s.text.split(/\s+/).every((w) => lines.includes(w));
}
