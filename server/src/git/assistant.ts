import type { ModelClient } from '../model/client.js';
import { redact, isSecretFile } from '../safety/redact.js';
import { draftMessages, type Draft } from './drafts.js';
import type { DiffFile } from './diff.js';
import type { PastCommit } from './history.js';
import { historyCache } from './history-cache.js';
import { stagedChange } from './repo.js';
import type { CommitStyle, StyleKind } from './style.js';

export interface SecretWarning {
  path: string;
  /** Secret rule ids found in the added lines, or 'secret-file' for files like .env. */
  rules: string[];
}

export interface CommitDrafts {
  drafts: Draft[];
  style: CommitStyle;
  files: DiffFile[];
  branch?: string;
  secrets: SecretWarning[];
  key: string;
}

export interface CommitOptions {
  style?: 'auto' | StyleKind;
  maxSubject?: number;
}

/** Staged files that hold secrets: whole secret files, and added lines the redaction rules match. */
export function stagedSecrets(files: DiffFile[]): SecretWarning[] {
  const out: SecretWarning[] = [];
  for (const f of files) {
    if (isSecretFile(f.path) && f.status !== 'deleted') {
      out.push({ path: f.path, rules: ['secret-file'] });
      continue;
    }
    const added = f.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1))).join('\n');
    const found = Object.keys(redact(added).found);
    if (found.length) out.push({ path: f.path, rules: found });
  }
  return out;
}

/** Everything for commit drafts of a repository's staged change: style, history neighbours, model. */
export class CommitAssistant {
  constructor(
    private readonly deps: {
      model?: () => ModelClient | undefined;
      options?: () => CommitOptions;
      onModelError?: (err: unknown) => void;
      /** Commit messages the team corrected for this repository (from the team store). */
      teamCommits?: (root: string) => PastCommit[];
    },
  ) {}

  async draftsFor(root: string, opts: { signal?: AbortSignal; onProgress?: (t: string) => void; useModel?: boolean } = {}): Promise<CommitDrafts> {
    const change = await stagedChange(root, opts.signal);
    // the history is read once and then incrementally; what it teaches is learned once per HEAD
    const [commits, learned] = await Promise.all([historyCache.commits(root, opts.signal), historyCache.model(root, this.deps.options?.() ?? {}, opts.signal)]);
    const history = commits.slice(0, 200);
    const style = learned.style;
    const team = this.deps.teamCommits?.(root) ?? [];
    const neighbours = change.files.length ? this.neighbours(change.files, [...team, ...commits.slice(0, 2000)]) : [];
    const model = opts.useModel === false ? undefined : this.deps.model?.();
    const drafts = await draftMessages({
      files: change.files,
      branch: change.branch,
      style,
      history,
      neighbours,
      learned,
      model,
      signal: opts.signal,
      onProgress: opts.onProgress,
      onModelError: this.deps.onModelError,
    });
    return { drafts, style, files: change.files, branch: change.branch, secrets: stagedSecrets(change.files), key: change.key };
  }

  /**
   * The nearest past commits: the ones whose changed files overlap this change's most, and, for new files, the
   * ones that changed the same directories (in memory, from the cached history).
   */
  private neighbours(files: DiffFile[], history: PastCommit[]) {
    const dir = (p: string) => p.split('/').slice(0, -1).join('/');
    const jac = (a: Set<string>, b: string[]) => b.filter((x) => a.has(x)).length / (new Set([...a, ...b]).size || 1);
    const ours = new Set(files.map((f) => f.path));
    const ourDirs = new Set(files.map((f) => dir(f.path)));
    return history
      .map((c) => ({ c, score: jac(ours, c.files) + 0.5 * jac(ourDirs, [...new Set(c.files.map(dir))]) }))
      .filter((x) => x.score > 0.05)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map(({ c, score }) => ({ subject: c.subject, files: c.files, score, commit: c }));
  }
}
