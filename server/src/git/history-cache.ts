import { git } from '../util/git.js';
import { LOG_FORMAT, parseLogAsync, type PastCommit } from './history.js';
import { learnRepo, learnRepoAsync, type RepoModel } from './learn.js';
import type { StyleKind } from './style.js';

/** How much history drafts learn from. */
export const HISTORY_LIMIT = 5000;

interface Entry {
  head: string;
  commits: PastCommit[];
  models: Map<string, RepoModel>;
}

/**
 * A repository's history, read once (asynchronously, parsed in slices so the event loop keeps turning) and then
 * incrementally: when HEAD moved, only the commits since the last read are read and put in front. The learned model
 * is kept per HEAD and options.
 */
export class HistoryCache {
  private readonly entries = new Map<string, Promise<Entry | undefined>>();

  async commits(root: string, signal?: AbortSignal): Promise<PastCommit[]> {
    return (await this.entry(root, signal))?.commits ?? [];
  }

  async model(root: string, opts: { style?: 'auto' | StyleKind; maxSubject?: number } = {}, signal?: AbortSignal): Promise<RepoModel> {
    const e = await this.entry(root, signal);
    if (!e) return learnRepo([], opts);
    const key = JSON.stringify(opts);
    let m = e.models.get(key);
    if (!m) {
      // learning walks thousands of commits: in slices, so other requests get in between
      m = await learnRepoAsync(e.commits, opts);
      e.models.set(key, m);
    }
    return m;
  }

  private async entry(root: string, signal?: AbortSignal): Promise<Entry | undefined> {
    const head = (await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], { signal }).catch(() => ''))?.trim();
    if (!head) return undefined;
    const cached = this.entries.get(root);
    const prev = cached ? await cached.catch(() => undefined) : undefined;
    if (prev && prev.head === head) return prev;
    const next = this.read(root, head, prev, signal);
    this.entries.set(root, next);
    next.catch(() => this.entries.delete(root));
    return next;
  }

  private async read(root: string, head: string, prev: Entry | undefined, signal?: AbortSignal): Promise<Entry | undefined> {
    // new commits on top of what was read (a commit, a pull); anything else (a rebase, a reset) reads again
    if (prev) {
      const isAncestor = await git(root, ['merge-base', '--is-ancestor', prev.head, head], { signal }).then(
        () => true,
        () => false,
      );
      if (isAncestor) {
        const out = await git(root, ['log', '--no-merges', LOG_FORMAT, '--numstat', '--summary', '--no-renames', `${prev.head}..${head}`], { signal, timeoutMs: 60_000 });
        const fresh = await parseLogAsync(out);
        return { head, commits: [...fresh, ...prev.commits].slice(0, HISTORY_LIMIT), models: new Map() };
      }
    }
    const out = await git(root, ['log', '--no-merges', `-n${HISTORY_LIMIT}`, LOG_FORMAT, '--numstat', '--summary', '--no-renames'], { signal, timeoutMs: 120_000, maxBuffer: 512 * 1024 * 1024 });
    return { head, commits: await parseLogAsync(out), models: new Map() };
  }
}

/** One cache per process: the server, the CLI and the hook all draft from it. */
export const historyCache = new HistoryCache();
