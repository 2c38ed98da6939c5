import type { ChangeFacts } from './deterministic.js';
import { bareSubject } from './learn.js';
import { CONVENTIONAL, type CommitStyle } from './style.js';

export interface Neighbour {
  subject: string;
  files: string[];
  score: number;
}

const base = (p: string) =>
  p
    .split('/')
    .pop()!
    .replace(/\.[^.]+$/, '');

/**
 * A draft from the nearest past commits: their type and scope when they agree, and the best one's subject
 * adapted to this change (its file names swapped for ours; otherwise its verb with our object).
 */
export function adaptNeighbours(facts: ChangeFacts, neighbours: Neighbour[], paths: string[], style: CommitStyle): ChangeFacts | undefined {
  const best = neighbours[0];
  if (!best) return undefined;
  const votes = new Map<string, number>();
  const scopes = new Map<string, number>();
  for (const n of neighbours) {
    const m = CONVENTIONAL.exec(n.subject);
    if (!m) continue;
    votes.set(m[1]!, (votes.get(m[1]!) ?? 0) + n.score);
    if (m[2]) scopes.set(m[2], (scopes.get(m[2]) ?? 0) + n.score);
  }
  const total = [...votes.values()].reduce((a, b) => a + b, 0);
  const [topType, topWeight] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const type = topType && topWeight > total / 2 && style.types.includes(topType) ? topType : facts.type;
  // a neighbour's scope only when it changed the same part of the tree
  const area = (p: string) => p.split('/').slice(0, 2).join('/');
  const ourAreas = new Set(paths.map(area));
  const sameArea = best.files.some((f) => ourAreas.has(area(f)));
  const scope = facts.scope ?? (sameArea ? [...scopes].sort((a, b) => b[1] - a[1])[0]?.[0] : undefined);
  // the neighbour's words, never its ticket key or pull request number
  let text = bareSubject(best.subject).replace(/[.]+$/, '');
  const ours = paths.map(base);
  let swapped = false;
  for (const f of best.files.map(base)) {
    if (f.length < 3 || !ours[0]) continue;
    const re = new RegExp(`\\b${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
    if (re.test(text)) {
      text = text.replace(re, ours[0]);
      swapped = true;
    }
  }
  if (!swapped) {
    const verb = text.split(/\s+/)[0]!.toLowerCase();
    const object = facts.subject.split(/\s+/).slice(1).join(' ');
    text = object ? `${verb} ${object}` : text;
  }
  return { ...facts, type, ...(scope ? { scope } : {}), subject: text[0]!.toLowerCase() + text.slice(1) };
}
