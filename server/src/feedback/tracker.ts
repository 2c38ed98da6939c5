import { randomUUID } from 'node:crypto';
import { normalizedEditDistance } from './distance.js';
import type { EventType, Feature, FeedbackEvent, Source } from './events.js';

export interface Proposal {
  feature: Feature;
  source: Source;
  kind?: string;
  input?: string;
  /** The text inserted if the user applies it (the largest edit's text). */
  output?: string;
  uri?: string;
  /** Where the output is inserted (document offset before the edit). */
  at?: number;
  latencyMs?: number;
  fallback?: boolean;
}

interface Watch {
  id: string;
  p: Proposal;
  uri: string;
  start: number;
  end: number;
  timer?: NodeJS.Timeout;
}

/** A change as offsets into the text before it (incremental sync), applied in order. */
export interface OffsetChange {
  start: number;
  end: number;
  text: string;
}

/**
 * Follows proposals: `offered` when shown, `accepted` when the client runs the proposal's command, then the
 * inserted region is followed through edits until save, close or a time limit, and `kept` or `edited` (with
 * the normalised edit distance) is recorded with the final text.
 */
export class ProposalTracker {
  readonly session = randomUUID().slice(0, 8);
  private readonly proposals = new Map<string, Proposal & { offeredAt: number }>();
  private readonly watching = new Map<string, Watch[]>();

  constructor(
    private readonly emit: (e: FeedbackEvent) => void,
    private readonly opts: { watchMs: number; repoOf?: (uri: string | undefined) => string | undefined } = { watchMs: 10 * 60_000 },
    /** The current text of a document, for a region whose time limit passed. */
    private readonly latest?: (uri: string) => string | undefined,
  ) {}

  private event(type: EventType, id: string, p: Proposal, extra: Partial<FeedbackEvent> = {}): void {
    this.emit({
      v: 1,
      at: new Date().toISOString(),
      type,
      proposal: id,
      feature: p.feature,
      source: p.source,
      session: this.session,
      ...(p.kind ? { kind: p.kind } : {}),
      ...this.repo(p),
      ...extra,
    });
  }

  private repo(p: Proposal): { repo?: string } {
    const repo = p.uri ? this.opts.repoOf?.(p.uri) : undefined;
    return repo ? { repo } : {};
  }

  /** A hover was shown: a view, with its latency. */
  view(p: Proposal): void {
    this.event('viewed', `${this.session}-v`, p, p.latencyMs !== undefined ? { latencyMs: Math.round(p.latencyMs) } : {});
  }

  /** A model call failed: counted by kind. */
  error(p: Proposal, kind: string, message: string): void {
    this.event('error', `${this.session}-e`, p, { error: kind, input: message });
  }

  offer(p: Proposal): string {
    const id = `${this.session}-${randomUUID().slice(0, 12)}`;
    this.proposals.set(id, { ...p, offeredAt: Date.now() });
    this.event('offered', id, p, {
      ...(p.latencyMs !== undefined ? { latencyMs: Math.round(p.latencyMs) } : {}),
      ...(p.fallback ? { fallback: true } : {}),
      ...(p.input ? { input: p.input } : {}),
      ...(p.output ? { output: p.output } : {}),
    });
    this.prune();
    return id;
  }

  /** The same proposal shown again (a lightbulb asked for on every cursor move) keeps its id and one `offered`. */
  offerOnce(key: string, p: Proposal): string {
    const known = this.keys.get(key);
    if (known && this.proposals.has(known)) return known;
    const id = this.offer(p);
    this.keys.set(key, id);
    if (this.keys.size > 5000) this.keys.delete(this.keys.keys().next().value!);
    return id;
  }

  private readonly keys = new Map<string, string>();

  /** A resolved proposal now knows its text (code actions computed in resolve). */
  update(id: string, p: Partial<Proposal>): void {
    const cur = this.proposals.get(id);
    if (cur) this.proposals.set(id, { ...cur, ...p });
  }

  has(id: string): boolean {
    return this.proposals.has(id);
  }

