import { isSecretFile, redact } from '../safety/redact.js';
import { renderFile, type DiffFile } from './diff.js';

export type DropReason = 'lockfile' | 'binary' | 'generated' | 'vendored' | 'secret-file';

export interface Budgeted {
  /** Diff text to send (redacted): whole files first, by importance. */
  text: string;
  included: string[];
  /** Files that did not fit: summarised, not omitted. */
  summarized: string[];
  /** Files left out on purpose, with why (listed in the text too). */
  dropped: { path: string; reason: DropReason }[];
  /** Secrets found in the change (rule id -> count): they were replaced. */
  secrets: Record<string, number>;
}

const LOCKFILES =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb|Cargo\.lock|poetry\.lock|Pipfile\.lock|Gemfile\.lock|composer\.lock|go\.sum|flake\.lock|mix\.lock|packages\.lock\.json|uv\.lock)$/;
const GENERATED = /(\.min\.(js|css)|\.map|_pb2\.py|\.pb\.go|\.generated\.\w+|\.g\.dart|\.snap)$|(^|\/)(dist|build|out|coverage|__generated__)\//;
const VENDORED = /(^|\/)(vendor|node_modules|third_party|thirdparty|external)\//;

export function dropReason(f: DiffFile): DropReason | undefined {
  if (isSecretFile(f.path)) return 'secret-file';
  if (LOCKFILES.test(f.path)) return 'lockfile';
  if (f.binary) return 'binary';
  if (VENDORED.test(f.path)) return 'vendored';
  if (GENERATED.test(f.path) || f.hunks.some((h) => h.lines.slice(0, 5).some((l) => /@generated|DO NOT EDIT/.test(l)))) return 'generated';
  return undefined;
}

/** Source first, then tests, config, docs; within a kind, the bigger change first. */
export function importance(f: DiffFile): number {
  const p = f.path;
  const kind = /(^|\/)(test|tests|__tests__|spec)\/|\.(test|spec)\.\w+$/.test(p)
    ? 2
    : /\.(md|rst|txt|adoc)$|(^|\/)docs\//.test(p)
      ? 4
      : /\.(json|ya?ml|toml|ini|cfg|lock)$|(^|\/)\.github\//.test(p)
        ? 3
        : 1;
  return kind * 1e6 - Math.min(999_999, f.added + f.removed);
}

/**
 * Fit a change into `maxChars` (about 4 characters a token): drop lockfiles, binaries, generated, vendored and
 * secret files (listed by name); whole diffs of the most important files; one-line summaries of the rest.
 * Everything is redacted before it is returned.
 */
export function budgetDiff(files: DiffFile[], maxChars = 24_000): Budgeted {
  const dropped: Budgeted['dropped'] = [];
  const kept: DiffFile[] = [];
  for (const f of files) {
    const why = dropReason(f);
    if (why) dropped.push({ path: f.path, reason: why });
    else kept.push(f);
  }
  kept.sort((a, b) => importance(a) - importance(b));
  const parts: string[] = [];
  const included: string[] = [];
  const summarized: string[] = [];
  let used = 0;
  const summaryOf = (f: DiffFile) =>
    `${f.path}: ${f.status}${f.oldPath && f.status === 'renamed' ? ` from ${f.oldPath}` : ''}, +${f.added} -${f.removed}${f.hunks.length ? `, in ${[...new Set(f.hunks.map((h) => h.context).filter(Boolean))].slice(0, 4).join('; ')}` : ''}`;
  for (const f of kept) {
    const full = renderFile(f);
    if (used + full.length <= maxChars) {
      parts.push(full);
      included.push(f.path);
      used += full.length;
    } else summarized.push(f.path);
  }
  const summaries = kept.filter((f) => summarized.includes(f.path)).map(summaryOf);
  let text = parts.join('\n');
  if (summaries.length) text += `\n\nFiles that did not fit, summarised:\n${summaries.map((s) => `- ${s}`).join('\n')}`;
  if (dropped.length) text += `\n\nFiles not sent:\n${dropped.map((d) => `- ${d.path} (${d.reason})`).join('\n')}`;
  const r = redact(text);
  return { text: r.text, included, summarized, dropped, secrets: r.found };
}
