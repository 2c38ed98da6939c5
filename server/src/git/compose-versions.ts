import type { Composed } from './compose.js';
import type { DiffFile } from './diff.js';
import { fileKind } from './features.js';
import { labelOf, VERSION, type RepoModel } from './learn.js';
import { slotted, withTicket } from './style.js';

// Releases and dependency bumps: what version a change sets, which packages it moves, and the subject the
// repository's own release and bump formats give them.

/** Every changed line mentions a version (a release or a bump, nothing else). */
function versionOnly(files: DiffFile[]): boolean {
  const lines = files.filter((f) => fileKind(f.path) !== 'lock').flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => /^[+-]\S/.test(l) || /^[+-]\s+\S/.test(l))));
  // (`uses: actions/checkout@v6`, or pinned `@<sha> # v7.0.0`, is a version too)
  return lines.length > 0 && lines.every((l) => /\d+\.\d+(\.\d+)?|@v?\d+\b|@[0-9a-f]{40}\b|^[+-]\s*$|^[+-]\s*#/.test(l));
}

/** A version the change sets: package.json, Cargo.toml, pyproject/setup, pom.xml, VERSION files, a new changelog entry. */
export function versionChange(files: DiffFile[]): { version: string; name?: string } | undefined {
  for (const f of files) {
    if (fileKind(f.path) === 'lock') continue;
    const added = f.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('+')));
    const manifest = /(^|\/)(package\.json|Cargo\.toml|pyproject\.toml|pom\.xml)$/.test(f.path);
    const constant = /^\+\s*(?:export\s+)?(?:const|let|var|static|pub\s+const)?\s*(?:VERSION|version|__version__)\s*[:=]\s*['"]v?(\d[\w.+-]*)['"]/;
    for (const l of manifest ? [] : added) {
      const m = constant.exec(l);
      if (m && VERSION.test(m[1]!)) return { version: m[1]! };
    }
    const pattern = /(^|\/)package\.json$/.test(f.path)
      ? /^\+\s*"version":\s*"([^"]+)"/
      : /(^|\/)(Cargo\.toml|pyproject\.toml)$/.test(f.path)
        ? /^\+\s*version\s*=\s*"([^"]+)"/
        : /(^|\/)pom\.xml$/.test(f.path)
          ? /^\+\s*<version>([^<]+)<\/version>/
          : /(^|\/)(VERSION|version\.txt)$/.test(f.path)
            ? /^\+\s*v?(\d[\w.+-]*)\s*$/
            : /(^|\/)(setup\.py|version\.py|__init__\.py)$/.test(f.path)
              ? /^\+\s*(?:__version__|version)\s*=\s*['"]([^'"]+)['"]/
              : undefined;
    const toml = /(^|\/)(Cargo\.toml|pyproject\.toml)$/.test(f.path);
    for (const h of pattern ? f.hunks : []) {
      for (const [i, l] of h.lines.entries()) {
        if (!l.startsWith('+')) continue;
        const m = pattern!.exec(l);
        if (!m || !VERSION.test(m[1]!)) continue;
        // a `version =` under a dependency table (`[dependencies.x]`) is a bump, not this package's release
        const table = toml ? tomlTable(h, i) : undefined;
        if (table && !/^(package|project|workspace\.package|tool\.poetry)$/.test(table.name)) continue;
        if (/(^|\/)pom\.xml$/.test(f.path) && nestedInPom(h, i)) continue;
        // a crate in a workspace is released by its package name (`grep-searcher`), else its directory; the root one is not named
        const member = /(^|\/)Cargo\.toml$/.test(f.path) ? f.path.split('/').slice(-2, -1)[0] : undefined;
        const name = member ? (table?.packageName ?? member) : undefined;
        return { version: m[1]!, ...(name ? { name } : {}) };
      }
    }
  }
  return undefined;
}

/**
 * A pom.xml `<version>` of a plugin, dependency or parent, not of the project itself: the hunk shows the element
 * it is in, or it is indented deeper than a project's own version.
 */
function nestedInPom(h: DiffFile['hunks'][number], at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const l = h.lines[i]!;
    if (l.startsWith('-')) continue;
    if (/<(plugin|dependency|parent|extension)>/.test(l)) return true;
    if (/<\/(plugin|dependency|parent|extension)>|<project\b|<modelVersion>/.test(l)) return false;
  }
  return /^\+(\s{5,}|\t{2,})</.test(h.lines[at]!);
}

