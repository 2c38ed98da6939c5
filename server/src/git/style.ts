import type { PastCommit } from './history.js';

export type StyleKind = 'conventional' | 'gitmoji' | 'plain';

export interface CommitStyle {
  kind: StyleKind;
  /** Types in use, most frequent first (conventional). */
  types: string[];
  /**
   * Path prefix -> scope, as the repository used them: `count` commits under the prefix had that scope, of
   * `touching` commits that changed a file under it.
   */
  scopes: { prefix: string; scope: string; count: number; touching: number }[];
  /** Does the subject (after any prefix) start with a capital letter? */
  capitalized: boolean;
  /** A ticket prefix style seen in subjects: `ABC-123: `, `[ABC-123] `, or none. */
  ticket: 'colon' | 'brackets' | 'none';
  /** The project key most ticket prefixes share (`ZOOKEEPER` of `ZOOKEEPER-5064: …`), when one key dominates. */
  ticketKey?: string;
  /** Names in subjects are written as code (`isVue`) often enough to do the same. */
  codeSpans?: boolean;
  medianSubject: number;
  maxSubject: number;
  /** Body lines are wrapped at about this width (72 unless the history says otherwise). */
  wrap: number;
  /** How many commits the style was learned from. */
  learnedFrom: number;
}

export const CONVENTIONAL = /^(\w+)(?:\(([^)]+)\))?(!)?: (.+)$/;
export const DEFAULT_TYPES = ['feat', 'fix', 'docs', 'refactor', 'test', 'chore', 'build', 'ci', 'perf', 'style', 'revert'];
const GITMOJI = /^(?:[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}\u{2B00}-\u{2BFF}]\uFE0F?|:[a-z_]+:)\s*/u;
const TICKET_COLON = /^[A-Z][A-Z0-9]+-\d+:\s/;
const TICKET_BRACKETS = /^\[[A-Z][A-Z0-9]+-\d+\]\s/;

