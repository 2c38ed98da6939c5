import type { DiffFile } from './diff.js';
import type { PastCommit } from './history.js';

// Repositories whose subjects start with where the change is: Go's `net/http: …`, `internal/http3: …`,
// `go.mod: …`, the Linux kernel's `mm/slub: …`. The prefix is a path of the repository (a package directory or
// a file), so it is read off the staged paths, not guessed from words; a package never committed to before
// still gets its own path.

/** A subject that starts with one or more paths: `net/http: …`, `net/http, net/url: …`, `go.mod: …`. */
const AREA = /^([\w.+-]+(?:\/[\w.+-]+)*(?:, ?[\w.+-]+(?:\/[\w.+-]+)*)*): \S/;

/** Directory names inside a package that are not packages of their own. */
const INSIDE = /^(testdata|tests?|__tests__|fixtures?|internal_test)$/;

/** The area a subject starts with (its first, when it names several), if it has one. */
export function subjectArea(subject: string): string | undefined {
  return AREA.exec(subject)?.[1]!.split(',')[0]!.trim();
}

/** Every directory prefix of a path, and the path itself (`a/b/c.go` → a, a/b, a/b/c.go). */
function prefixes(file: string): string[] {
  const parts = file.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Whether a subject's area is a path the commit changed (a directory it changed files under, or a file). */
function namesItsPaths(area: string, files: string[]): boolean {
  return files.some((f) => f === area || f.startsWith(`${area}/`) || f.includes(`/${area}/`));
}

/**
 * The areas a history uses for paths, when over half of its subjects start with a path the commit changed (else
 * undefined: the prefixes are words, as in Conventional Commits, and the type predictor handles them).
 */
export function learnAreas(history: PastCommit[]): Set<string> | undefined {
  const known = new Set<string>();
  let named = 0;
  let counted = 0;
  for (const c of history) {
    if (!c.files.length) continue;
    counted++;
    const area = subjectArea(c.subject);
    if (area && namesItsPaths(area, c.files)) {
      named++;
      known.add(area);
    } else if (area === 'all') known.add(area);
  }
  return counted >= 10 && named > counted / 2 ? known : undefined;
}

/** The area of one file: the longest area the history used that contains it, else its own package directory. */
function fileArea(file: string, known: Set<string>): { area: string; known: boolean } {
  const own = prefixes(file).reverse();
  const hit = own.find((p) => known.has(p)) ?? [...known].find((a) => !a.includes('/') && file.includes(`/${a}/`));
  if (hit) return { area: hit, known: true };
  const dirs = file.split('/').slice(0, -1);
  while (dirs.length && INSIDE.test(dirs[dirs.length - 1]!)) dirs.pop();
  return { area: dirs.length ? dirs.join('/') : file, known: false };
}

/**
 * The area of a staged change: the area of most of its changed lines (areas the history used win over new
 * package paths); `all` where the history uses it and the change spans three areas or more.
 */
export function changeArea(files: DiffFile[], known: Set<string>): string | undefined {
  const weight = new Map<string, number>();
  let anyKnown = false;
  const areas = files.map((f) => ({ f, a: fileArea(f.path, known) }));
  for (const { a } of areas) anyKnown ||= a.known;
  for (const { f, a } of areas) {
    if (anyKnown && !a.known) continue;
    weight.set(a.area, (weight.get(a.area) ?? 0) + 1 + f.added + f.removed);
  }
  if (weight.size >= 3 && known.has('all')) return 'all';
  return [...weight].sort((x, y) => y[1] - x[1])[0]?.[0];
}
