import type { DiffFile } from './diff.js';
import type { PastCommit, PastFile } from './history.js';

/**
 * What a change looks like to the type and scope predictors: where it is (top directories, every directory name,
 * extensions, well-known files), what kind of files (source, test, docs, CI, build, dependencies), its shape
 * (files created or deleted, size), and the branch prefix when there is one. The same features come from a past
 * commit (`git log --numstat --summary`) and from a staged diff, so a model trained on history predicts for both.
 */
export type FileKind = 'test' | 'doc' | 'ci' | 'build' | 'deps' | 'lock' | 'config' | 'source' | 'asset';

const LOCK = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|poetry\.lock|Pipfile\.lock|Gemfile\.lock|composer\.lock|go\.sum|flake\.lock|uv\.lock)$/;
const MANIFEST =
  /(^|\/)(package\.json|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|pyproject\.toml|requirements[\w.-]*\.txt|Gemfile|composer\.json|pnpm-workspace\.yaml|renovate\.json5?|\.renovaterc|dependabot\.ya?ml)$/;

export function fileKind(p: string): FileKind {
  if (LOCK.test(p)) return 'lock';
  if (/^\.github\/workflows\/|^\.gitlab-ci\.yml$|^\.circleci\/|^\.ci\/|(^|\/)Jenkinsfile[\w.-]*$|^\.buildkite\/|^\.github\/actions\/|\.travis\.yml$|azure-pipelines/.test(p)) return 'ci';
  if (
    /(^|\/)(test|tests|__tests__|spec|specs|testdata|fixtures|e2e|integration)\/|[._-](test|spec|tst|test-d)\.\w+$|_test\.(go|py|rs)$|(^|\/)test_[\w-]+\.py$|Test\.java$|Tests?\.(cs|kt|scala)$/.test(p)
  )
    return 'test';
  if (/\.(md|mdx|rst|txt|adoc|html?)$/i.test(p) || /(^|\/)(docs?|documentation|website)\//i.test(p) || /(^|\/)(README|CHANGELOG|CONTRIBUTING|LICENSE|NOTICE|AUTHORS)/i.test(p)) return 'doc';
  if (MANIFEST.test(p)) return 'deps';
  if (
    /(^|\/)(Makefile|CMakeLists\.txt|Dockerfile[\w.-]*|tsconfig[\w.]*\.json|vite\.config\.\w+|webpack\.config\.\w+|rollup\.config\.\w+|build\.rs|setup\.py|setup\.cfg|meson\.build|\.bazelrc|BUILD(\.bazel)?|WORKSPACE)$/.test(
      p,
    )
  )
    return 'build';
  if (/(^|\/)\.[\w-]+rc(\.\w+)?$|\.(ya?ml|toml|ini|cfg|conf|json5?)$|(^|\/)\.(gitignore|gitattributes|editorconfig|npmrc|nvmrc)$/.test(p)) return 'config';
  if (/\.(png|jpe?g|gif|svg|ico|webp|woff2?|ttf|mp4|pdf)$/i.test(p)) return 'asset';
  return 'source';
}

function sizeBucket(n: number): string {
  return n <= 2 ? 'xs' : n <= 10 ? 's' : n <= 50 ? 'm' : n <= 300 ? 'l' : 'xl';
}

/** Features of a set of changed files (path, line counts, created or deleted). */
export function changeFeatures(files: PastFile[], branch?: string): string[] {
  const f = new Set<string>();
  const kinds = new Set<FileKind>();
  let lines = 0;
  for (const file of files.slice(0, 60)) {
    const p = file.path;
    const parts = p.split('/');
    const kind = fileKind(p);
    kinds.add(kind);
    f.add(`k:${kind}`);
    f.add(`t:${parts.length > 1 ? parts[0] : '.'}`);
    if (parts.length > 2) f.add(`t2:${parts.slice(0, 2).join('/')}`);
    if (parts.length > 3) f.add(`t3:${parts.slice(0, 3).join('/')}`);
    for (const d of parts.slice(0, -1)) f.add(`d:${d.toLowerCase()}`);
    const name = parts[parts.length - 1]!;
    const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
    if (ext) f.add(`x:${ext}`);
    f.add(`n:${name.toLowerCase()}`);
    for (const w of name.replace(/\.[^.]+$/, '').split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/)) if (w.length > 2) f.add(`w:${w.toLowerCase()}`);
    if (file.status) f.add(`st:${file.status}:${kind}`);
    lines += file.added + file.removed;
  }
  if (kinds.size === 1) f.add(`only:${[...kinds][0]}`);
  if ([...kinds].every((k) => k === 'lock' || k === 'deps')) f.add('only:dependencies');
  if ([...kinds].every((k) => k === 'test' || k === 'doc')) f.add('only:tests-docs');
  f.add(`files:${sizeBucket(files.length)}`);
  f.add(`lines:${sizeBucket(lines)}`);
  const added = files.reduce((s, x) => s + x.added, 0);
  const removed = files.reduce((s, x) => s + x.removed, 0);
  f.add(added > removed * 3 ? 'grow:more' : removed > added * 3 ? 'grow:less' : 'grow:even');
  const prefix = branch ? /^(feat|feature|fix|bugfix|hotfix|docs?|chore|refactor|test|ci|build|perf|release|deps|dependabot|renovate)\b/i.exec(branch)?.[1]?.toLowerCase() : undefined;
  if (prefix)
    f.add(
      `branch:${prefix
        .replace(/^feature$/, 'feat')
        .replace(/^(bugfix|hotfix)$/, 'fix')
        .replace(/^doc$/, 'docs')}`,
    );
  return [...f];
}

export function pastFiles(c: PastCommit): PastFile[] {
  return c.stats ?? c.files.map((path) => ({ path, added: 0, removed: 0 }));
}

export function diffFiles(files: DiffFile[]): PastFile[] {
  return files.map((f) => ({ path: f.path, added: f.added, removed: f.removed, ...(f.status === 'added' || f.status === 'deleted' ? { status: f.status } : {}) }));
}

/** A multinomial naive Bayes over feature sets, with its confidence (the winning posterior). */
export class NaiveBayes {
  private readonly classes = new Map<string, { n: number; features: Map<string, number>; total: number }>();
  private readonly vocabulary = new Set<string>();
  private docs = 0;

  add(label: string, features: string[]): void {
    const c = this.classes.get(label) ?? { n: 0, features: new Map<string, number>(), total: 0 };
    c.n++;
    for (const f of features) {
      c.features.set(f, (c.features.get(f) ?? 0) + 1);
      c.total++;
      this.vocabulary.add(f);
    }
    this.classes.set(label, c);
    this.docs++;
  }

  get size(): number {
    return this.docs;
  }

  labels(): string[] {
    return [...this.classes].sort((a, b) => b[1].n - a[1].n).map(([l]) => l);
  }

  /** Labels by posterior, best first. */
  predict(features: string[]): { label: string; p: number }[] {
    if (!this.docs) return [];
    const v = this.vocabulary.size + 1;
    const scores = [...this.classes].map(([label, c]) => {
      let s = Math.log(c.n / this.docs);
      for (const f of features) if (this.vocabulary.has(f)) s += Math.log(((c.features.get(f) ?? 0) + 0.5) / (c.total + 0.5 * v));
      return { label, s };
    });
    const max = Math.max(...scores.map((x) => x.s));
    const z = scores.reduce((a, x) => a + Math.exp(x.s - max), 0);
    return scores.map((x) => ({ label: x.label, p: Math.exp(x.s - max) / z })).sort((a, b) => b.p - a.p);
  }
}
