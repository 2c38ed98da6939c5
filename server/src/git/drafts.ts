import type { ModelClient } from '../model/client.js';
import { budgetDiff } from './budget.js';
import { composeDraft } from './compose.js';
import type { RepoModel } from './learn.js';
import { describeChange, formatMessage } from './deterministic.js';
import type { DiffFile } from './diff.js';
import { touchedSymbols } from './diff.js';
import type { PastCommit } from './history.js';
import { modelDraft } from './model-draft.js';
import { repairMessage } from './repair.js';
import { adaptNeighbours, type Neighbour } from './similar.js';
import { ticketed, type CommitStyle } from './style.js';

export type DraftSource = 'offline' | 'learned' | 'similar-commits' | 'model';

export interface Draft {
  message: string;
  source: DraftSource;
  /** Human label for completion lists. */
  label: string;
}

export interface DraftInput {
  files: DiffFile[];
  branch?: string;
  style: CommitStyle;
  history: PastCommit[];
  /** Nearest past commits to this change (from the history index), best first. */
  neighbours?: (Neighbour & { commit?: PastCommit })[];
  /** What the repository's history taught (type and scope predictors, verbs, release and bump formats). */
  learned?: RepoModel;
  model?: ModelClient;
  signal?: AbortSignal;
  onProgress?: (t: string) => void;
  onModelError?: (err: unknown) => void;
}

/** The text a change is searched by in the history index: paths, symbols, and the offline subject. */
export function changeQuery(files: DiffFile[], subject: string): string {
  const syms = files.flatMap((f) => {
    const s = touchedSymbols(f);
    return [...s.added, ...s.removed, ...s.touched];
  });
  return `${subject}\nfiles: ${files.map((f) => f.path).join(', ')}\n${[...new Set(syms)].slice(0, 20).join(' ')}`;
}

/** Drafts for a change: offline (always), from similar past commits (when there are any), from the model (when configured). */
export async function draftMessages(input: DraftInput): Promise<Draft[]> {
  const { files, style } = input;
  if (!files.length) return [];
  const facts = describeChange(files, style, input.branch);
  const composed = input.learned ? composeDraft(files, input.learned, input.branch) : undefined;
  const drafts: Draft[] = [];
  const push = (raw: string | undefined, source: DraftSource, label: string) => {
    const message = raw && repairMessage(raw, style);
    if (message && !drafts.some((d) => d.message === message)) drafts.push({ message, source, label });
  };
  if (input.model) {
    try {
      const similar = (input.neighbours ?? [])
        .map((n) => n.commit)
        .filter((c): c is PastCommit => !!c)
        .slice(0, 5);
      const a = await modelDraft(
        input.model,
        budgetDiff(files),
        style,
        { similar, recent: input.history.slice(0, 5) },
        { branch: input.branch, signal: input.signal, onProgress: input.onProgress, learned: input.learned, hint: composed?.subject },
      );
      const subject = ticketed(a.subject, style, input.branch, (key) => files.some((f) => f.hunks.some((h) => h.lines.some((l) => l.includes(key)))));
      push(`${subject}${a.body ? `\n\n${a.body}` : ''}`, 'model', `kibitz: ${input.model.settings.chatModel}`);
    } catch (err) {
      input.onModelError?.(err);
    }
  }
  // the first offline draft: what the repository's history taught, with the change's file list as the body
  if (composed) push(`${composed.subject}\n\n${facts.body.join('\n')}`, 'learned', composed.label);
  const near = input.neighbours?.length
    ? adaptNeighbours(
        facts,
        input.neighbours,
        files.map((f) => f.path),
        style,
      )
    : undefined;
  // a teammate's corrected message for a change like this one (team memory) is said to be one
  const team = input.neighbours?.[0]?.commit?.author === 'team';
  if (near) push(formatMessage(near, style), 'similar-commits', team ? "kibitz: like your team's corrected commit" : 'kibitz: like similar past commits');
  push(formatMessage(facts, style), 'offline', 'kibitz: from the staged change');
  push(formatMessage(facts, style, { body: false }), 'offline', 'kibitz: subject only');
  return drafts;
}
