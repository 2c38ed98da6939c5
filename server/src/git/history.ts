import { git } from '../util/git.js';

/** One file a past commit changed, with its line counts (`-` counts for binary files are 0). */
export interface PastFile {
  path: string;
  added: number;
  removed: number;
  status?: 'added' | 'deleted';
}

export interface PastCommit {
  hash: string;
  subject: string;
  body: string;
  author: string;
  files: string[];
  /** Per-file line counts and created/deleted status, when the log was read with `--numstat --summary`. */
  stats?: PastFile[];
}

/** The log format every reader uses: hash, author, subject, body, then the file list that follows. */
export const LOG_FORMAT = '--format=%x1e%H%x1f%an <%ae>%x1f%s%x1f%b%x1f';

/** The last `n` non-merge commits (newest first), with the files each changed. `until` limits to commits before a rev. */
export async function recentCommits(root: string, n = 200, until?: string): Promise<PastCommit[]> {
  let out: string;
  try {
    out = await git(root, ['log', '--no-merges', `-n${n}`, LOG_FORMAT, '--numstat', '--summary', '--no-renames', ...(until ? [until] : [])], { timeoutMs: 60_000, maxBuffer: 512 * 1024 * 1024 });
  } catch {
    return [];
  }
  return parseLog(out);
}

/** Parse `git log` output in LOG_FORMAT followed by `--name-only` or `--numstat [--summary]` lines. */
export function parseLog(out: string): PastCommit[] {
  const commits: PastCommit[] = [];
  for (const rec of out.split('\x1e')) {
    const c = parseRecord(rec);
    if (c) commits.push(c);
  }
  return commits;
}

/** The same, yielding to the event loop every `slice` commits (a 5,000-commit log is tens of megabytes). */
export async function parseLogAsync(out: string, slice = 250): Promise<PastCommit[]> {
  const commits: PastCommit[] = [];
  let from = 0;
  for (let n = 0; from < out.length; n++) {
    const next = out.indexOf('\x1e', from + 1);
    const c = parseRecord(out.slice(from, next < 0 ? out.length : next));
    if (c) commits.push(c);
    from = next < 0 ? out.length : next;
    if (n % slice === slice - 1) await new Promise((r) => setImmediate(r));
  }
  return commits;
}

function parseRecord(rec: string): PastCommit | undefined {
  const [hash, author, subject, body, tail] = rec.replace(/^\x1e/, '').split('\x1f');
  if (!hash || subject === undefined) return undefined;
  const stats: PastFile[] = [];
  const created = new Map<string, 'added' | 'deleted'>();
  let numstat = false;
  for (const raw of (tail ?? '').split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const ns = /^(\d+|-)\t(\d+|-)\t(.+)$/.exec(line);
    const sm = /^(create|delete) mode \d+ (.+)$/.exec(line);
    if (ns) {
      numstat = true;
      stats.push({ path: ns[3]!, added: ns[1] === '-' ? 0 : Number(ns[1]), removed: ns[2] === '-' ? 0 : Number(ns[2]) });
    } else if (sm) created.set(sm[2]!, sm[1] === 'create' ? 'added' : 'deleted');
    else if (!/^(rename|copy|mode change) /.test(line)) stats.push({ path: line, added: 0, removed: 0 });
  }
  for (const s of stats) {
    const st = created.get(s.path);
    if (st) s.status = st;
  }
  return { hash: hash.trim(), author: author ?? '', subject: subject.trim(), body: (body ?? '').trim(), files: stats.map((s) => s.path), ...(numstat ? { stats } : {}) };
}
