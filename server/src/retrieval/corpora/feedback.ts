import { readFileSync } from 'node:fs';
import path from 'node:path';
import { teamExamplesPath } from '../../util/paths.js';
import type { Item } from '../store.js';

/** The examples files: this developer's, and the team's pulled beside it. */
export function feedbackFiles(file: string): string[] {
  return [file, teamExamplesPath(path.dirname(file))];
}

/**
 * Accepted or corrected proposals, one JSON object per line: {id, kind, input, output, accepted}, from this
 * developer's examples file and the team's beside it.
 */
export function feedbackItems(file: string): Item[] {
  return feedbackFiles(file).flatMap(readItems);
}

function readItems(file: string): Item[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: Item[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as { id?: string; kind?: string; input?: string; output?: string; accepted?: boolean };
      if (!e.id || !e.input || !e.output || e.accepted === false) continue;
      out.push({ id: `feedback:${e.id}`, text: `${e.input}\n→ ${e.output}`, meta: { kind: 'feedback', action: e.kind ?? '' } });
    } catch {
      // a torn last line from a crash: skip it
    }
  }
  return out;
}
