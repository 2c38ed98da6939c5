import { statSync } from 'node:fs';
import { repoNameOf } from '../feedback/repo-name.js';
import { readTeamExamples, stagedPaths, teamExamplesFile } from '../feedback/team-memory.js';
import type { PastCommit } from './history.js';

let cached: { dir: string; mtime: number; commits: (PastCommit & { repo?: string })[] } | undefined;

/**
 * The commit messages teammates corrected (pulled from the team store), as past commits of this repository: they
 * join the history's neighbours, so a change like one a teammate committed gets their wording, offline and in
 * the model's examples. Only the subject and the paths are used; the hash says where it came from.
 */
export function teamCommits(dir: string, root: string): PastCommit[] {
  let mtime: number;
  try {
    mtime = statSync(teamExamplesFile(dir)).mtimeMs;
  } catch {
    return [];
  }
  if (!cached || cached.dir !== dir || cached.mtime !== mtime) {
    const commits = readTeamExamples(dir)
      .filter((e) => e.feature === 'commit' || e.kind.startsWith('commit'))
      .map((e) => ({
        hash: e.id,
        subject: e.output.split('\n')[0]!.trim(),
        body: e.output.split('\n').slice(2).join('\n').trim(),
        author: 'team',
        files: stagedPaths(e.input),
        ...(e.repo ? { repo: e.repo } : {}),
      }))
      .filter((c) => c.subject && c.files.length);
    cached = { dir, mtime, commits: commits.reverse() };
  }
  const repo = repoNameOf(root);
  return cached.commits.filter((c) => !c.repo || c.repo === repo);
}
