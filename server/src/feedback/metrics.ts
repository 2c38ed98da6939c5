import type { Feature, FeedbackEvent, Source } from './events.js';
import { percentile } from '../util/stats.js';

export interface Rates {
  offered: number;
  accepted: number;
  /** accepted / offered. */
  acceptance: number;
  /** Offered and never applied. */
  rejected: number;
  edited: number;
  kept: number;
  /** edited / (edited + kept). */
  editRate: number;
  meanEditDistance: number;
  /** Model errors over model-backed offers, and offline fallbacks over offers. */
  errors: number;
  fallbacks: number;
  fallbackRate: number;
  latency: { p50: number; p95: number; p99: number; n: number };
}

export interface Metrics {
  since?: string;
  events: number;
  /** Hovers shown: views with their latency, not proposals (they are never accepted or rejected). */
  views: { count: number; latency: { p50: number; p95: number; p99: number; n: number } };
  /** Model failures by kind (timeout, connection, auth, invalid-output = the answer's format, ...). */
  errorsByKind: Record<string, number>;
  total: Rates;
  byFeature: Partial<Record<Feature, Rates>>;
  bySource: Partial<Record<Source, Rates>>;
  /** Docs answers: asked, answered from the docs, marked helpful / not helpful, and citations opened. */
  answers: { asked: number; notInDocs: number; helpful: number; notHelpful: number; followed: number; answersWithCitationOpened: number };
  /** Per day: offered, accepted, acceptance, mean latency (for charts). */
  daily: { day: string; offered: number; accepted: number; acceptance: number; latencyP50: number }[];
}

const pct = (xs: number[], p: number): number => percentile(xs, p) ?? 0;

/** A hover is a view, not a proposal (older logs recorded hovers as `offered`). */
const isView = (e: FeedbackEvent) => e.type === 'viewed' || (e.type === 'offered' && e.feature === 'hover');

/** Acceptance and edits over actionable proposals only (quick fixes, code actions, commit and PR drafts). */
export function rates(all: FeedbackEvent[]): Rates {
  const events = all.filter((e) => !isView(e));
  const ids = (t: string) => new Set(events.filter((e) => e.type === t).map((e) => e.proposal));
  const offered = ids('offered');
  const accepted = ids('accepted');
  const edited = events.filter((e) => e.type === 'edited');
  const kept = events.filter((e) => e.type === 'kept');
  const lat = events.filter((e) => e.type === 'offered' && typeof e.latencyMs === 'number').map((e) => e.latencyMs!);
  const fallbacks = events.filter((e) => e.type === 'offered' && e.fallback).length;
  const finished = edited.length + kept.length;
  return {
    offered: offered.size,
    accepted: accepted.size,
    acceptance: offered.size ? [...accepted].filter((id) => offered.has(id)).length / offered.size : 0,
    rejected: [...offered].filter((id) => !accepted.has(id)).length,
    edited: edited.length,
    kept: kept.length,
    editRate: finished ? edited.length / finished : 0,
    meanEditDistance: finished ? [...edited, ...kept].reduce((s, e) => s + (e.distance ?? 0), 0) / finished : 0,
    errors: events.filter((e) => e.type === 'error').length,
    fallbacks,
    fallbackRate: offered.size ? fallbacks / offered.size : 0,
    latency: { p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), n: lat.length },
  };
}

/** Acceptance, edits, errors and latency over a log, in total, per feature, per source and per day. */
export function computeMetrics(events: FeedbackEvent[], since?: Date): Metrics {
  const group = <K extends string>(key: (e: FeedbackEvent) => K) => {
    const m = new Map<K, FeedbackEvent[]>();
    for (const e of events) m.set(key(e), [...(m.get(key(e)) ?? []), e]);
    return Object.fromEntries([...m].map(([k, es]) => [k, rates(es)])) as Partial<Record<K, Rates>>;
  };
  const days = new Map<string, FeedbackEvent[]>();
  for (const e of events) {
    const d = e.at.slice(0, 10);
    days.set(d, [...(days.get(d) ?? []), e]);
  }
  const viewLat = events.filter((e) => isView(e) && typeof e.latencyMs === 'number').map((e) => e.latencyMs!);
  const errorsByKind: Record<string, number> = {};
  for (const e of events) if (e.type === 'error') errorsByKind[e.error ?? 'unknown'] = (errorsByKind[e.error ?? 'unknown'] ?? 0) + 1;
  return {
    ...(since ? { since: since.toISOString() } : {}),
    events: events.length,
    views: { count: events.filter(isView).length, latency: { p50: pct(viewLat, 50), p95: pct(viewLat, 95), p99: pct(viewLat, 99), n: viewLat.length } },
    errorsByKind,
    total: rates(events),
    byFeature: Object.fromEntries(Object.entries(group((e) => e.feature)).filter(([, r]) => r.offered || r.errors)),
    bySource: group((e) => e.source),
    answers: answers(events),
    daily: [...days]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([day, es]) => {
        const r = rates(es);
        return { day, offered: r.offered, accepted: r.accepted, acceptance: r.acceptance, latencyP50: r.latency.p50 };
      }),
  };
}

function answers(events: FeedbackEvent[]): Metrics['answers'] {
  const ask = events.filter((e) => e.feature === 'ask');
  const ids = (t: string) => new Set(ask.filter((e) => e.type === t).map((e) => e.proposal));
  const offered = ask.filter((e) => e.type === 'offered');
  return {
    asked: offered.length,
    notInDocs: offered.filter((e) => e.kind === 'not-in-docs').length,
    helpful: ids('accepted').size,
    notHelpful: ids('rejected').size,
    followed: ask.filter((e) => e.type === 'followed').length,
    answersWithCitationOpened: ids('followed').size,
  };
}

/** `7d`, `24h`, `30m`, or an ISO date -> a Date; undefined when unreadable. */
export function parseSince(s: string, now = Date.now()): Date | undefined {
  const m = /^(\d+)([dhm])$/.exec(s);
  if (m) return new Date(now - Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm']);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}
