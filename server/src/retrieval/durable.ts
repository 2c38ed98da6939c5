import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';

// What atomic saves need: checksums of written files, and fsync of files and of their directory.

/** The SHA-256 of a file's bytes. */
export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** Flush a file to disk. */
export async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Flush a directory (the renames in it) to disk, where the file system allows it. */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // some file systems cannot fsync a directory
  }
}
