import { teamCommits } from '../git/team-commits.js';
import { stateDir } from '../util/paths.js';
import { CommitAssistant, type CommitDrafts } from '../git/assistant.js';
import { recentCommits } from '../git/history.js';
import { prDraft, type PrDraft } from '../git/pr.js';
import { isCommitBuffer, isPrBuffer, messageText, repoOf, skipReason, type Repo, type SkipReason } from '../git/repo.js';
import { gitMaybe } from '../util/git.js';
import { trailerSuggestions } from '../git/trailers.js';
import { ModelError } from '../model/errors.js';
import type { Finding } from '../shell/risk/index.js';
import { log } from '../util/log.js';
import type { Config } from '../config/schema.js';
import type { ModelClient } from '../model/client.js';
import { uriToPath } from '../util/uri.js';

export interface CommitState {
  repo: Repo;
  /** HEAD when the buffer opened: a different HEAD after close means the commit happened. */
  head?: string;
  skip?: SkipReason;
  drafts?: Promise<CommitDrafts>;
  trailers?: Promise<string[]>;
  pr?: Promise<PrDraft | undefined>;
}

/** What commit buffers need from the editor side: open documents, settings, the model, and a way to tell the user. */
export interface CommitHost {
  document(uri: string): { languageId: string; text: string } | undefined;
  config(): Config;
  model(): ModelClient | undefined;
  reportModelError(err: ModelError): void;
  /** A warning for the user. */
  warn(message: string): void;
}

/** Thrown when a request is cancelled (the LSP layer answers RequestCancelled). */
export class CommitCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Commit and PR buffers: drafts prefetched on open, so completion answers from memory. */
export class CommitBuffers {
  private readonly states = new Map<string, Promise<CommitState | undefined>>();
  private readonly assistant: CommitAssistant;

  constructor(private readonly host: CommitHost) {
    this.assistant = new CommitAssistant({
      model: () => host.model(),
      options: () => ({ style: host.config().commit.style, maxSubject: host.config().commit.maxSubjectLength }),
      onModelError: (err) => err instanceof ModelError && host.reportModelError(err),
      teamCommits: (root) => teamCommits(stateDir(), root),
    });
  }

  kind(uri: string, languageId: string): 'commit' | 'pr' | undefined {
    const path = uriToPath(uri);
    if (isCommitBuffer(languageId, path)) return 'commit';
    if (isPrBuffer(path, this.host.config().commit.prGlobs)) return 'pr';
    return undefined;
  }

  /** didOpen: find the repository and start drafting in the background. */
  opened(uri: string): void {
    const doc = this.host.document(uri);
    if (!doc || !this.host.config().commit.enable) return;
    const kind = this.kind(uri, doc.languageId);
    if (!kind) return;
    this.states.set(uri, this.prepare(uri, kind, doc.text));
  }

  closed(uri: string): void {
    this.states.delete(uri);
  }

  state(uri: string): Promise<CommitState | undefined> | undefined {
    return this.states.get(uri);
  }

  private async prepare(uri: string, kind: 'commit' | 'pr', text: string): Promise<CommitState | undefined> {
    const path = uriToPath(uri);
    const repo = await repoOf(path);
    if (!repo) return undefined;
    if (kind === 'pr') {
      const pr = prDraft(repo.root, { base: this.host.config().commit.prBase || undefined, model: this.host.model() });
      pr.catch((err) => log().warn({ err }, 'pull request draft failed'));
      return { repo, pr };
    }
    const skip = skipReason(repo, text);
    const head = (await gitMaybe(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim();
    const state: CommitState = { repo, ...(head ? { head } : {}), ...(skip ? { skip } : {}) };
    // a merge/rebase/squash or an already written message: no drafts unless the user asks (completion)
    if (!skip || skip === 'has-message') this.startDrafts(state).catch(() => undefined); // failures are logged where the drafts start
    return state;
  }

  startDrafts(state: CommitState): Promise<CommitDrafts> {
    if (!state.drafts) {
      const t0 = Date.now();
      state.drafts = this.assistant.draftsFor(state.repo.root, {});
      state.drafts.then(
        (d) => log().info({ drafts: d.drafts.length, sources: d.drafts.map((x) => x.source), ms: Date.now() - t0, style: d.style.kind }, 'commit drafts ready'),
        (err) => log().warn({ err }, 'commit drafts failed'),
      );
      state.trailers = state.drafts.then(async (d) => trailerSuggestions(state.repo.root, await recentCommits(state.repo.root, 100), d.branch));
    }
    return state.drafts;
  }

  /**
   * The message that was really committed: git commits after the editor closes the buffer, so wait (up to
   * `waitMs`) for HEAD to move and read `git log -1`; if it never moves, the buffer's message at close.
   */
  async committedMessage(uri: string, textAtClose: string, waitMs = 10_000): Promise<string> {
    const st = await this.states.get(uri);
    const fallback = messageText(textAtClose);
    if (!st) return fallback;
    for (const until = Date.now() + waitMs; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      const head = (await gitMaybe(st.repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim();
      if (head && head !== st.head) return ((await gitMaybe(st.repo.root, ['log', '-1', '--format=%B'])) ?? fallback).trim();
    }
    return fallback;
  }

  /** Diagnostics for a commit buffer: staged files that look like they hold secrets. */
  async secretFindings(uri: string): Promise<Finding[]> {
    const st = await this.states.get(uri);
    if (!st?.drafts) return [];
    const d = await st.drafts.catch(() => undefined);
    const doc = this.host.document(uri);
    if (!d || !doc) return [];
    const firstLine = doc.text.indexOf('\n');
    return d.secrets.map((s) => ({
      rule: 'staged-secret',
      category: 'secrets',
      severity: 'high' as const,
      message:
        s.rules[0] === 'secret-file'
          ? `${s.path} is staged: it is a secrets file (it was not sent to any model)`
          : `${s.path} is staged and looks like it contains a secret (${s.rules.join(', ')}); it was redacted before anything was sent`,
      start: 0,
      end: firstLine < 0 ? doc.text.length : firstLine,
      reference: '',
    }));
  }

  /** workspace/executeCommand kibitz.draftPullRequest [{uri?, base?}] -> {title, body, base, commits, source}. */
  async draftPullRequest(args: unknown[] | undefined, signal?: AbortSignal): Promise<PrDraft | null> {
    const raw = args?.[0];
    const a = (raw && typeof raw === 'object' ? raw : {}) as { uri?: unknown; base?: unknown; root?: unknown };
    const path = typeof a.root === 'string' ? a.root : typeof a.uri === 'string' ? uriToPath(a.uri) : undefined;
    // a directory (root) is looked up from inside it; a file from its own directory
    const repo = path ? await repoOf(typeof a.root === 'string' ? path.replace(/\/?$/, '/.') : path) : undefined;
    if (!repo) {
      this.host.warn('kibitz: no git repository for this pull request draft.');
      return null;
    }
    const d = await prDraft(repo.root, { base: typeof a.base === 'string' ? a.base : this.host.config().commit.prBase || undefined, model: this.host.model(), signal });
    if (signal?.aborted) throw new CommitCancelled();
    if (!d) this.host.warn('kibitz: no base branch with commits to compare (tried the upstream, main, master; set kibitz.commit.prBase).');
    return d ?? null;
  }
}