/** Versions written in a plugin's or dependency's own element (`<artifactId>x</artifactId> <version>…`). */
function pomElementBumps(f: DiffFile): { name: string; from?: string; to: string }[] {
  const out: { name: string; from?: string; to: string }[] = [];
  for (const h of f.hunks) {
    h.lines.forEach((l, i) => {
      const to = /^\+\s*<version>([^<$]+)<\/version>/.exec(l)?.[1];
      if (!to || !nestedInPom(h, i)) return;
      const above = h.lines.slice(0, i).reverse();
      const name = above.map((x) => /^[ +]\s*<artifactId>([^<]+)<\/artifactId>/.exec(x)?.[1]).find(Boolean);
      const from = above.map((x) => /^-\s*<version>([^<$]+)<\/version>/.exec(x)?.[1]).find(Boolean);
      if (name) out.push({ name, ...(from ? { from } : {}), to });
    });
  }
  return out;
}

/**
 * The TOML table a hunk line belongs to, as far as the hunk shows (its header line, or the hunk header's text),
 * with the package name the table gives above the line (`name = "grep-searcher"`).
 */
function tomlTable(h: DiffFile['hunks'][number], at: number): { name: string; packageName?: string } | undefined {
  let packageName: string | undefined;
  for (let i = at - 1; i >= 0; i--) {
    const l = h.lines[i]!;
    // the new file's lines: context and added
    if (l.startsWith('-')) continue;
    const header = /^[ +]\s*\[+([^\]]+)\]+/.exec(l);
    if (header) return { name: header[1]!.trim(), ...(packageName ? { packageName } : {}) };
    packageName ??= /^[ +]\s*name\s*=\s*"([^"]+)"/.exec(l)?.[1];
  }
  const header = /^\s*\[+([^\]]+)\]+/.exec(h.context);
  return header ? { name: header[1]!.trim(), ...(packageName ? { packageName } : {}) } : packageName ? { name: 'package', packageName } : undefined;
}

/**
 * A dependency moved to another version with a few lines adapted to it (`undici` 7 → 8 and one test): every
 * manifest change moves a dependency that was there, and the rest is at most ten changed lines.
 */
function adaptedTo(files: DiffFile[], moved: { from?: string }[]): boolean {
  if (!moved.length || moved.some((b) => !b.from)) return false;
  const rest = files.filter((f) => !['deps', 'lock'].includes(fileKind(f.path)));
  return rest.length > 0 && rest.reduce((n, f) => n + f.added + f.removed, 0) <= 10;
}

