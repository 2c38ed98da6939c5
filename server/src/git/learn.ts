import { learnAreas } from './areas.js';
import { changeFeatures, NaiveBayes, pastFiles } from './features.js';
import type { PastCommit } from './history.js';
import { CONVENTIONAL, LEADING_TICKET, learnStyle, type CommitStyle, type StyleKind } from './style.js';

/**
 * What kibitz learns from a repository's own history: its style, a type predictor and a scope predictor trained on
 * where each past commit changed things, the verbs each type starts with, how long subjects may be, and how the
 * repository writes release and dependency commits.
 */
export interface RepoModel {
  style: CommitStyle;
  type: NaiveBayes;
  scope: NaiveBayes;
  /** First words of subjects, by type ('' for all), most frequent first. */
  verbs: Map<string, string[]>;
  /** The repository's subject length limit: its own 90th percentile (never above style.maxSubject). */
  limit: number;
  /** How release commits are written: `v{version}`, `Bumped v{version}`, `{name}-{version}`, `chore(release): {version}`. */
  release?: string;
  /** The most recent release of a named package (`{name}-{version}`), where releases of the root and of workspace members differ. */
  releaseNamed?: string;
  /** Share of subjects that end with a pull request number `(#123)` (added by the forge when merging). */
  prSuffix: number;
  /** How dependency bumps are written: `chore: Bump {name} from {from} to {to}`, `Upgrade {name} to {to}`. */
  bump?: string;
  /** How an update of many dependencies at once is written (`chore(deps): update all non-major dependencies (main)`). */
  bumpMany?: string;
  /** Where subjects start with the path they change (`net/http: …`): the areas the history used. */
  areas?: Set<string>;
  /** Words in most changed paths (the project's own name, `src`, `packages`): they say nothing in a subject. */
  common: Set<string>;
  history: PastCommit[];
}

