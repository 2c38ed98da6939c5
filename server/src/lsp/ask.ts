import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { askDocs, citation, indexDocs, type DocsAnswer } from '../assist/ask.js';
import { askDocsWithModel } from '../assist/ask-model.js';
import type { ModelClient } from '../model/client.js';

export const ASK_COMMAND = 'kibitz.ask';

/** The answer as Markdown: each sentence with a link that opens the cited lines. */
export function answerMarkdown(root: string, a: DocsAnswer & { by?: string }): string {
  if (!a.answered) return `**Not in these docs.** Nothing in this workspace's documentation answers: ${a.question}`;
  const link = (s: DocsAnswer['sentences'][number]) => `[${citation(s)}](${pathToFileURL(path.join(root, s.path)).href}#L${s.lines[0]})`;
  const body = a.sentences.map((s) => `${s.text.includes('\n') ? `\n${s.text}\n` : s.text} — ${link(s)}${s.heading ? ` (${s.heading})` : ''}`).join('\n\n');
  return `${body}\n\n_${a.by === 'model' ? 'Written by the model; every sentence checked against the passage it cites.' : "The docs' own sentences."}_`;
}

/** workspace/executeCommand kibitz.ask [{question}] or [question] -> {markdown, answer}. */
export async function onAsk(
  args: unknown[] | undefined,
  o: { root: string | undefined; model: ModelClient | undefined },
  signal: AbortSignal,
): Promise<{ markdown: string; answer: DocsAnswer } | null> {
  const raw = args?.[0];
  const question = typeof raw === 'string' ? raw : raw && typeof raw === 'object' && typeof (raw as { question?: unknown }).question === 'string' ? (raw as { question: string }).question : '';
  if (!question.trim() || !o.root) return null;
  const docs = indexDocs(o.root);
  const answer = o.model ? await askDocsWithModel(question, docs, o.model, signal) : { ...askDocs(question, docs), by: 'offline' };
  return { markdown: answerMarkdown(o.root, answer), answer };
}
