import { readFileSync } from 'node:fs';
import type { Item } from '../store.js';

/** Accepted or corrected proposals, one JSON object per line: {id, kind, input, output, accepted}. */
export function feedbackItems(file: string): Item[] {
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
