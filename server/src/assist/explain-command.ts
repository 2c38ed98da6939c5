import { fence } from '../safety/fence.js';
import type { ModelClient } from '../model/client.js';
import type { Explanation } from '../shell/explain/index.js';
import { analyzeRisk } from '../shell/risk/index.js';
import { statementAt } from '../shell/statement.js';
import { relatedLabel, relatedToCommand } from './related.js';
import { ExplainAnswer } from './schemas.js';
import { SYSTEM } from './prompts.js';
import { asComment, commentMarker, lineAt, wrap } from './text.js';
import { clipWords, firstSentence } from '../util/text.js';
import { AssistError, type ActionResult, type AssistDeps, type AssistDoc, type Span } from './types.js';

/** Part kinds worth a line of their own in the comment (commands are in the summary, plain operands are obvious). */
const WORTH_A_LINE = new Set(['flag', 'subcommand', 'redirection', 'program']);
const MAX_PART_LINES = 8;

/**
 * "Explain this command": a short comment above it. Offline: a one-line summary (what each command is) and one line
 * per flag, subcommand or redirection, each the first sentence of its documented meaning. With a model: its prose,
 * labelled as written by the model. Then the risk, the sources, and See also only when it is relevant.
 */
export async function explainCommandAction(doc: AssistDoc, target: Span, deps: AssistDeps, signal?: AbortSignal, anchor = target.start): Promise<ActionResult> {
  const st = await statementAt(doc.languageId, doc.path, doc.text, anchor);
  if (!st || st.comment !== undefined) throw new AssistError('There is no shell command here to explain.');
  const marker = commentMarker(doc.languageId, st.host);
  if (!marker) throw new AssistError('This file has no comment syntax to hold an explanation.');
  const exp = await deps.explainer.explain(st.text, { dashlessBundles: deps.dashlessBundles, opaque: [], signal });
  const risk = await analyzeRisk(st.text, deps.policy);
  const sources = sourcesOf(exp);
  let lines: string[];
  let usedModel = false;
  if (deps.model) {
    try {
      let cached = false;
      const prose = await explainSummary(deps.model, st.text, exp, signal, deps.onProgress, () => (cached = true));
      lines = [...wrap(prose, 100), `(written by ${deps.model.settings.chatModel}${cached ? ', a cached answer' : ''}, from the man pages cited below)`];
      usedModel = true;
    } catch (err) {
      if (signal?.aborted) throw err;
      lines = offlineLines(exp);
    }
  } else {
    lines = offlineLines(exp);
  }
  if (risk.findings.length) lines.push(clipWords(`Risk: ${risk.level}: ${risk.findings.map((f) => f.message).join('; ')}`, 160));
  if (sources.length) lines.push(`Sources: ${sources.join('; ')}`);
  const also = await seeAlso(deps, exp, sources);
  if (also.length) lines.push(`See also: ${also.join('; ')}`);
  const line = lineAt(doc.text, st.docStart);
  const indent = st.host === 'makefile' ? '' : line.indent;
  return { edits: [{ start: line.start, end: line.start, newText: asComment(lines, marker, indent) }], usedModel };
}

/** The model's account of a command, given the man-page meaning of each part as fenced data. */
export async function explainSummary(model: ModelClient, command: string, exp: Explanation, signal?: AbortSignal, onProgress?: (text: string) => void, onCached?: () => void): Promise<string> {
  const data = fence('command and its man-page parts', [`command: ${command}`, ...exp.parts.map((p) => `- ${p.flag ?? p.text} (${p.kind}): ${p.explanation}`)].join('\n'));
  const answer = await model.structured(
    [
      { role: 'system', content: SYSTEM.explain },
      { role: 'user', content: `Explain this command in at most four sentences.\n${data.text}` },
    ],
    ExplainAnswer,
    'explanation',
    { purpose: 'codeAction', signal, onProgress, onCached },
  );
  return answer.summary;
}

/** The one-line summary (each command and what it is) and a line per flag, subcommand or redirection. */
function offlineLines(exp: Explanation): string[] {
  const commands = exp.parts.filter((p) => p.kind === 'command');
  const summary = commands.length ? clipWords(commands.map((p) => firstSentence(p.explanation, 80)).join('; '), 110) : clipWords(exp.text, 110);
  const parts = exp.parts.filter((p) => WORTH_A_LINE.has(p.kind) && p.explanation.trim());
  const lines = [summary];
  for (const p of parts.slice(0, MAX_PART_LINES)) {
    const label = (p.flag ?? p.text).replace(/\s+/g, ' ');
    lines.push(`${'  '.repeat(p.depth + 1)}${clipWords(label, 30)}: ${firstSentence(p.explanation.replace(/^[^:]{0,60}:\s*/, ''), 90)}`);
  }
  if (parts.length > MAX_PART_LINES) lines.push(`  … and ${parts.length - MAX_PART_LINES} more (hover over the command for every part)`);
  return lines;
}

function sourcesOf(exp: Explanation): string[] {
  const seen = new Set<string>();
  for (const p of exp.parts) if (p.source && !p.source.path.startsWith('kibitz:')) seen.add(p.source.lines ? `${p.source.page} ${p.source.path}` : p.source.page);
  return [...seen].slice(0, 4);
}

/** Pages and doc passages that bear on the command (not the ones already cited); never one that only shares a word. */
async function seeAlso(deps: AssistDeps, exp: Explanation, cited: string[]): Promise<string[]> {
  if (!deps.retrieval) return [];
  try {
    return (await relatedToCommand(deps.retrieval, exp, { exclude: cited })).map(relatedLabel);
  } catch {
    return [];
  }
}
