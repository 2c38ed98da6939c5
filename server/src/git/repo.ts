import { safeRegExp } from '../util/pattern.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gitMaybe } from '../util/git.js';
import { parseDiff, type DiffFile } from './diff.js';

/** A commit message buffer: languageId gitcommit/git-commit, or a file named COMMIT_EDITMSG (worktrees too). */
export function isCommitBuffer(languageId: string, file: string): boolean {
  return languageId === 'gitcommit' || languageId === 'git-commit' || path.basename(file) === 'COMMIT_EDITMSG';
}

/** A pull request description buffer: PULLREQ_EDITMSG, *.pr.md, or a configured glob. */
export function isPrBuffer(file: string, globs: string[] = []): boolean {
  const name = path.basename(file);
  if (name === 'PULLREQ_EDITMSG' || name.endsWith('.pr.md')) return true;
  return globs.some((g) => globToRegExp(g).test(file) || globToRegExp(g).test(name));
}

function globToRegExp(g: string): RegExp {
  const re = g
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0001')
    .replace(/\*\*/g, '\u0002')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0001/g, '(?:.*/)?')
    .replace(/\u0002/g, '.*');
  try {
    return safeRegExp('^' + re + '$');
  } catch {
    return /(?!)/;
  }
}

export interface Repo {
  root: string;
  gitDir: string;
}

/** The repository of a file, including `.git/COMMIT_EDITMSG` and `.git/worktrees/<name>/COMMIT_EDITMSG`. */
export async function repoOf(file: string): Promise<Repo | undefined> {
  const wt = /^(.*)\/\.git\/worktrees\/[^/]+\/[^/]+$/.exec(file);
  if (wt) {
    const gitDir = path.dirname(file);
    try {
      const pointer = readFileSync(path.join(gitDir, 'gitdir'), 'utf8').trim();
      return { root: path.dirname(pointer), gitDir };
    } catch {
      return undefined;
    }
  }
  const inGit = /^(.*)\/\.git\/[^/]+$/.exec(file);
  if (inGit) return { root: inGit[1]!, gitDir: path.dirname(file) };
  const dir = path.dirname(file);
  const out = await gitMaybe(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir']);
  if (!out) return undefined;
  const [root, gitDir] = out.trim().split('\n');
  return root && gitDir ? { root, gitDir } : undefined;
}

export type SkipReason = 'merge' | 'squash' | 'rebase' | 'revert' | 'cherry-pick' | 'has-message';

/** Buffers kibitz leaves alone unless asked: merges, squashes, rebases, reverts, and messages already written. */
export function skipReason(repo: Repo, bufferText: string): SkipReason | undefined {
  const has = (f: string) => existsSync(path.join(repo.gitDir, f));
  if (has('MERGE_MSG') || has('MERGE_HEAD')) return 'merge';
  if (has('SQUASH_MSG')) return 'squash';
  if (has('rebase-merge') || has('rebase-apply')) return 'rebase';
  if (has('REVERT_HEAD')) return 'revert';
  if (has('CHERRY_PICK_HEAD')) return 'cherry-pick';
  if (messageText(bufferText).trim()) return 'has-message';
  return undefined;
}

/** The buffer without comment lines (and without the verbose diff after the scissors line). */
export function messageText(bufferText: string): string {
  const cut = bufferText.indexOf('# ------------------------ >8 ------------------------');
  const text = cut >= 0 ? bufferText.slice(0, cut) : bufferText;
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n')
    .trimEnd();
}

export interface StagedChange {
  files: DiffFile[];
  branch: string | undefined;
  /** Hash of the staged diff: drafts are cached by it. */
  key: string;
}

export async function stagedChange(root: string, signal?: AbortSignal): Promise<StagedChange> {
  const [diff, branch] = await Promise.all([
    gitMaybe(root, ['diff', '--cached', '-M', '--no-ext-diff', '--no-textconv', '-U3'], { signal }),
    gitMaybe(root, ['rev-parse', '--abbrev-ref', 'HEAD'], { signal }),
  ]);
  const text = diff ?? '';
  return { files: parseDiff(text), branch: branch?.trim() && branch.trim() !== 'HEAD' ? branch.trim() : undefined, key: createHash('sha256').update(text).digest('hex') };
}
