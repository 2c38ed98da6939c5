import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Reading a file a repository controls. A repository can make any name a symlink to `/dev/zero`,
 * `/proc/self/environ` or a file outside the repository, or a FIFO that never ends. Files are read only when they
 * are regular files inside the root (after following links), and never past `maxBytes`.
 */
export type SafeRead = { ok: true; text: string; path: string } | { ok: false; reason: string };

const SYSTEM_TREES = ['/proc', '/sys', '/dev'];

function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `file` when it is inside `root` (both resolved), else a reason. */
export function confined(root: string, file: string): { ok: true; real: string } | { ok: false; reason: string } {
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(file);
  } catch (err) {
    return { ok: false, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : String((err as Error).message) };
  }
  if (SYSTEM_TREES.some((t) => within(t, real))) return { ok: false, reason: `${file} points into ${real.split('/').slice(0, 2).join('/')}` };
  if (!within(realRoot, real)) return { ok: false, reason: `${file} points outside ${root}` };
  return { ok: true, real };
}

/** Read a regular file inside `root` (links followed only when they stay inside), at most `maxBytes`. */
export function readConfined(root: string, file: string, maxBytes: number): SafeRead {
  const where = confined(root, file);
  if (!where.ok) return where;
  return readRegular(where.real, maxBytes);
}

/** Read a regular file (no device, FIFO or directory), refusing it when it is larger than `maxBytes`. */
export function readRegular(file: string, maxBytes: number): SafeRead {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    return { ok: false, reason: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (err as Error).message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `${file} is not a regular file` };
    if (st.size > maxBytes) return { ok: false, reason: `${file} is larger than ${maxBytes} bytes` };
    // the size a file reports is not a promise: read at most one byte more than allowed
    const buf = Buffer.alloc(Math.min(maxBytes, st.size) + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) return { ok: false, reason: `${file} is larger than ${maxBytes} bytes` };
    return { ok: true, text: buf.subarray(0, n).toString('utf8'), path: file };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    closeSync(fd);
  }
}

/** Is `file` itself a symlink? (lstat; a missing file is not) */
export function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
