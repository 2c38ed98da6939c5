import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isSecretFile } from '../../safety/secret-files.js';
import { readConfined } from '../../util/safe-read.js';
import { gitignoreRules } from '../../util/gitignore.js';
import path from 'node:path';
import { chunkText, sections } from '../chunk.js';
import type { Item } from '../store.js';

export const DOC_FILE = /\.(md|markdown|mdx|rst|txt|adoc)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'target', 'vendor', '.venv', '__pycache__', '.cache']);

/** Documentation files of a workspace: `git ls-files` (so .gitignore is respected), or a walk without the usual build dirs. */
export function docFiles(root: string, limit = 5000): string[] {
  return workspaceFiles(root, (rel) => DOC_FILE.test(rel), limit);
}

/** Files of a workspace whose relative path passes `wanted`, never a secrets file: `git ls-files` (so .gitignore is respected), or a walk without the usual build dirs. */
export function workspaceFiles(root: string, wanted: (rel: string) => boolean, limit = 5000): string[] {
  try {
    const out = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\0')
      .filter((f) => wanted(f) && !isSecretFile(f))
      .slice(0, limit)
      .map((f) => path.join(root, f));
  } catch {
    const found: string[] = [];
    const ignore = gitignoreRules(root);
    const walk = (dir: string) => {
      if (found.length >= limit) return;
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const rel = path.relative(root, path.join(dir, e.name));
        if (ignore.some((re) => re.test(rel))) continue;
        if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name));
        else if ((e.isFile() || e.isSymbolicLink()) && wanted(rel) && !isSecretFile(rel)) found.push(path.join(dir, e.name));
      }
    };
    walk(root);
    return found;
  }
}

/** Chunks of one documentation file, each with its heading path and line. */
export function docItems(root: string, file: string): Item[] {
  // a repository's docs/x.md may be a link to /proc/self/environ, a device or a file outside it: not read
  const read = readConfined(root, file, 1024 * 1024);
  if (!read.ok) return [];
  const text = read.text;
  const rel = path.relative(root, file);
  const out: Item[] = [];
  for (const s of sections(text)) {
    chunkText(s.body).forEach((chunk, i) => {
      out.push({ id: `doc:${rel}#${s.line}.${i}`, text: `${rel}${s.heading ? ' — ' + s.heading : ''}\n${chunk}`, meta: { kind: 'doc', path: rel, line: s.line, heading: s.heading } });
    });
  }
  return out;
}
