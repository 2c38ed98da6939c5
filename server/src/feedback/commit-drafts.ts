import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../util/atomic-write.js';
import path from 'node:path';
import { normalizedEditDistance } from './distance.js';
import type { FeedbackEvent, Source } from './events.js';
import { EventLog } from './log.js';
import { repoNameOf } from './repo-name.js';

/**
 * Commit drafts offered outside the editor (`kibitz commit-msg`, the prepare-commit-msg hook) are recorded like
 * the editor's: `offered` when printed, and once the commit exists (the post-commit hook, or the next run) the
 * committed message is compared with the drafts: the closest one, when close enough, is `accepted` and `kept` or
 * `edited` with its edit distance.
 */
interface Pending {
  repo: string;
  /** HEAD when the drafts were made: a different HEAD means the commit happened. */
  head: string;
  drafts: { id: string; message: string; source: Source; kind: string }[];
  session: string;
  /** What the drafts were made from. */
  input?: string;
}

/** A committed message farther than this from every draft did not come from one. */
const SAME_DRAFT = 0.6;

function pendingFile(dir: string): string {
  return path.join(dir, 'pending-commit-drafts.json');
}

function readPending(dir: string): Pending[] {
  try {
    const v = JSON.parse(readFileSync(pendingFile(dir), 'utf8')) as Pending[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function writePending(dir: string, list: Pending[]): void {
  writeJsonAtomic(pendingFile(dir), list.slice(-50));
}

function event(type: FeedbackEvent['type'], id: string, d: Pending['drafts'][number], session: string, extra: Partial<FeedbackEvent> = {}): FeedbackEvent {
  return { v: 1, at: new Date().toISOString(), type, proposal: id, feature: 'commit', source: d.source, kind: d.kind, session, ...extra };
}

/** Record drafts just shown for `repo` at `head`; `input` says what they were drafted from. */
export function recordCommitDrafts(dir: string, repo: string, head: string, drafts: { message: string; source: Source; kind: string }[], input: string, latencyMs?: number): void {
  const log = new EventLog(dir);
  const session = `cli-${randomUUID().slice(0, 8)}`;
  const list = drafts.map((d) => ({ ...d, id: `${session}-${randomUUID().slice(0, 12)}` }));
  for (const d of list) log.append(event('offered', d.id, d, session, { output: d.message, input, repo: repoNameOf(repo), ...(latencyMs !== undefined ? { latencyMs: Math.round(latencyMs) } : {}) }));
  writePending(dir, [...readPending(dir).filter((p) => p.repo !== repo), { repo, head, drafts: list, session, input }]);
}

/**
 * The commit for `repo` exists now (HEAD is `head`, its message `message`): settle the drafts offered before it.
 * Returns the distance of the closest draft, or undefined when none was pending or none was close.
 */
export function settleCommitDrafts(dir: string, repo: string, head: string, message: string): number | undefined {
  const all = readPending(dir);
  const p = all.find((x) => x.repo === repo);
  if (!p || p.head === head) return undefined;
  writePending(
    dir,
    all.filter((x) => x !== p),
  );
  const final = message.trim();
  let best: { d: Pending['drafts'][number]; distance: number } | undefined;
  for (const d of p.drafts) {
    const distance = normalizedEditDistance(d.message.trim(), final);
    if (!best || distance < best.distance) best = { d, distance };
  }
  if (!best || best.distance > SAME_DRAFT) return undefined;
  const log = new EventLog(dir);
  const name = repoNameOf(repo);
  log.append(event('accepted', best.d.id, best.d, p.session, { repo: name }));
  // the request goes with the correction: it is what the team memory and fine-tuning data pair the message with
  log.append(
    event(best.distance === 0 ? 'kept' : 'edited', best.d.id, best.d, p.session, {
      distance: Number(best.distance.toFixed(4)),
      output: best.d.message,
      final,
      repo: name,
      ...(p.input ? { input: p.input } : {}),
    }),
  );
  return best.distance;
}
