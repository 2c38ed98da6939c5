import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCommitBuffer, isPrBuffer, messageText, repoOf, skipReason } from '../../server/src/git/repo.js';
import { GitFixture } from '../support/git-fixtures.js';

describe('commit and PR buffers', () => {
  it('recognises commit buffers by languageId or name, and PR buffers by name or glob', () => {
    expect(isCommitBuffer('gitcommit', '/x/anything')).toBe(true);
    expect(isCommitBuffer('git-commit', '/x/anything')).toBe(true);
    expect(isCommitBuffer('plaintext', '/r/.git/COMMIT_EDITMSG')).toBe(true);
    expect(isCommitBuffer('markdown', '/r/README.md')).toBe(false);
    expect(isPrBuffer('/r/.git/PULLREQ_EDITMSG')).toBe(true);
    expect(isPrBuffer('/tmp/feature.pr.md')).toBe(true);
    expect(isPrBuffer('/tmp/gh-1234/body.md', ['**/gh-*/body.md'])).toBe(true);
    expect(isPrBuffer('/tmp/notes.md')).toBe(false);
  });

  it('finds the repository from .git/COMMIT_EDITMSG, a worktree COMMIT_EDITMSG, and a file in the tree', async () => {
    const g = new GitFixture('wt').commit('init', { 'a.txt': 'a\n' });
    expect(await repoOf(path.join(g.root, '.git/COMMIT_EDITMSG'))).toEqual({ root: g.root, gitDir: path.join(g.root, '.git') });
    expect((await repoOf(path.join(g.root, 'a.txt')))?.root).toBe(g.root);
    const wt = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-wt-')), 'feature');
    g.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const r = await repoOf(path.join(g.root, '.git/worktrees/feature/COMMIT_EDITMSG'));
    expect(r).toEqual({ root: wt, gitDir: path.join(g.root, '.git/worktrees/feature') });
    expect(await repoOf(path.join(tmpdir(), 'no-repo-here', 'x'))).toBeUndefined();
  });

  it('skips merges, squashes, rebases and messages already written', () => {
    const g = new GitFixture('skip').commit('init', { 'a.txt': 'a\n' });
    const repo = { root: g.root, gitDir: path.join(g.root, '.git') };
    expect(skipReason(repo, '\n# comment\n')).toBeUndefined();
    expect(skipReason(repo, 'my own subject\n# comment\n')).toBe('has-message');
    g.write('.git/SQUASH_MSG', 'x');
    expect(skipReason(repo, '')).toBe('squash');
    g.write('.git/MERGE_MSG', 'x');
    expect(skipReason(repo, '')).toBe('merge');
    expect(messageText('subject\n# c\nbody\n# ------------------------ >8 ------------------------\ndiff --git a b\n')).toBe('subject\nbody');
  });
});
