import { execFile } from 'node:child_process';

/** Run git in `cwd` (never a shell), with a time limit; stdout as text. Rejects with git's own message. */
export function git(cwd: string, args: string[], opts: { timeoutMs?: number; maxBuffer?: number; signal?: AbortSignal } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', cwd, '-c', 'core.quotepath=off', '-c', 'color.ui=false', ...args],
      { timeout: opts.timeoutMs ?? 10_000, maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024, signal: opts.signal, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args[0]}: ${(stderr || err.message).trim().split('\n')[0]}`));
        else resolve(stdout);
      },
    );
  });
}

/** git, or undefined when it fails (not a repository, no such ref). */
export async function gitMaybe(cwd: string, args: string[], opts?: Parameters<typeof git>[2]): Promise<string | undefined> {
  try {
    return await git(cwd, args, opts);
  } catch {
    return undefined;
  }
}
