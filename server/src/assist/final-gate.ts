import { SEVERITIES, type Finding, type RiskPolicy } from '../shell/risk/index.js';
import { analyzeDocument } from '../shell/risk/document.js';
import { detectHost, extractSnippets } from '../shell/snippets/index.js';
import { commandNames } from '../shell/statement.js';
import { asComment, commentMarker, lineAt } from './text.js';
import { AssistError, type AssistDoc, type FixEdit } from './types.js';

/**
 * The last look at model-written edits, on the exact text that would be inserted (after every decoding step):
 * - in a shell host, any new finding at high or above inside the inserted text;
 * - for rewrites (fixes, custom actions), any command the original text did not run (shell), or any new call that
 *   runs commands (other languages: system(), exec, subprocess, child_process, backticks, ...).
 * A proposal that trips it is not dropped: it is offered commented out, above the text it would have replaced, with
 * a warning that names why. A file with no comment syntax gets nothing.
 */
export interface GateVerdict {
  edits: FixEdit[];
  warning?: string;
}

const HIGH = SEVERITIES.indexOf('high');

/** Builtins and keywords that run no other program: a fix may add them (`cd dir || exit`). */
const HARMLESS = new Set([
  'exit',
  'return',
  'true',
  'false',
  ':',
  'set',
  'shift',
  'local',
  'export',
  'readonly',
  'declare',
  'typeset',
  'unset',
  'test',
  '[',
  '[[',
  'echo',
  'printf',
  'read',
  'break',
  'continue',
  'wait',
  'cd',
  'pushd',
  'popd',
  'trap',
  'exec',
]);

/** Calls that run a command, in the languages people keep next to their scripts. */
const EXEC_CALLS =
  /\b(?:os\.system|os\.popen|os\.exec\w*|os\.spawn\w*|subprocess\.\w+|commands\.getoutput|popen|system|exec|execSync|execFileSync|execFile|spawnSync|spawn|child_process|shell_exec|passthru|proc_open|pcntl_exec|Runtime\.getRuntime\(\)\.exec|ProcessBuilder|Command::new|exec\.Command|Process\.Start|IO\.popen|Kernel\.system|eval|new Function|__import__|importlib\.import_module|pty\.spawn|ctypes\.\w+)\s*[(<.]|\bshell\s*=\s*True\b|`[^`\n]*\$?\([^`\n]*`|%x\{/g;

function applyEdits(text: string, edits: FixEdit[]): { text: string; inserted: [number, number][] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  const inserted: [number, number][] = [];
  for (const e of sorted) {
    out += text.slice(last, e.start);
    inserted.push([out.length, out.length + e.newText.length]);
    out += e.newText;
    last = e.end;
  }
  return { text: out + text.slice(last), inserted };
}

const key = (text: string, f: Finding) => `${f.rule}:${text.slice(f.start, f.end)}`;

/** New high-or-above findings inside the inserted text, judged with `policy` and no disable comments. */
async function newRiskFindings(doc: AssistDoc, after: { text: string; inserted: [number, number][] }, policy: RiskPolicy): Promise<Finding[]> {
  const strict = { ...policy, directives: false };
  const before = new Map<string, number>();
  for (const f of await analyzeDocument(doc.languageId, doc.path, doc.text, strict)) before.set(key(doc.text, f), (before.get(key(doc.text, f)) ?? 0) + 1);
  const out: Finding[] = [];
  for (const f of await analyzeDocument(doc.languageId, doc.path, after.text, strict)) {
    if (SEVERITIES.indexOf(f.severity) < HIGH) continue;
    const k = key(after.text, f);
    const n = before.get(k) ?? 0;
    if (n > 0) {
      before.set(k, n - 1);
      continue;
    }
    if (after.inserted.some(([a, b]) => f.start < b && f.end > a)) out.push(f);
  }
  return out;
}

async function shellCommands(languageId: string, path: string, text: string): Promise<Set<string>> {
  const host = detectHost(languageId, path, text);
  const names = new Set<string>();
  if (!host) return names;
  for (const s of extractSnippets(host, text)) for (const n of await commandNames(s.text)) names.add(n);
  return names;
}

export async function finalGate(doc: AssistDoc, edits: FixEdit[], opts: { policy: RiskPolicy; rewrite: boolean; replaced?: { start: number; end: number } }): Promise<GateVerdict> {
  if (!edits.length) return { edits };
  const after = applyEdits(doc.text, edits);
  const host = detectHost(doc.languageId, doc.path, doc.text);
  const reasons: string[] = [];
  // the whole replaced range before and after (edits are minimal: they may hold only part of a word)
  const oldRange = opts.replaced ? doc.text.slice(opts.replaced.start, opts.replaced.end) : '';
  const newRange = opts.replaced ? after.text.slice(opts.replaced.start, opts.replaced.end + after.text.length - doc.text.length) : '';
  if (host) {
    const risky = await newRiskFindings(doc, after, opts.policy);
    if (risky.length) reasons.push(`${risky[0]!.severity.toUpperCase()} RISK: ${risky.map((f) => `${f.rule} at \`${after.text.slice(f.start, f.end)}\` (${f.message})`).join('; ')}`);
    if (opts.rewrite && opts.replaced) {
      const was = await shellCommands(doc.languageId, doc.path, oldRange);
      const now = await shellCommands(doc.languageId, doc.path, newRange);
      const added = [...now].filter((n) => !was.has(n) && !HARMLESS.has(n));
      if (added.length) reasons.push(`it runs ${added.map((n) => `\`${n}\``).join(', ')}, which the original did not`);
    }
  } else if (opts.rewrite && opts.replaced) {
    const count = (s: string) => (s.match(EXEC_CALLS) ?? []).length;
    const added = count(newRange) - count(oldRange);
    if (added > 0) reasons.push('it adds a call that runs commands, which the original did not');
  }
  if (!reasons.length) return { edits };
  const marker = commentMarker(doc.languageId, host);
  if (!marker) throw new AssistError(`The proposal was not offered: ${reasons.join('; ')}.`);
  const first = [...edits].sort((a, b) => a.start - b.start)[0]!;
  const line = lineAt(doc.text, first.start);
  const warning = `kibitz: NOT ENABLED: ${reasons.join('; ')}.`;
  const proposal = edits
    .map((e) => e.newText)
    .join('\n')
    .replace(/\n$/, '');
  const body = asComment([warning, 'Review it; to use it, remove the comment markers yourself.', ...proposal.split('\n')], marker, host === 'makefile' ? '' : line.indent);
  return { edits: [{ start: line.start, end: line.start, newText: body }], warning };
}
