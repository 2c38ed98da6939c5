import type { DiffFile } from './diff.js';
import { changeFeatures, diffFiles, fileKind, pastFiles } from './features.js';
import type { PastCommit } from './history.js';
import { bareSubject, labelOf, unticketed, VERSION, type RepoModel } from './learn.js';
import { slotted, subjectTicket, withTicket } from './style.js';
import { changeArea } from './areas.js';
import { describeChange } from './deterministic.js';
import { bumps, releaseOrBump } from './compose-versions.js';

/** A first draft, built from what changed and what the repository taught. */
export interface Composed {
  subject: string;
  type?: string;
  scope?: string;
  /** How sure the type prediction is (0..1); 1 for releases and near duplicates. */
  confidence: number;
  /** Where it came from, for the completion list. */
  label: string;
}

/** Verbs a subject may start with (a repository's most frequent first words are kept only when they are verbs). */
const VERBS = new Set(
  'add fix remove update use support improve handle allow avoid make move rename refactor simplify clean drop bump upgrade migrate enable disable ensure prevent replace skip set change implement introduce document cover correct resolve preserve respect return expose extract split merge speed reduce optimize optimise test revert release prepare pin restore tidy tweak adjust apply check validate show print log increase decrease convert unify deprecate inline rewrite reorganize reorganise restructure format lint install configure run build publish'.split(
    ' ',
  ),
);
const DEFAULT_VERB: Record<string, string> = {
  feat: 'add',
  fix: 'fix',
  docs: 'update',
  test: 'add',
  refactor: 'refactor',
  perf: 'improve',
  chore: 'update',
  ci: 'update',
  build: 'update',
  style: 'format',
  revert: 'revert',
};

function verbFor(model: RepoModel, type: string | undefined, shape: 'added' | 'removed' | 'changed'): string {
  if (shape === 'added' && (type === 'feat' || type === 'test' || type === 'docs' || !type)) return 'add';
  if (shape === 'removed') return 'remove';
  // weak verbs (use, make, set) read badly in front of a name
  const learned = (model.verbs.get(type ?? '') ?? model.verbs.get('') ?? []).find((v) => VERBS.has(v) && !['add', 'remove', 'use', 'make', 'set', 'run', 'apply', 'change'].includes(v));
  return learned ?? DEFAULT_VERB[type ?? ''] ?? 'update';
}

/**
 * A file's name without its extension, a TypeScript declaration's `.d` included (`fastify.d.ts` → fastify); a
 * dotfile keeps its name (`.npmrc`).
 */
const base = (p: string) => {
  const name = p.split('/').pop()!;
  return /^\.[^.]+$/.test(name) ? name : name.replace(/\.[^.]+$/, '').replace(/\.d$/, '');
};
/** Names that say nothing about a change (entry points, one-letter test variables, language keywords). */
const NOISE =
  /^(index|main|mod|lib|init|__init__|utils?|helpers?|types?|[a-z]|test|tests|spec|it|describe|func|function|import|export|const|let|var|def|class|return|if|else|async|await|default|module)$/i;

/**
 * Definitions added, removed or changed in the diff's own lines (never from the hunk header context), most
 * mentioned first; test files only count when nothing else changed; the project's own name says nothing.
 */