/** Dependency versions a change moves: (package, from, to), from manifests (lockfiles alone say "lock file"). */
export function bumps(files: DiffFile[]): { name: string; from?: string; to: string }[] {
  const out: { name: string; from?: string; to: string }[] = [];
  for (const f of files.filter((x) => fileKind(x.path) === 'deps' || fileKind(x.path) === 'ci')) {
    const lines = f.hunks.flatMap((h) => h.lines);
    const yamlCatalog = /(^|\/)pnpm-workspace\.yaml$/.test(f.path);
    const goMod = /(^|\/)go\.mod$/.test(f.path);
    const parse = (l: string) =>
      /^[+-]\s*"([@\w./-]+)":\s*"[\^~>=]*([\w.+-]+)"/.exec(l) ??
      // pnpm catalogs and overrides (`rolldown: ~1.2.4`), go.mod requirements (`golang.org/x/net v0.30.0`)
      (yamlCatalog ? /^[+-]\s*["']?([@\w./-]+)["']?:\s*["']?[\^~>=]*(\d[\w.+-]*)["']?\s*$/.exec(l) : null) ??
      (goMod ? /^[+-]\s*(?:require\s+)?([\w-]+\.[\w./-]+)\s+v(\d[\w.+-]*)(?:\s*\/\/.*)?$/.exec(l) : null) ??
      /^[+-]\s*<([\w.-]+?)[.-]version>([^<]+)<\//.exec(l) ??
      // an action pinned to a commit names its version in a comment: `uses: actions/checkout@<sha> # v7.0.0`
      /^[+-]\s*(?:-\s*)?uses:\s*([\w./-]+)@[0-9a-f]{40}\s+#\s*v?([\w.+-]+)/.exec(l) ??
      /^[+-]\s*(?:-\s*)?uses:\s*([\w./-]+)@v?([\w.+-]+)/.exec(l) ??
      /^[+-]\s*([\w-]+)\s*=\s*(?:\{[^}]*version\s*=\s*)?"[\^~>=]*([\w.+-]+)"/.exec(l) ??
      /^[+-]\s*([\w.-]+)==([\w.+-]+)/.exec(l);
    if (/(^|\/)pom\.xml$/.test(f.path)) for (const b of pomElementBumps(f)) if (!out.some((x) => x.name === b.name)) out.push(b);
    for (const l of lines.filter((x) => x.startsWith('+'))) {
      const m = parse(l);
      if (!m || /^(version|name|rust-version|edition|description|license|authors|homepage|repository|readme|keywords|categories|publish|resolver|members)$/.test(m[1]!)) continue;
      const old = lines
        .filter((x) => x.startsWith('-'))
        .map(parse)
        .find((x) => x?.[1] === m[1]);
      if (!out.some((b) => b.name === m[1])) out.push({ name: m[1]!, ...(old ? { from: old[2]! } : {}), to: m[2]! });
    }
  }
  return out;
}

/**
 * A bump in the repository's phrasing: one package with its versions (`chore: Bump undici from 7.11.0 to
 * 8.0.0`); two by name in the same words (`chore(deps): update vite and rolldown (main)`); more in the words of
 * the history's own many-package updates (`chore(deps): update all non-major dependencies (main)`), when it has them.
 */
function bumpSubject(moved: { name: string; from?: string; to: string }[], template: string, many: string | undefined): string {
  if (moved.length >= 3 && many) return many;
  if (moved.length >= 2) {
    const head = template.slice(0, template.indexOf('{name}')).replace(/\bdependency\s+$/i, '');
    const tail = /\s\([^()]*\)$/.exec(template)?.[0] ?? '';
    const names = moved.length > 2 ? `${moved[0]!.name}, ${moved[1]!.name} and others` : `${moved[0]!.name} and ${moved[1]!.name}`;
    return `${head}${names}${tail}`;
  }
  const b = moved[0]!;
  return template
    .replace('{name}', b.name)
    .replace('{from}', b.from ?? '')
    .replace('{to}', b.to)
    .replace(/ from\s+to /, ' to ');
}

/**
 * A release or a dependency bump, in the repository's own formats: the release subject with the version this
 * change sets (every changed line is about versions), or the bump phrasing with the package and versions.
 */
export function releaseOrBump(files: DiffFile[], model: RepoModel, ticket: string | undefined): Composed | undefined {
  const style = model.style;
  const conventional = style.kind === 'conventional';
  // a release: the repository's own release subject with the version this change sets (every changed line is
  // about versions: package.json, Cargo.toml, a VERSION constant, the changelog)
  const release = versionChange(files);
  if (release && (versionOnly(files) || files.every((f) => ['deps', 'doc', 'lock', 'config'].includes(fileKind(f.path)) || /version/i.test(f.path)))) {
    // a workspace member's release in the form the history gives named packages (ripgrep: `ignore-0.4.30`, `15.2.0`)
    const template = (release.name ? model.releaseNamed : undefined) ?? model.release ?? (conventional ? 'chore(release): v{version}' : 'Release {version}');
    const subject = (release.name ? template.replace('{name}', release.name) : template.replace(/\{name\}[-@ ]?/, '')).replace('{version}', release.version);
    return { subject: style.capitalized && !conventional ? subject[0]!.toUpperCase() + subject.slice(1) : subject, confidence: 1, label: "kibitz: release, in this repository's release format" };
  }
  // a dependency bump, in the repository's own bump phrasing
  // (a bump may rename the bundled licence files: `logback-core-1.3.15.LICENSE.txt` → `…-1.5.37.LICENSE.txt`)
  const all = bumps(files);
  const moved = versionOnly(files) || files.every((f) => ['deps', 'lock'].includes(fileKind(f.path)) || /\.LICENSE(\.txt)?$|(^|\/)LICENSE[-.]/i.test(f.path)) || adaptedTo(files, all) ? all : [];
  if (moved.length && model.bump) {
    const subject = bumpSubject(moved, model.bump, model.bumpMany);
    const l = labelOf(subject, style.kind);
    return {
      subject: withTicket(subject, style, ticket),
      ...(l.type ? { type: l.type } : {}),
      ...(l.scope ? { scope: l.scope } : {}),
      confidence: 1,
      label: slotted("kibitz: dependency bump, in this repository's phrasing", ticket),
    };
  }

  return undefined;
}
