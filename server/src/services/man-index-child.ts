import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ManBuild } from '../retrieval/man-index-build.js';

/**
 * Build the man index in a child process at the lowest priority; progress as (done, total). Rejects with the
 * child's error, or when `signal` aborts (the child is killed).
 */
export function indexInChild(dir: string, manpath: string[], opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<ManBuild> {
  // compiled (server/out), bundled beside the VS Code extension's server (.mjs), or from the sources (tests, tsx:
  // TypeScript, run with tsx's loader)
  const candidates = ['./man-index-worker.js', './man-index-worker.mjs', './man-index-worker.ts'].map((f) => fileURLToPath(new URL(f, import.meta.url)));
  const script = candidates.find((f) => existsSync(f)) ?? candidates[0]!;
  const child = fork(script, [], { execArgv: script.endsWith('.ts') ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, UV_THREADPOOL_SIZE: '2' } });
  try {
    if (child.pid) setPriority(child.pid, 19);
  } catch {
    // not allowed here: it still runs, at normal priority
  }
  return new Promise((resolve, reject) => {
    const abort = () => {
      child.kill();
      reject(new Error('cancelled'));
    };
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.on('message', (m: { type: string; done?: number; total?: number; message?: string } & Partial<ManBuild>) => {
      if (m.type === 'progress') opts.onProgress?.(m.done ?? 0, m.total ?? 0);
      else if (m.type === 'done') resolve({ pages: m.pages ?? 0, examples: m.examples ?? 0 });
      else if (m.type === 'error') reject(new Error(m.message ?? 'indexing failed'));
    });
    child.on('exit', (code) => {
      opts.signal?.removeEventListener('abort', abort);
      if (code) reject(new Error(`the indexing process exited with ${code}`));
    });
    child.on('error', reject);
    child.send({ dir, manpath });
  });
}