function definitions(files: DiffFile[], skip: Set<string>): { added: string[]; removed: string[]; changed: string[] } {
  const def =
    /^[+-]\s*(?:export\s+)?(?:default\s+)?(?:pub(?:\([\w:]+\))?\s+)?(?:async\s+)?(?:static\s+)?(?:function\*?|class|interface|type|const|let|def|fn|func|struct|enum|trait|impl|macro_rules!|public\s+(?:static\s+)?[\w<>[\],\s]+?|private\s+[\w<>[\],\s]+?|protected\s+[\w<>[\],\s]+?)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)\s*[(<:={]?/;
  const plus = new Map<string, number>();
  const minus = new Map<string, number>();
  const mentions = new Map<string, number>();
  const hasSource = files.some((f) => fileKind(f.path) === 'source');
  const considered = files.filter((f) => fileKind(f.path) === 'source' || (!hasSource && fileKind(f.path) === 'test'));
  const lines = considered.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('+') || l.startsWith('-'))));
  for (const l of lines) {
    const m = def.exec(l);
    if (!m || NOISE.test(m[1]!) || m[1]!.length < 3 || skip.has(m[1]!.toLowerCase())) continue;
    const into = l.startsWith('+') ? plus : minus;
    into.set(m[1]!, (into.get(m[1]!) ?? 0) + 1);
  }
  for (const name of new Set([...plus.keys(), ...minus.keys()])) mentions.set(name, lines.filter((l) => l.includes(name)).length);
  const rank = (xs: string[]) => xs.sort((a, b) => (mentions.get(b) ?? 0) - (mentions.get(a) ?? 0));
  const added = rank([...plus.keys()].filter((k) => !minus.has(k)));
  const removed = rank([...minus.keys()].filter((k) => !plus.has(k)));
  const changed = rank([...plus.keys()].filter((k) => minus.has(k)));
  return { added, removed, changed };
}

/** Test names a test-only change adds (`it('...')`, `test('...')`, `def test_x`, `func TestX`). */
function testNames(files: DiffFile[]): string[] {
  const out: string[] = [];
  for (const l of files.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((x) => x.startsWith('+'))))) {
    const m = /\b(?:it|test|describe)(?:\.\w+)?\(\s*['"`]([^'"`]{4,80})['"`]/.exec(l) ?? /\bdef (test_\w+)|\bfunc (Test\w+)|#\[test\]\s*fn (\w+)/.exec(l);
    const name = m?.slice(1).find(Boolean);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Headings a documentation change adds or edits. */
function headings(files: DiffFile[]): string[] {
  const out: string[] = [];
  for (const l of files.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((x) => x.startsWith('+'))))) {
    const m = /^\+\s{0,3}#{1,4}\s+(.{3,60}?)\s*#*$/.exec(l) ?? /^\+(.{3,60})\n?$/.exec('');
    if (m && !out.includes(m[1]!)) out.push(m[1]!.replace(/[`*_]/g, ''));
  }
  return out;
}

function listOf(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;
}

/**
 * The words of a subject, fitted to the limit by naming fewer things: the top one or two objects with where they
 * are, then without it, then each object alone, then only where; never by cutting a phrase.
 */
function fit(verb: string, objects: string[], where: string | undefined, limit: number): string {
  const tries: string[] = [];
  const n0 = objects.length >= 2 && objects[0]!.length + objects[1]!.length <= 24 ? 2 : 1;
  for (let n = Math.min(n0, objects.length); n >= 1; n--) {
    const main = `${verb} ${listOf(objects.slice(0, n))}`;
    if (where && !objects.slice(0, n).some((o) => o.toLowerCase() === where.toLowerCase())) tries.push(`${main} in ${where}`);
    tries.push(main);
  }
  for (const o of objects.slice(1)) tries.push(`${verb} ${o}`);
  if (where) tries.push(`${verb} ${where}`);
  const fits = tries.find((t) => t.length <= limit);
  if (fits) return fits;
  const shortest = [...tries].sort((a, b) => a.length - b.length)[0];
  return shortest ?? verb;
}

function jaccard(a: string[], b: string[]): number {
  const sa = new Set(a);
  const inter = b.filter((x) => sa.has(x)).length;
  return inter / (new Set([...a, ...b]).size || 1);
}