  /** The user said the proposal did not help (a docs answer marked "not helpful"). */
  reject(id: string): boolean {
    const p = this.proposals.get(id);
    if (p) this.event('rejected', id, p);
    return !!p;
  }

  /** The user opened a citation of the proposal (a docs answer's source). */
  follow(id: string, citation: string): boolean {
    const p = this.proposals.get(id);
    if (p) this.event('followed', id, p, { input: citation });
    return !!p;
  }

  /** The user applied it. `text` is the document after the edit; the inserted region is found and followed. */
  accept(id: string, uri: string | undefined, text: string | undefined): boolean {
    const p = this.proposals.get(id);
    if (!p) return false;
    this.event('accepted', id, p);
    const docUri = uri ?? p.uri;
    if (!docUri || text === undefined || !p.output) return true;
    const at = locate(text, p.output, p.at ?? 0);
    if (at < 0) return true;
    const w: Watch = { id, p, uri: docUri, start: at, end: at + p.output.length };
    // after the time limit the text at that moment counts (the document's latest text is asked for then)
    w.timer = setTimeout(() => this.finish(w, this.latest?.(docUri)?.slice(w.start, w.end) ?? p.output!), this.opts.watchMs);
    w.timer.unref?.();
    this.watching.set(docUri, [...(this.watching.get(docUri) ?? []), w]);
    return true;
  }

  /** Keep followed regions in place through edits; an edit inside (or touching) a region grows it. */
  change(uri: string, changes: OffsetChange[]): void {
    const ws = this.watching.get(uri);
    if (!ws) return;
    for (const c of changes) {
      const delta = c.text.length - (c.end - c.start);
      for (const w of ws) {
        if (c.end < w.start) {
          w.start += delta;
          w.end += delta;
        } else if (c.start > w.end) {
          // after the region: nothing moves
        } else {
          w.start = Math.min(w.start, c.start);
          w.end = Math.max(w.end + delta, c.start + c.text.length);
        }
      }
    }
  }

  /** Save or close: record what the user kept. `finalFor` can replace the region's text (a commit's real message). */
  finalize(uri: string, text: string, finalFor?: (w: { feature: Feature; region: string }) => string | undefined): void {
    const ws = this.watching.get(uri);
    if (!ws) return;
    this.watching.delete(uri);
    for (const w of ws) {
      const region = text.slice(w.start, w.end);
      this.finish(w, finalFor?.({ feature: w.p.feature, region }) ?? region);
    }
  }

  private finish(w: Watch, final: string): void {
    clearTimeout(w.timer);
    const list = this.watching.get(w.uri);
    if (list)
      this.watching.set(
        w.uri,
        list.filter((x) => x !== w),
      );
    const output = w.p.output ?? '';
    const distance = normalizedEditDistance(output.trim(), final.trim());
    this.event(distance === 0 ? 'kept' : 'edited', w.id, w.p, { distance: Number(distance.toFixed(4)), final, output, ...(w.p.input ? { input: w.p.input } : {}) });
  }

  /** Proposals are remembered for an hour; after that an apply is no longer matched to them. */
  private prune(): void {
    if (this.proposals.size < 2000) return;
    const cutoff = Date.now() - 3600_000;
    for (const [id, p] of this.proposals) if (p.offeredAt < cutoff) this.proposals.delete(id);
  }

  /** Watched regions per uri (for tests and logs). */
  watched(uri: string): { start: number; end: number }[] {
    return (this.watching.get(uri) ?? []).map((w) => ({ start: w.start, end: w.end }));
  }
}

/** Where the inserted text is: the occurrence nearest the edit position. */
function locate(text: string, inserted: string, near: number): number {
  let best = -1;
  for (let i = text.indexOf(inserted); i >= 0; i = text.indexOf(inserted, i + 1)) {
    if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i;
    if (i > near + inserted.length) break;
  }
  if (best >= 0) return best;
  const trimmed = inserted.trim();
  return trimmed && trimmed !== inserted ? text.indexOf(trimmed, Math.max(0, near - 200)) : -1;
}