function median(xs: number[]): number {
  if (!xs.length) return 50;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** How subjects carry tickets: the prefix form used by over a third of them, and the project key most of those share. */
function ticketStyle(subjects: string[]): Pick<CommitStyle, 'ticket' | 'ticketKey'> {
  const colon = subjects.filter((s) => TICKET_COLON.test(s));
  const brackets = subjects.filter((s) => TICKET_BRACKETS.test(s));
  const keyed = colon.length > subjects.length / 3 ? colon : brackets.length > subjects.length / 3 ? brackets : [];
  if (!keyed.length) return { ticket: 'none' };
  const keys = new Map<string, number>();
  for (const s of keyed) {
    const k = /^\[?([A-Z][A-Z0-9]+)-/.exec(s)![1]!;
    keys.set(k, (keys.get(k) ?? 0) + 1);
  }
  const [key, n] = [...keys].sort((a, b) => b[1] - a[1])[0]!;
  return { ticket: keyed === colon ? 'colon' : 'brackets', ...(n >= 0.6 * keyed.length ? { ticketKey: key } : {}) };
}

/** Learn the commit style from history; `fixed` (team config) wins where set. */
export function learnStyle(history: PastCommit[], fixed: { style?: 'auto' | StyleKind; maxSubject?: number } = {}): CommitStyle {
  const subjects = history.map((c) => c.subject).filter(Boolean);
  const conv = subjects.map((s) => CONVENTIONAL.exec(s.replace(GITMOJI, '')));
  const convShare = subjects.length ? conv.filter(Boolean).length / subjects.length : 0;
  const emojiShare = subjects.length ? subjects.filter((s) => GITMOJI.test(s)).length / subjects.length : 0;
  const typeCount = new Map<string, number>();
  const scopeCount = new Map<string, Map<string, number>>();
  history.forEach((c, i) => {
    const m = conv[i];
    if (!m) return;
    typeCount.set(m[1]!, (typeCount.get(m[1]!) ?? 0) + 1);
    const scope = m[2];
    if (!scope) return;
    for (const f of c.files) {
      // the deepest directory prefix that contains the scope name, else the top two levels
      const dirs = f.split('/').slice(0, -1);
      const at = dirs.findIndex((d) => d.toLowerCase() === scope.toLowerCase());
      const prefix = at >= 0 ? dirs.slice(0, at + 1).join('/') : dirs.slice(0, 2).join('/');
      if (!prefix) continue;
      const m2 = scopeCount.get(prefix) ?? new Map<string, number>();
      m2.set(scope, (m2.get(scope) ?? 0) + 1);
      scopeCount.set(prefix, m2);
    }
  });
  const scopes = [...scopeCount]
    .map(([prefix, counts]) => {
      const [scope, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      const touching = history.filter((c) => c.files.some((f) => f.startsWith(prefix + '/'))).length;
      return { prefix, scope, count, touching };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length || b.count - a.count);
  const bare = subjects.map((s) => s.replace(GITMOJI, '').replace(CONVENTIONAL, '$4').replace(TICKET_COLON, '').replace(TICKET_BRACKETS, ''));
  const caps = bare.filter((s) => /^[A-Z][a-z]/.test(s)).length;
  const lower = bare.filter((s) => /^[a-z]/.test(s)).length;
  const bodyLines = history.flatMap((c) => c.body.split('\n')).filter((l) => l.length > 30);
  // too little history to learn from: Conventional Commits, the most common convention
  const learned: StyleKind = subjects.length < 3 ? 'conventional' : emojiShare >= 0.4 ? 'gitmoji' : convShare >= 0.5 ? 'conventional' : 'plain';
  const kind = fixed.style && fixed.style !== 'auto' ? fixed.style : learned;
  const rank = (t: string) => (DEFAULT_TYPES.indexOf(t) + 100) % 100;
  const types = [...typeCount].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0])).map(([t]) => t);
  return {
    kind,
    types: types.length ? [...types, ...DEFAULT_TYPES.filter((t) => !types.includes(t))] : DEFAULT_TYPES,
    scopes,
    capitalized: caps > lower,
    ...ticketStyle(subjects),
    ...(subjects.filter((s) => /`[^`]+`/.test(s)).length >= subjects.length / 5 ? { codeSpans: true } : {}),
    medianSubject: median(subjects.map((s) => s.length)),
    maxSubject: fixed.maxSubject ?? 72,
    wrap: bodyLines.length >= 5 ? Math.min(100, Math.max(60, Math.max(...bodyLines.map((l) => l.length)))) : 72,
    learnedFrom: subjects.length,
  };
}

/**
 * The scope the repository uses for a set of paths (the most common among the files' longest prefixes), where
 * at least a quarter of the commits under a prefix had its scope: in a mostly unscoped history, `lib/` was once
 * `fix(validation)`, which says nothing of the next change there.
 */
export function scopeFor(style: CommitStyle, paths: string[]): string | undefined {
  const votes = new Map<string, number>();
  const usual = style.scopes.filter((s) => s.count >= 0.25 * s.touching);
  for (const p of paths) {
    const hit = usual.find((s) => p === s.prefix || p.startsWith(s.prefix + '/'));
    if (hit) votes.set(hit.scope, (votes.get(hit.scope) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export const GITMOJI_FOR: Record<string, string> = {
  feat: '✨',
  fix: '🐛',
  docs: '📝',
  test: '✅',
  ci: '👷',
  build: '📦',
  chore: '🔧',
  refactor: '♻️',
  perf: '⚡️',
  style: '🎨',
  revert: '⏪️',
  deps: '⬆️',
};

/** The number of a ticket the draft cannot know: the user types it over (`ZOOKEEPER-XXXX: …`). */
export const TICKET_SLOT = 'XXXX';

/** A ticket key at the start of a subject, `ABC-123: ` or `[ABC-123] `, the slot included (for stripping and matching). */
export const LEADING_TICKET = new RegExp(`^\\[?[A-Z][A-Z0-9]+-(?:\\d+|${TICKET_SLOT})\\]?[:.]?\\s*`);

/**
 * The ticket a draft's subject starts with, in a repository whose subjects carry one: the branch's (`feature/
 * ABC-123-thing`), else the project's key with a slot for the number, which only the user knows. Undefined where
 * subjects carry none (a branch's ticket then goes into a `Refs:` trailer).
 */
export function subjectTicket(style: CommitStyle, branch: string | undefined): string | undefined {
  if (style.ticket === 'none') return undefined;
  return ticketFromBranch(branch) ?? (style.ticketKey ? `${style.ticketKey}-${TICKET_SLOT}` : undefined);
}

/** A draft's label that says what to type when its ticket has a slot for the number. */
export function slotted(label: string, ticket: string | undefined): string {
  return ticket?.endsWith(`-${TICKET_SLOT}`) ? `${label}; type the ticket number over ${TICKET_SLOT}` : label;
}

/** A subject with its ticket prefix, in the repository's form. */
export function withTicket(subject: string, style: CommitStyle, ticket: string | undefined): string {
  if (!ticket || style.ticket === 'none') return subject;
  return style.ticket === 'colon' ? `${ticket}: ${subject}` : `[${ticket}] ${subject}`;
}

/**
 * A model's subject with the ticket this draft may carry: the branch's or the slot, where the repository's subjects
 * carry one. A key the model wrote is kept only when the change itself names it (`known`); else it came from the
 * examples and is replaced.
 */
export function ticketed(subject: string, style: CommitStyle, branch: string | undefined, known: (key: string) => boolean): string {
  const ticket = subjectTicket(style, branch);
  if (!ticket) return subject;
  const own = /^\[?([A-Z][A-Z0-9]+-\d+)/.exec(subject)?.[1];
  return own && (own === ticket || known(own)) ? subject : withTicket(subject.replace(LEADING_TICKET, ''), style, ticket);
}

/** A ticket id from a branch name (`feature/ABC-123-thing` -> ABC-123). */
export function ticketFromBranch(branch: string | undefined): string | undefined {
  return branch ? (/\b([A-Z][A-Z0-9]+-\d+)\b/.exec(branch)?.[1] ?? /(?:^|\/)(\d+)-/.exec(branch)?.[1]?.replace(/^/, '#')) : undefined;
}