/** The subject of an earlier commit that made the same kind of change to the same files, adapted (versions, names). */
function nearDuplicate(files: DiffFile[], model: RepoModel): { commit: PastCommit; subject: string } | undefined {
  const paths = files.map((f) => f.path);
  if (!paths.every((p) => ['lock', 'deps'].includes(fileKind(p)))) return undefined;
  const ours = bumps(files);
  for (const c of model.history.slice(0, 300)) {
    const theirs = pastFiles(c).map((f) => f.path);
    if (jaccard(paths, theirs) < 0.8 || !theirs.every((p) => ['lock', 'deps'].includes(fileKind(p)))) continue;
    // never a neighbour's PR number or ticket key
    let subject = unticketed(c.subject);
    // only a past dependency update: a release or a tool's own commit touches the same files for other reasons
    if (!/\b(bump|update|upgrade|deps|dependenc)/i.test(subject)) continue;
    const theirPkg = /(?:bump|update|upgrade)s?\s+(?:dependency\s+)?([@\w./-]+)/i.exec(subject)?.[1];
    // their package is this change's, a family of all of this change's (`golang.org/x` for x/net and x/sys), or a word for all
    const family = theirPkg && ours.length > 0 && ours.every((b) => b.name.startsWith(`${theirPkg}/`));
    if (theirPkg && !family && (!ours.length || (theirPkg !== ours[0]!.name && !/^(all|dependencies|deps|lock|the)$/i.test(theirPkg)))) continue;
    // its package and versions are replaced by this change's; a bump of other packages is not a near duplicate
    const versions = subject.match(/v?\d+(\.\d+)+[\w.-]*/g) ?? [];
    if (versions.length) {
      if (!ours.length) continue;
      const [from, to] = [ours[0]!.from, ours[0]!.to];
      subject = versions.length >= 2 && from ? subject.replace(versions[0]!, from).replace(versions[1]!, to) : subject.replace(versions[versions.length - 1]!, to);
    }
    return { commit: c, subject };
  }
  return undefined;
}

