import { git } from './exec.js';

export interface PastCommit {
  hash: string;
  subject: string;
  body: string;
  author: string;
  files: string[];
}

/** The last `n` non-merge commits (newest first), with the files each changed. `until` limits to commits before a rev. */
export async function recentCommits(root: string, n = 200, until?: string): Promise<PastCommit[]> {
  let out: string;
  try {
    out = await git(root, ['log', '--no-merges', `-n${n}`, '--format=%x1e%H%x1f%an <%ae>%x1f%s%x1f%b%x1f', '--name-only', ...(until ? [until] : [])]);
  } catch {
    return [];
  }
  return parseLog(out);
}

export function parseLog(out: string): PastCommit[] {
  const commits: PastCommit[] = [];
  for (const rec of out.split('\x1e')) {
    const [hash, author, subject, body, files] = rec.split('\x1f');
    if (!hash || subject === undefined) continue;
    commits.push({ hash: hash.trim(), author: author ?? '', subject: subject.trim(), body: (body ?? '').trim(), files: (files ?? '').split('\n').map((f) => f.trim()).filter(Boolean) });
  }
  return commits;
}
