import { fence } from '../safety/fence.js';
import type { ModelClient } from '../model/client.js';
import type { Explanation } from '../shell/explain/index.js';
import { analyzeRisk } from '../shell/risk/index.js';
import { statementAt } from '../shell/statement.js';
import { ExplainAnswer } from './schemas.js';
import { SYSTEM } from './prompts.js';
import { asComment, commentMarker, lineAt, wrap } from './text.js';
import { AssistError, type ActionResult, type AssistDeps, type AssistDoc, type Span } from './types.js';

/** "Explain this command": a comment above it. Offline: the man-page explanation; with a model: prose grounded in it. */
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
      lines = wrap(await explainSummary(deps.model, st.text, exp, signal, deps.onProgress), 100);
      usedModel = true;
    } catch (err) {
      if (signal?.aborted) throw err;
      lines = offlineLines(exp);
    }
  } else {
    lines = offlineLines(exp);
  }
  if (risk.findings.length) lines.push(`Risk: ${risk.level}: ${risk.findings.map((f) => f.message).join('; ')}`);
  if (sources.length) lines.push(`Sources: ${sources.join('; ')}`);
  const also = await seeAlso(deps, st.text, sources);
  if (also.length) lines.push(`See also: ${also.join('; ')}`);
  const line = lineAt(doc.text, st.docStart);
  const indent = st.host === 'makefile' ? '' : line.indent;
  return { edits: [{ start: line.start, end: line.start, newText: asComment(lines, marker, indent) }], usedModel };
}

/** The model's account of a command, given the man-page meaning of each part as fenced data. */
export async function explainSummary(model: ModelClient, command: string, exp: Explanation, signal?: AbortSignal, onProgress?: (text: string) => void): Promise<string> {
  const data = fence('command and its man-page parts', [`command: ${command}`, ...exp.parts.map((p) => `- ${p.flag ?? p.text} (${p.kind}): ${p.explanation}`)].join('\n'));
  const answer = await model.structured(
    [{ role: 'system', content: SYSTEM.explain }, { role: 'user', content: `Explain this command in at most four sentences.\n${data.text}` }],
    ExplainAnswer,
    'explanation',
    { purpose: 'codeAction', signal, onProgress },
  );
  return answer.summary;
}

function offlineLines(exp: Explanation): string[] {
  return exp.parts
    .filter((p) => p.kind !== 'operator' || p.text.trim() !== '')
    .map((p) => {
      const label = (p.flag ?? p.text).replace(/\s+/g, ' ');
      const text = p.explanation.replace(/\s+/g, ' ');
      return `${'  '.repeat(p.depth)}${label}: ${text.length > 110 ? text.slice(0, 109) + '…' : text}`;
    });
}

function sourcesOf(exp: Explanation): string[] {
  const seen = new Set<string>();
  for (const p of exp.parts) if (p.source) seen.add(p.source.lines ? `${p.source.page} ${p.source.path}` : p.source.page);
  return [...seen].slice(0, 6);
}


/** Other man pages and doc passages from the local index that match the command (not the ones already cited). */
async function seeAlso(deps: AssistDeps, command: string, cited: string[]): Promise<string[]> {
  if (!deps.retrieval) return [];
  try {
    const hits = await deps.retrieval.search(command, { corpora: ['man', 'docs'], k: 6 });
    return hits
      .filter((h) => h.score >= 0.12)
      .map((h) => (h.corpus === 'man' ? String(h.meta?.page) : `${h.meta?.path}:${h.meta?.line}`))
      .filter((label) => !cited.some((c) => c.startsWith(label + ' ') || c === label))
      .slice(0, 3);
  } catch {
    return [];
  }
}