/** The first draft for a staged change. */
export function composeDraft(files: DiffFile[], model: RepoModel, branch?: string): Composed {
  const style = model.style;
  const features = changeFeatures(diffFiles(files), branch);
  const conventional = style.kind === 'conventional';
  // a predictor trained on a few dozen commits knows less than the change's own shape
  const typeGuess = model.type.size >= 50 ? model.type.predict(features)[0] : undefined;
  const scopeGuess = model.scope.size >= 10 ? model.scope.predict(features)[0] : undefined;
  const ticket = subjectTicket(style, branch);
  // where subjects start with the path they change, that prefix is read off the staged paths
  const area = model.areas && changeArea(files, model.areas);
  // where most plain subjects start with an area in words (`Commit drafts: …`), the one the history puts with these paths
  const worded = style.kind === 'plain' && !area && model.type.size >= 50 && model.type.size >= 0.4 * Math.min(model.history.length, 3000);
  const wordGuess = worded ? model.type.predict(features)[0] : undefined;
  const wordArea = wordGuess && wordGuess.p >= 0.3 ? wordGuess.label : undefined;
  const finish = (text: string, c: Omit<Composed, 'subject'>): Composed => {
    let subject = style.capitalized ? text[0]!.toUpperCase() + text.slice(1) : text;
    if (conventional && c.type && !CONVENTIONAL_LIKE.test(text)) subject = `${c.type}${c.scope ? `(${c.scope})` : ''}: ${subject}`;
    else if (!conventional && (area ?? wordArea)) subject = `${area ?? wordArea}: ${subject}`;
    return { ...c, subject: withTicket(subject, style, ticket), label: slotted(c.label, ticket) };
  };

  // several dependencies moved the way a routine past commit moved them (`go.mod: update golang.org/x
  // dependencies`): its words, not one package's bump
  const dup = nearDuplicate(files, model);
  const routine = !!dup && !VERSION.test(dup.subject) && bumps(files).length >= 2;
  const fixed = routine ? undefined : releaseOrBump(files, model, ticket);
  if (fixed) return fixed;

  // too little history to learn from: the change's shape decides (a new file is a feature, tests are tests...)
  let type = conventional ? (area ?? typeGuess?.label ?? describeChange(files, style, branch).type) : undefined;
  // a change that mostly deletes definitions (a deprecated API, a ponyfill) is a removal, not a fix or a feature
  const removedDefs = definitions(files, model.common);
  const [plusLines, minusLines] = [files.reduce((s, f) => s + f.added, 0), files.reduce((s, f) => s + f.removed, 0)];
  if ((type === 'fix' || type === 'feat') && removedDefs.removed.length && !removedDefs.added.length && minusLines > 2 * plusLines && model.type.labels().includes('refactor')) type = 'refactor';
  const scope = conventional && !area && scopeGuess?.label && scopeGuess.p >= 0.3 ? scopeGuess.label : undefined;
  const confidence = area ? 1 : (typeGuess?.p ?? 0);

  if (dup) {
    const l = labelOf(dup.subject, style.kind);
    return {
      subject: withTicket(dup.subject, style, ticket),
      ...(l.type ? { type: l.type } : {}),
      ...(l.scope ? { scope: l.scope } : {}),
      confidence: 1,
      label: slotted(`kibitz: like ${dup.commit.hash.slice(0, 7)} (the same kind of change)`, ticket),
    };
  }

  const draft = (t: string | undefined) => {
    const how =
      area && (t === area || !conventional)
        ? ` (${area}: the staged paths)`
        : conventional && t && typeGuess
          ? ` (type ${t}${t === type ? ' learned from history' : ', a removal'}, ${Math.round(confidence * 100)}% sure)`
          : '';
    const label = `kibitz: from the staged change${how}`;
    const c = { ...(t ? { type: t } : {}), ...(scope ? { scope } : {}), confidence, label };
    return { c, text: subjectText(files, model, { ...(t ? { type: t } : {}), ...(scope ? { scope } : {}), ...(ticket ? { ticket } : {}), plusLines, minusLines, prefix: prefixLength(c) }) };
  };
  let d = draft(type);
  // a change that removes things (a deprecated API, a warning code) is a refactor in repositories that use the
  // type, not the fix or feature the rest of its shape suggests
  if ((type === 'fix' || type === 'feat') && /^remove\b/.test(d.text) && model.type.labels().includes('refactor')) d = draft('refactor');
  return finish(d.text, d.c);
}