export const VERSION = /\bv?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)\b/;
const PR = /\s*\(#\d+\)$/;
/** A subject that names a release: a version, alone or with a word or a crate name. */
const RELEASE_SUBJECT = /^(?:(?:chore|build)(?:\(release\))?:\s*)?(?:release|bump(?:ed)?(?: version(?: to)?)?|version|prepare)?[\s:]*(?:[\w.-]+?[-@ ])?v?\d+\.\d+\.\d+(?:[-+][\w.]+)?$/i;

/** A subject without the forge's `(#123)` and a leading ticket key (`ZK-1: `, `[ZK-1] `): what its author wrote. */
export function unticketed(subject: string): string {
  return subject.replace(PR, '').replace(LEADING_TICKET, '').trim();
}

/** The part of a subject after its prefix (`fix(x): `, `ZK-1: `, `area: `, an emoji). */
export function bareSubject(subject: string): string {
  return unticketed(subject).replace(CONVENTIONAL, '$4').trim();
}

/** A plain subject that starts with the area it is about, in words (`Commit drafts: …`, `Ask: …`, `README: …`). */
const WORD_AREA = /^([A-Za-z][\w ./+-]{0,28}?): \S/;

export function labelOf(subject: string, kind: StyleKind): { type?: string; scope?: string } {
  // plain subjects that start with an area: the area is their label (learned like a type, from where changes are)
  if (kind === 'plain') {
    const area = LEADING_TICKET.test(subject) ? undefined : WORD_AREA.exec(subject)?.[1];
    return area ? { type: area } : {};
  }
  if (kind !== 'conventional') return {};
  const m = CONVENTIONAL.exec(subject);
  return m ? { type: m[1]!.toLowerCase(), ...(m[2] ? { scope: m[2] } : {}) } : {};
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 72;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export function learnRepo(history: PastCommit[], fixed: { style?: 'auto' | StyleKind; maxSubject?: number } = {}): RepoModel {
  const l = new RepoLearner(history, fixed);
  l.add(0, LEARN_LIMIT);
  return l.finish();
}

/** The same, in slices that yield to the event loop (a few milliseconds each), for thousands of commits. */
export async function learnRepoAsync(history: PastCommit[], fixed: { style?: 'auto' | StyleKind; maxSubject?: number } = {}, slice = 250): Promise<RepoModel> {
  const l = new RepoLearner(history, fixed);
  for (let from = 0; from < Math.min(history.length, LEARN_LIMIT); from += slice) {
    l.add(from, from + slice);
    await new Promise((r) => setImmediate(r));
  }
  return l.finish();
}

const LEARN_LIMIT = 3000;

class RepoLearner {
  private readonly style: CommitStyle;
  private readonly type = new NaiveBayes();
  private readonly scope = new NaiveBayes();
  private readonly verbCount = new Map<string, Map<string, number>>();
  private readonly pathWords = new Map<string, number>();
  private release: string | undefined;
  private releaseNamed: string | undefined;
  private bump: string | undefined;
  private bumpMany: string | undefined;
  private pr = 0;

  constructor(
    private readonly history: PastCommit[],
    fixed: { style?: 'auto' | StyleKind; maxSubject?: number },
  ) {
    this.style = learnStyle(history.slice(0, 500), fixed);
  }

  private count(t: string, v: string): void {
    const m = this.verbCount.get(t) ?? new Map<string, number>();
    m.set(v, (m.get(v) ?? 0) + 1);
    this.verbCount.set(t, m);
  }

  add(from: number, to: number): void {
    for (const c of this.history.slice(from, Math.min(to, LEARN_LIMIT))) {
      if (PR.test(c.subject)) this.pr++;
      const label = labelOf(c.subject, this.style.kind);
      const features = changeFeatures(pastFiles(c));
      if (label.type) {
        this.type.add(label.type, features);
        this.scope.add(label.scope ?? '', features);
      }
      const verb = /^([A-Za-z]+)/.exec(bareSubject(c.subject))?.[1]?.toLowerCase();
      if (verb && !RELEASE_SUBJECT.test(c.subject.replace(PR, ''))) {
        this.count('', verb);
        if (label.type) this.count(label.type, verb);
      }
      const release = releaseTemplate(c);
      this.release ??= release;
      if (release?.includes('{name}')) this.releaseNamed ??= release;
      this.bump ??= bumpTemplate(c);
      this.bumpMany ??= manyTemplate(c);
      for (const w of new Set(c.files.flatMap((f) => f.toLowerCase().split(/[^a-z0-9]+/)))) if (w.length > 2) this.pathWords.set(w, (this.pathWords.get(w) ?? 0) + 1);
    }
  }

  finish(): RepoModel {
    const { history, style } = this;
    const seen = Math.min(history.length, LEARN_LIMIT);
    const common = new Set([...this.pathWords].filter(([, n]) => n > seen * 0.15).map(([w]) => w));
    const verbs = new Map([...this.verbCount].map(([t, m]) => [t, [...m].sort((a, b) => b[1] - a[1]).map(([v]) => v)]));
    const lengths = history.slice(0, 1000).map((c) => c.subject.replace(PR, '').length);
    const areas = learnAreas(history.slice(0, seen));
    return {
      style,
      type: this.type,
      scope: this.scope,
      verbs,
      limit: Math.min(style.maxSubject, Math.max(40, percentile(lengths, 90))),
      ...(this.release ? { release: this.release } : {}),
      ...(this.releaseNamed ? { releaseNamed: this.releaseNamed } : {}),
      ...(this.bump ? { bump: this.bump } : {}),
      ...(this.bumpMany ? { bumpMany: this.bumpMany } : {}),
      ...(areas ? { areas } : {}),
      common,
      prSuffix: history.length ? this.pr / history.length : 0,
      history,
    };
  }
}

/** The most recent release commit as a template: its subject with the version replaced by `{version}`. */
function releaseTemplate(c: PastCommit): string | undefined {
  const subject = c.subject.replace(PR, '').trim();
  if (!RELEASE_SUBJECT.test(subject) || !VERSION.test(subject)) return undefined;
  // a crate or package named before the version (`ignore-0.4.33`, `@scope/pkg@1.2.3`) is a placeholder too
  return subject.replace(/^([\w@/.-]+?)([-@])v?\d+\.\d+\.\d+(?:[-+][\w.]+)?$/, '{name}$2{version}').replace(VERSION, (m) => (m.startsWith('v') ? 'v{version}' : '{version}'));
}

/** A subject that updates many dependencies at once, without a version or one package (`update all non-major dependencies`). */
function manyTemplate(c: PastCommit): string | undefined {
  const subject = unticketed(c.subject);
  if (VERSION.test(subject) || !/\b(?:bump|update|upgrade)s?\s+(?:all\b.*\b)?dependencies\b/i.test(subject)) return undefined;
  return c.files.some((f) => /(^|\/)(package\.json|Cargo\.toml|go\.mod|pom\.xml|pyproject\.toml|pnpm-workspace\.yaml|requirements[\w.-]*\.txt)$/.test(f)) ? subject : undefined;
}

/** A dependency bump subject as a template: the package and versions replaced, anything after the last version dropped. */
function bumpTemplate(c: PastCommit): string | undefined {
  const subject = unticketed(c.subject);
  // a Maven coordinate is one name (`com.fasterxml.jackson.core:jackson-core`)
  const m = /^(.*?\b(?:bump|update|upgrade)(?:s|d)?\s+(?:dependency\s+|the\s+)?)([@\w./:-]+)(.*)$/i.exec(subject);
  if (
    !m ||
    /^(to|the|all|everything|dependencies|deps|version|lock|from)$/i.test(m[2]!) ||
    !c.files.length ||
    !c.files.every((f) => /(^|\/)(package\.json|pom\.xml|Cargo\.toml|go\.mod|requirements[\w.-]*\.txt|pyproject\.toml|[\w.-]*lock[\w.-]*|go\.sum|\.github\/workflows\/.+)$/.test(f))
  )
    return undefined;
  const versions = [...m[3]!.matchAll(/v?\d+(?:\.\d+)+[\w.-]*/g)];
  if (!versions.length) return undefined;
  const last = versions[versions.length - 1]!;
  let tail = m[3]!.slice(0, last.index + last[0].length);
  tail =
    versions.length >= 2 ? tail.replace(versions[0]![0], '{from}').replace(last[0], last[0].startsWith('v') ? 'v{to}' : '{to}') : tail.replace(last[0], last[0].startsWith('v') ? 'v{to}' : '{to}');
  // renovate's `(main)` branch label after the versions is part of the format
  const label = /\s\((main|master|develop|next)\)$/.exec(m[3]!)?.[0] ?? '';
  return `${m[1]}{name}${tail}${label}`;
}
