import type { DiffFile } from './diff.js';
import { CONVENTIONAL, TICKET_SLOT } from './style.js';

/** One way to go on from what the user typed on the subject line. */
export interface Continuation {
  /** Text to insert. */
  text: string;
  /** Characters before the cursor it replaces (the partly typed word), 0 to only insert. */
  replace: number;
  /** What the line reads after it. */
  line: string;
  kind: 'word' | 'draft';
}

/** Words worth completing a subject with: names in the change (identifiers, file names) and in the drafts. */
export function vocabulary(files: DiffFile[], drafts: string[]): string[] {
  const words = new Map<string, number>();
  const add = (w: string, weight: number) => {
    if (w.length < 3 || /^\d+$/.test(w)) return;
    words.set(w, (words.get(w) ?? 0) + weight);
  };
  for (const d of drafts) for (const w of d.split(/[^\w.$@/-]+/)) add(w.replace(/[.]+$/, ''), 5);
  for (const f of files) {
    for (const part of f.path.split('/')) add(part.replace(/\.[^.]+$/, ''), 3);
    for (const l of f.hunks.flatMap((h) => h.lines.filter((x) => x.startsWith('+') || x.startsWith('-'))).slice(0, 2000)) {
      for (const m of l.slice(1).matchAll(/[A-Za-z_$][\w$]{2,40}/g)) add(m[0], 1);
    }
  }
  return [...words].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

/**
 * Ways to continue a partly typed subject without replacing it: the rest of a draft that starts the same way
 * (keeping the user's type and scope), and completions of the word being typed.
 */
export function continuations(typed: string, drafts: string[], words: string[]): Continuation[] {
  const out: Continuation[] = [];
  const own = CONVENTIONAL.exec(typed);
  const typedBare = (own ? own[4]! : typed.replace(/^\w+(\([^)]*\))?!?:\s?/, '')).toLowerCase();
  // the ticket the user typed fills a draft's ticket slot (`ZOOKEEPER-5064: Up` goes on with `ZOOKEEPER-XXXX: Upgrade …`)
  const ticket = /^\[?([A-Z][A-Z0-9]+)-(\d+)/.exec(typed);
  for (const draft of drafts) {
    const d = ticket ? draft.replace(`${ticket[1]}-${TICKET_SLOT}`, `${ticket[1]}-${ticket[2]}`) : draft;
    const m = CONVENTIONAL.exec(d);
    const bare = m ? m[4]! : d;
    // the draft goes on from exactly what was typed (its own type and scope are not forced on the user)
    if (typedBare && bare.toLowerCase().startsWith(typedBare) && bare.length > typedBare.length) {
      const rest = bare.slice(typedBare.length);
      if (!out.some((o) => o.text === rest)) out.push({ text: rest, replace: 0, line: typed + rest, kind: 'draft' });
    }
  }
  const partial = /([\w$.-]+)$/.exec(typed)?.[1] ?? '';
  if (partial.length >= 2) {
    for (const w of words) {
      if (w.length > partial.length && w.toLowerCase().startsWith(partial.toLowerCase()) && out.length < 20) {
        out.push({ text: w, replace: partial.length, line: typed.slice(0, typed.length - partial.length) + w, kind: 'word' });
      }
    }
  }
  return out;
}