/** The words of a subject by what the change touches: dependencies, docs, tests, or code (its definitions). */
function subjectText(files: DiffFile[], model: RepoModel, o: { type?: string; scope?: string; ticket?: string; plusLines: number; minusLines: number; prefix: number }): string {
  const kinds = new Set(files.map((f) => fileKind(f.path)));
  const only = (k: string[]) => [...kinds].every((x) => k.includes(x));
  if (only(['deps', 'lock'])) {
    const b = bumps(files);
    const verb = verbFor(model, o.type, 'changed') === 'fix' ? 'update' : verbFor(model, o.type, 'changed');
    if (!b.length) return kinds.has('lock') && !kinds.has('deps') ? 'update lock file' : 'update dependencies';
    const one = b[0]!;
    const text =
      b.length === 1
        ? one.from
          ? `${verb} ${one.name} from ${one.from} to ${one.to}`
          : `${verb} ${one.name} to ${one.to}`
        : fit(
            verb,
            b.map((x) => x.name),
            undefined,
            model.limit - o.prefix,
          );
    return text.length <= model.limit - o.prefix ? text : `${verb} ${one.name} to ${one.to}`;
  }
  const limit = model.limit - o.prefix - (o.ticket && model.style.ticket !== 'none' ? o.ticket.length + 2 : 0);
  if (only(['doc'])) {
    const h = headings(files);
    const shape = files.every((f) => f.status === 'added') ? 'added' : 'changed';
    const objects = h.length ? h : files.map((f) => f.path.split('/').pop()!);
    return fit(verbFor(model, o.type ?? 'docs', shape), objects, h.length && files.length === 1 ? files[0]!.path.split('/').pop() : undefined, limit);
  }
  if (only(['test'])) {
    const names = testNames(files);
    const shape = files.some((f) => f.status === 'added') || names.length ? 'added' : 'changed';
    const objects = names.length ? names.map((n) => n.replace(/^test_/, '').replace(/^Test/, '')) : files.map((f) => base(f.path).replace(/[._-](test|spec|tst|test-d)$/, ''));
    return fit(verbFor(model, o.type ?? 'test', shape), objects, undefined, limit);
  }
  const defs = definitions(files, model.common);
  if (model.style.codeSpans) for (const k of ['added', 'removed', 'changed'] as const) defs[k] = defs[k].map((n) => '`' + n + '`');
  const sources = files.filter((f) => fileKind(f.path) === 'source').sort((a, b) => b.added + b.removed - (a.added + a.removed));
  const where = sources.length ? base(sources[0]!.path) : undefined;
  const whereText = where && !NOISE.test(where) && !model.common.has(where.toLowerCase()) ? where : o.scope;
  if (files.every((f) => f.status === 'deleted'))
    return fit(
      'remove',
      files.map((f) => base(f.path)),
      undefined,
      limit,
    );
  if (defs.added.length && (o.type === 'feat' || !o.type)) return fit('add', defs.added, whereText, limit);
  if (defs.removed.length && !defs.added.length && !defs.changed.length) return fit('remove', defs.removed, whereText, limit);
  const found = distinctiveName(sources, model);
  const named = found && model.style.codeSpans ? `\`${found}\`` : found;
  const objects = defs.changed.length ? defs.changed : defs.added.length ? defs.added : named ? [named] : (sources.length ? sources : files).map((f) => base(f.path)).filter((n) => !NOISE.test(n));
  // only new definitions, nothing changed or removed: whatever the type, the change adds them
  const onlyAdds = defs.added.length > 0 && !defs.changed.length && !defs.removed.length && o.plusLines > 3 * o.minusLines;
  const verb = onlyAdds ? 'add' : verbFor(model, o.type, files.every((f) => f.status === 'added') ? 'added' : 'changed');
  return fit(verb, objects.length ? objects : [whereText ?? base(files[0]!.path)], objects.length && whereText && !objects.includes(whereText) ? whereText : undefined, limit);
}

/**
 * The name a change is about when it defines nothing: the identifier its changed lines use most that the rest of
 * the file does not use as much (a named thing, camelCase or with an underscore, never a keyword).
 */
function distinctiveName(sources: DiffFile[], model: RepoModel): string | undefined {
  const changed = new Map<string, number>();
  const around = new Map<string, number>();
  for (const f of sources.slice(0, 3)) {
    for (const h of f.hunks) {
      for (const l of h.lines) {
        const into = l.startsWith('+') || l.startsWith('-') ? changed : around;
        for (const m of l.slice(1).matchAll(/\b[A-Za-z_$][\w$]*[a-z][A-Z_][\w$]*\b/g)) into.set(m[0], (into.get(m[0]) ?? 0) + 1);
      }
    }
  }
  const ranked = [...changed]
    .filter(([n]) => n.length >= 4 && n.length <= 30 && !NOISE.test(n) && !model.common.has(n.toLowerCase()))
    .map(([n, c]) => [n, c / (1 + (around.get(n) ?? 0))] as const)
    .sort((a, b) => b[1] - a[1]);
  // used in the changed lines at least as often as in the lines around them
  return ranked[0] && ranked[0][1] >= 1 ? ranked[0][0] : undefined;
}

const CONVENTIONAL_LIKE = /^\w+(\([^)]*\))?!?: /;

function prefixLength(c: { type?: string; scope?: string }): number {
  return c.type ? c.type.length + (c.scope ? c.scope.length + 2 : 0) + 2 : 0;
}

export { bareSubject };
