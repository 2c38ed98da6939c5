import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string | undefined>();

/** `owner/name` from a remote URL (https, ssh or scp-like), without `.git` and without any credentials. */
export function repoFromRemote(url: string): string | undefined {
  const m = /[:/]([^/:@\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

function gitDirOf(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    // a worktree or submodule: `.git` is a file naming the real git dir
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return m ? path.resolve(root, m[1]!.trim()) : undefined;
  } catch {
    return undefined;
  }
}

function originOf(gitDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(gitDir, 'config'), 'utf8');
  } catch {
    return undefined;
  }
  const section = /\[remote "origin"\]([^[]*)/.exec(text)?.[1] ?? '';
  const url = /^\s*url\s*=\s*(.+)$/m.exec(section)?.[1];
  return url ? repoFromRemote(url) : undefined;
}

/**
 * The repository a file or folder belongs to, as the team store names it: the origin remote's `owner/name`, or
 * the repository folder's name when there is no origin; undefined outside a repository. Read from `.git` (no git
 * process), cached per folder.
 */
export function repoNameOf(fileOrUri: string | undefined): string | undefined {
  if (!fileOrUri) return undefined;
  let p = fileOrUri;
  if (p.startsWith('file:')) {
    try {
      p = fileURLToPath(p);
    } catch {
      return undefined;
    }
  } else if (/^[a-z][\w+.-]*:/i.test(p)) return undefined;
  let dir = existsSync(p) && statSync(p).isDirectory() ? p : path.dirname(p);
  const seen: string[] = [];
  for (;;) {
    if (cache.has(dir)) return remember(seen, cache.get(dir));
    seen.push(dir);
    const gitDir = gitDirOf(dir);
    if (gitDir) return remember(seen, originOf(gitDir) ?? path.basename(dir));
    const up = path.dirname(dir);
    if (up === dir) return remember(seen, undefined);
    dir = up;
  }
}

function remember(dirs: string[], name: string | undefined): string | undefined {
  for (const d of dirs) cache.set(d, name);
  if (cache.size > 2000) cache.delete(cache.keys().next().value!);
  return name;
}
