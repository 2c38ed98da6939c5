import { whitespaceOnly, touchedSymbols, type DiffFile } from './diff.js';
import { dropReason } from './budget.js';
import { GITMOJI_FOR, scopeFor, subjectTicket, ticketFromBranch, withTicket, type CommitStyle } from './style.js';

export interface ChangeFacts {
  type: string;
  scope?: string;
  subject: string;
  body: string[];
  refs?: string;
}

const isDoc = (p: string) => /\.(md|mdx|rst|txt|adoc)$/i.test(p) || /(^|\/)docs?\//.test(p);
const isTest = (p: string) => /(^|\/)(test|tests|__tests__|spec|testdata)\/|[._-](test|spec)\.\w+$|_test\.go$/.test(p);
const isCi = (p: string) => /^\.github\/workflows\/|^\.gitlab-ci\.yml$|^\.circleci\/|^\.ci\/|Jenkinsfile$|^\.buildkite\//.test(p);
const isBuild = (p: string) =>
  /(^|\/)(Makefile|CMakeLists\.txt|Dockerfile|tsconfig[\w.]*\.json|vite\.config\.\w+|webpack\.config\.\w+|build\.gradle|pom\.xml|setup\.py|pyproject\.toml|Cargo\.toml|go\.mod)$/.test(p);
const isDeps = (f: DiffFile) =>
  dropReason(f) === 'lockfile' || (/(^|\/)package\.json$/.test(f.path) && f.hunks.every((h) => h.lines.filter((l) => /^[+-]/.test(l)).every((l) => /^[+-]\s*"[@\w./-]+": "[\^~]?[\d*]/.test(l))));

function base(p: string): string {
  return p
    .split('/')
    .pop()!
    .replace(/\.[^.]+$/, '');
}

function list(xs: string[], max = 3): string {
  const u = [...new Set(xs)];
  if (u.length <= max) return u.length > 1 ? `${u.slice(0, -1).join(', ')} and ${u.at(-1)}` : (u[0] ?? '');
  return `${u.slice(0, max).join(', ')} and ${u.length - max} more`;
}

/** What a change is, from its paths and shape alone: type, scope, subject, body lines. */
export function describeChange(files: DiffFile[], style: CommitStyle, branch?: string): ChangeFacts {
  const paths = files.map((f) => f.path);
  const real = files.filter((f) => !dropReason(f) || isDeps(f));
  const refs = subjectTicket(style, branch) ?? ticketFromBranch(branch);
  const scope = scopeFor(style, paths);
  const syms = files.map((f) => ({ f, s: touchedSymbols(f) }));
  const addedSyms = syms.flatMap((x) => x.s.added);
  const removedSyms = syms.flatMap((x) => x.s.removed);
  const touched = syms.flatMap((x) => x.s.touched);
  let type = 'chore';
  let subject = `update ${list(paths.map(base))}`;
  if (files.length && files.every((f) => f.status === 'renamed' && f.added === 0 && f.removed === 0)) {
    type = 'refactor';
    const one = files.length === 1 ? `rename ${files[0]!.oldPath} to ${files[0]!.path}` : '';
    const short = files.length === 1 ? `rename ${files[0]!.oldPath!.split('/').pop()} to ${files[0]!.path.split('/').pop()}` : `rename ${list(files.map((f) => base(f.oldPath ?? f.path)))}`;
    subject = one && one.length <= 50 ? one : short;
  } else if (files.length && files.every(isDeps)) {
    type = style.types.includes('build') && !style.types.slice(0, 4).includes('chore') ? 'build' : 'chore';
    const bumps = files.flatMap((f) =>
      f.hunks.flatMap((h) =>
        h.lines
          .filter((l) => l.startsWith('+'))
          .map((l) => /"([@\w./-]+)": "[\^~]?([\d.]+)/.exec(l))
          .filter(Boolean)
          .map((m) => `${m![1]} to ${m![2]}`),
      ),
    );
    subject = bumps.length ? `bump ${list(bumps, 2)}` : 'update dependencies';
  } else if (paths.every(isDoc)) {
    type = 'docs';
    subject = `${files.every((f) => f.status === 'added') ? 'add' : 'update'} ${list(paths.map((p) => p.split('/').pop()!))}`;
  } else if (paths.every(isTest)) {
    type = 'test';
    subject = `${files.some((f) => f.status === 'added') ? 'add' : 'update'} tests for ${list(paths.map((p) => base(p).replace(/[._-](test|spec)$/, '')))}`;
  } else if (paths.every(isCi)) {
    type = 'ci';
    subject = `update ${list(paths.map((p) => base(p)))} workflow`;
  } else if (paths.every((p) => isBuild(p) || isDeps(files.find((f) => f.path === p)!))) {
    type = 'build';
    subject = `update ${list(paths.map((p) => p.split('/').pop()!))}`;
  } else if (real.length && real.every(whitespaceOnly)) {
    type = 'style';
    subject = `reformat ${list(real.map((f) => base(f.path)))}`;
  } else if (real.every((f) => f.status === 'deleted')) {
    type = 'refactor';
    subject = `remove ${list(real.map((f) => base(f.path)))}`;
  } else if (real.some((f) => f.status === 'added' && !isTest(f.path) && !isDoc(f.path)) || addedSyms.length > removedSyms.length) {
    type = 'feat';
    subject = addedSyms.length ? `add ${list(addedSyms)}` : `add ${list(real.filter((f) => f.status === 'added').map((f) => base(f.path)))}`;
  } else {
    const add = real.reduce((s, f) => s + f.added, 0);
    const del = real.reduce((s, f) => s + f.removed, 0);
    type = Math.abs(add - del) <= Math.max(3, (add + del) / 5) && add + del > 30 ? 'refactor' : 'fix';
    const where = touched.length ? list(touched) : list(real.map((f) => base(f.path)));
    subject = `${type === 'refactor' ? 'restructure' : 'fix'} ${where}`;
  }
  if (type === 'feat' && !style.types.includes('feat')) type = 'chore';
  const body = files.map((f) => `- ${f.status === 'renamed' ? `${f.oldPath} -> ${f.path}` : f.path}: ${f.status}${f.binary ? ' (binary)' : `, +${f.added} -${f.removed}`}`);
  return { type, ...(scope ? { scope } : {}), subject, body: body.length > 12 ? [...body.slice(0, 12), `- and ${body.length - 12} more files`] : body, ...(refs ? { refs } : {}) };
}

/** Facts -> a message in the repository's style. */
export function formatMessage(c: ChangeFacts, style: CommitStyle, opts: { body?: boolean } = {}): string {
  let subject = c.subject;
  if (style.capitalized || style.kind === 'plain') subject = style.capitalized ? subject[0]!.toUpperCase() + subject.slice(1) : subject;
  if (style.kind === 'conventional') subject = `${c.type}${c.scope ? `(${c.scope})` : ''}: ${subject}`;
  else if (style.kind === 'gitmoji') subject = `${GITMOJI_FOR[c.type] ?? GITMOJI_FOR.chore} ${subject}`;
  subject = withTicket(subject, style, c.refs);
  const body = opts.body === false ? [] : [...c.body];
  const trailer = c.refs && style.ticket === 'none' ? [`Refs: ${c.refs}`] : [];
  return [subject, ...(body.length || trailer.length ? [''] : []), ...body, ...(trailer.length ? (body.length ? ['', ...trailer] : trailer) : [])].join('\n');
}
