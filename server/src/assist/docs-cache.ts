import { statSync } from 'node:fs';
import { askFiles, buildDocsIndex, readPassages, type DocsIndex } from './ask.js';
import type { Passage } from './passages.js';

interface FileState {
  mtimeMs: number;
  size: number;
  passages: Passage[];
}

interface RootState {
  files: Map<string, FileState>;
  /** The docs files of the workspace, as last listed. */
  listed?: string[];
  /** The file list must be read again (a watched file was created, deleted or a .gitignore changed). */
  relist: boolean;
  listedAt: number;
  built?: DocsIndex;
}

export interface DocsCacheStats {
  /** Files read and split into passages, in all (a file that did not change is not read again). */
  reads: number;
  /** Times the workspace's docs files were listed. */
  listings: number;
}

/**
 * The docs index of each workspace, kept fresh incrementally: a question reads only the files whose size or
 * modification time changed since the last one, and drops deleted ones. When the editor reports file changes
 * (`watching`: workspace/didChangeWatchedFiles), the file list itself is read again only after a change was
 * reported; otherwise it is listed for every question (still without reading unchanged files).
 */
export class DocsCache {
  private readonly roots = new Map<string, RootState>();
  readonly stats: DocsCacheStats = { reads: 0, listings: 0 };
  watching = false;

  constructor(private readonly list: (root: string) => string[] = (root) => askFiles(root)) {}

  /**
   * The index of `root`'s docs. Without file watching the file list is read again when it is older than
   * `maxAgeMs` (0: for every call, as a question wants; a hover accepts a few seconds).
   */
  get(root: string, maxAgeMs = 0): DocsIndex {
    let st = this.roots.get(root);
    if (!st) {
      st = { files: new Map(), relist: true, listedAt: 0 };
      this.roots.set(root, st);
    }
    if (!st.listed || st.relist || (!this.watching && Date.now() - st.listedAt >= maxAgeMs)) {
      st.listed = this.list(root);
      st.relist = false;
      st.listedAt = Date.now();
      this.stats.listings++;
    }
    let changed = !st.built;
    const present = new Set(st.listed);
    for (const f of [...st.files.keys()]) {
      if (!present.has(f)) {
        st.files.delete(f);
        changed = true;
      }
    }
    for (const file of st.listed) {
      let s: { mtimeMs: number; size: number };
      try {
        s = statSync(file);
      } catch {
        if (st.files.delete(file)) changed = true;
        continue;
      }
      const old = st.files.get(file);
      if (old && old.mtimeMs === s.mtimeMs && old.size === s.size) continue;
      st.files.set(file, { mtimeMs: s.mtimeMs, size: s.size, passages: readPassages(root, file) });
      this.stats.reads++;
      changed = true;
    }
    if (changed || !st.built) st.built = buildDocsIndex([...st.listed].flatMap((f) => st.files.get(f)?.passages ?? []));
    return st.built;
  }

  /**
   * Files changed on disk (absolute paths). A created or deleted file, or a changed `.gitignore`, makes the file
   * list of its workspace be read again; an edited file is re-read on the next question anyway.
   */
  changed(files: { path: string; kind: 'created' | 'changed' | 'deleted' }[]): void {
    for (const [root, st] of this.roots) {
      for (const f of files) {
        if (!f.path.startsWith(root)) continue;
        if (f.kind !== 'changed' || f.path.endsWith('.gitignore')) st.relist = true;
        // an edit to a file of the list is noticed by its modification time; force it when the clock did not move
        if (f.kind === 'changed') st.files.delete(f.path);
      }
    }
  }
}
