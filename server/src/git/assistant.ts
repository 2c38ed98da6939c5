import type { ModelClient } from '../model/client.js';
import type { Retrieval } from '../retrieval/service.js';
import { redact, isSecretFile } from '../safety/redact.js';
import { draftMessages, changeQuery, type Draft } from './drafts.js';
import { describeChange } from './deterministic.js';
import type { DiffFile } from './diff.js';
import { recentCommits, type PastCommit } from './history.js';
import { stagedChange } from './repo.js';
import { learnStyle, type CommitStyle, type StyleKind } from './style.js';

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
    private readonly deps: { model?: () => ModelClient | undefined; retrieval?: (root: string) => Retrieval | undefined; options?: () => CommitOptions; onModelError?: (err: unknown) => void },
  ) {}

  async draftsFor(root: string, opts: { signal?: AbortSignal; onProgress?: (t: string) => void; useModel?: boolean } = {}): Promise<CommitDrafts> {
    const change = await stagedChange(root, opts.signal);
    const history = await recentCommits(root, 200);
    const style = learnStyle(history, this.deps.options?.() ?? {});
    const neighbours = change.files.length ? await this.neighbours(root, change.files, style, change.branch, history) : [];
    const model = opts.useModel === false ? undefined : this.deps.model?.();
    const drafts = await draftMessages({ files: change.files, branch: change.branch, style, history, neighbours, model, signal: opts.signal, onProgress: opts.onProgress, onModelError: this.deps.onModelError });
    return { drafts, style, files: change.files, branch: change.branch, secrets: stagedSecrets(change.files), key: change.key };
  }

  /** The nearest past commits, from the repository's history index (updated incrementally first). */
  private async neighbours(root: string, files: DiffFile[], style: CommitStyle, branch: string | undefined, history: PastCommit[]) {
    const r = this.deps.retrieval?.(root);
    if (!r) return [];
    try {
      await r.build('commits');
      const query = changeQuery(files, describeChange(files, style, branch).subject);
      const hits = await r.search(query, { corpora: ['commits'], k: 5 });
      return hits.filter((h) => h.score > 0.05).map((h) => {
        const hash = String(h.meta?.hash ?? '');
        const commit = history.find((c) => c.hash === hash) ?? { hash, subject: String(h.meta?.subject ?? ''), body: '', author: '', files: [] };
        const filesLine = /\nfiles: (.*)/.exec(h.text)?.[1] ?? '';
        return { subject: commit.subject, files: commit.files.length ? commit.files : filesLine.split(', ').filter(Boolean), score: h.score, commit };
      });
    } catch {
      return [];
    }
  }
}
