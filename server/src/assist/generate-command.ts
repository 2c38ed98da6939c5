import { fence } from '../safety/fence.js';
import type { Part } from '../shell/explain/index.js';
import { parsesCleanly, statementAt } from '../shell/statement.js';
import { gateCommand, riskWarning, type Gated } from './gate.js';
import { SYSTEM } from './prompts.js';
import { CommandAnswer } from './schemas.js';
import { asComment, lineAt } from './text.js';
import { whatItDoes } from '../util/text.js';
import { AssistError, type ActionResult, type AssistDeps, type AssistDoc, type Span } from './types.js';
import { HOW_TO_CONFIGURE } from '../config/model-settings.js';
import { ModelError } from '../model/errors.js';

export interface Suggestion {
  command: string;
  summary: string;
  parts: Part[];
  risk: Gated;
}

/**
 * A command for a plain-language request: the model writes it, then kibitz checks that it parses,
 * explains each part from the man pages and runs it through the risk engine.
 */
export async function suggest(what: string, deps: AssistDeps, opts: { context?: string; signal?: AbortSignal; purpose?: 'codeAction' | 'hover' | 'commit' } = {}): Promise<Suggestion> {
  if (!deps.model) throw new AssistError(HOW_TO_CONFIGURE);
  const ctx = opts.context ? `\nThe surrounding script, for context only:\n${fence('script', opts.context).text}` : '';
  const grounding = await groundingFor(what, deps);
  const answer = await deps.model.structured(
    [
      { role: 'system', content: SYSTEM.generate },
      { role: 'user', content: `Request: ${what.trim()}${grounding}${ctx}` },
    ],
    CommandAnswer,
    'command',
    { purpose: opts.purpose ?? 'codeAction', signal: opts.signal, onProgress: deps.onProgress, onCached: deps.onCached },
  );
  const command = answer.command.trim();
  if (command.includes('\n') && !command.split('\n').every((l) => l.trim().endsWith('\\') || l === command.split('\n').at(-1))) {
    throw new AssistError('The model answered with several commands instead of one; nothing was proposed.');
  }
  if (!(await parsesCleanly(command))) throw new AssistError(`The model's command does not parse as shell (\`${command.slice(0, 80)}\`); nothing was proposed.`);
  const exp = await deps.explainer.explain(command, { dashlessBundles: deps.dashlessBundles, signal: opts.signal });
  return { command, summary: answer.summary, parts: exp.parts, risk: await gateCommand(command, { ...(deps.gatePolicy ?? deps.policy), directives: false }) };
}

/** "Generate command from comment": the `# ...` line stays; below it, a per-part explanation and the command. */
export async function generateCommandAction(doc: AssistDoc, target: Span, deps: AssistDeps, signal?: AbortSignal): Promise<ActionResult> {
  const st = await statementAt(doc.languageId, doc.path, doc.text, target.start);
  if (!st || st.comment === undefined || !st.comment.trim()) throw new AssistError('Put the cursor on a `# ...` comment that says what the command should do.');
  const line = lineAt(doc.text, st.docStart);
  const around = doc.text.slice(Math.max(0, doc.text.lastIndexOf('\n', Math.max(0, line.start - 2000))), Math.min(doc.text.length, line.end + 2000));
  let s: Suggestion;
  try {
    s = await suggest(st.comment, deps, { context: around, signal });
  } catch (err) {
    // the model failed: the offline answer is the man pages on this machine that match the request
    if (!(err instanceof ModelError) || err.kind === 'cancelled' || signal?.aborted) throw err;
    return offlineSuggestion(doc, line, st.host === 'makefile' ? '' : line.indent, st.comment, deps, err);
  }
  const indent = st.host === 'makefile' ? '\t' : line.indent;
  const comment = asComment(
    [...(s.summary ? [s.summary] : []), ...s.parts.filter((p) => p.depth <= 1).map((p) => `  ${(p.flag ?? p.text).replace(/\s+/g, ' ')}: ${shorten(p.explanation)}`)],
    '#',
    st.host === 'makefile' ? '' : indent,
  );
  let body: string;
  let warning: string | undefined;
  if (s.risk.blocking.length) {
    warning = riskWarning(s.command, s.risk.blocking)[0];
    body = asComment([...riskWarning(s.command, s.risk.blocking), s.command], '#', st.host === 'makefile' ? '' : indent);
  } else {
    body = `${indent}${st.host === 'makefile' ? s.command.replace(/\$/g, '$$$$') : s.command}\n`;
  }
  const at = line.end < doc.text.length ? line.end + 1 : line.end;
  const prefix = at === line.end ? '\n' : '';
  return { edits: [{ start: at, end: at, newText: prefix + comment + body }], usedModel: true, warning };
}

async function offlineSuggestion(doc: AssistDoc, line: { start: number; end: number }, indent: string, what: string, deps: AssistDeps, err: ModelError): Promise<ActionResult> {
  const hits = deps.retrieval ? (await deps.retrieval.search(what, { corpora: ['man'], k: 5 }).catch(() => [])).filter((h) => h.score >= 0.1) : [];
  if (!hits.length) throw new AssistError(`${err.message} No man page on this machine matches the request either.`);
  const lines = [`kibitz: the model did not answer (${err.kind}); man pages on this machine that match:`, ...hits.map((h) => `  ${h.meta?.page} — ${whatItDoes(String(h.meta?.nameLine ?? ''))}`)];
  const at = line.end < doc.text.length ? line.end + 1 : line.end;
  return { edits: [{ start: at, end: at, newText: (at === line.end ? '\n' : '') + asComment(lines, '#', indent) }], usedModel: false, modelError: err };
}

function shorten(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 100 ? t.slice(0, 99) + '…' : t;
}

/** The man pages (and docs) on this machine that best match a request, as fenced data for the prompt. */
export async function groundingFor(what: string, deps: AssistDeps): Promise<string> {
  if (!deps.retrieval) return '';
  try {
    await deps.retrieval.refreshFeedback().catch(() => undefined);
    const hits = (await deps.retrieval.search(what, { corpora: ['man', 'docs'], k: 6 })).filter((h) => h.score >= 0.05);
    // the few-shot memory: requests like this one and the command the user finally kept
    const memory = (await deps.retrieval.search(what, { corpora: ['feedback'], k: 3 })).filter((h) => h.score >= 0.12);
    let out = '';
    if (hits.length) {
      const lines = hits.map((h) => (h.corpus === 'man' ? `${h.meta?.page}: ${h.meta?.nameLine}` : h.text.slice(0, 300)));
      out += `\nRelevant documentation on this machine (prefer these tools):\n${fence('man pages', lines.join('\n')).text}`;
    }
    if (memory.length)
      out += `\nEarlier requests and the answer the user kept (follow their conventions):\n${fence('accepted examples', memory.map((h) => h.text.slice(0, 600)).join('\n---\n')).text}`;
    return out;
  } catch {
    return '';
  }
}
