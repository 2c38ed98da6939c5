import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stateDir } from '../util/paths.js';
import { lineStartOf } from '../util/text.js';
import type { LspClient } from './client.js';
import { citation, headingNote, indexDocs, type DocsAnswer } from '../assist/ask.js';
import { askSources, historyIndex, manIndex, type AskSources } from '../assist/ask-sources.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import type { ManPages } from '../shell/manpages/index.js';
import { askDocsWithModel } from '../assist/ask-model.js';
import type { DocsCache } from '../assist/docs-cache.js';
import type { FeedbackGlue } from '../services/feedback-session.js';
import type { ModelClient } from '../model/client.js';

export const ASK_COMMAND = 'kibitz.ask';

/**
 * The answer as Markdown: each sentence with a link that opens the cited lines. `from`: the folder the Markdown
 * file will be in, for links relative to it (Markdown renderers such as VS Code's preview refuse `file:` links);
 * without it, `file:` URLs.
 */
export function answerMarkdown(root: string, a: DocsAnswer & { by?: string }, from?: string): string {
  if (!a.answered) return `**Not in these docs.** Nothing in this workspace's documentation answers: ${a.question}`;
  const target = (p: string) =>
    from
      ? path
          .relative(from, path.join(root, p))
          .split(path.sep)
          .map((x) => encodeURIComponent(x))
          .join('/')
      : pathToFileURL(path.join(root, p)).href;
  const link = (s: DocsAnswer['sentences'][number]) => `[${citation(s)}](${target(s.path)}#L${s.lines[0]})`;
  const body = a.sentences.map((s) => `${s.text.includes('\n') ? `\n${s.text}\n` : s.text} — ${link(s)}${headingNote(s)}`).join('\n\n');
  return `${body}\n\n_${a.by === 'model' ? 'Written by the model; every sentence checked against the passage it cites.' : "The docs' own sentences."}_`;
}

/**
 * The question a code action can ask: a `?: question` comment on the line (`# ?: how do I run the tests?`,
 * `// ?: …`, `<!-- ?: … -->`), or the selected words.
 */
export function questionAt(text: string, start: number, end: number): string | undefined {
  if (end > start) {
    const sel = text.slice(start, end).replace(/\s+/g, ' ').trim();
    return sel.length >= 3 && sel.length <= 300 ? sel : undefined;
  }
  const from = lineStartOf(text, start);
  const nl = text.indexOf('\n', start);
  const line = text.slice(from, nl < 0 ? text.length : nl);
  const m = /^\s*(?:#|\/\/|--|;|<!--)\s*\?:\s*(.+?)\s*(?:-->)?\s*$/.exec(line);
  return m?.[1];
}

/**
 * workspace/executeCommand kibitz.ask [{question, show?}] or [question] -> {markdown, answer, file, root}. The answer is
 * also written as a Markdown file (`file`; cited paths are relative to `root`) and shown: opened with window/showDocument, or as a message where the
 * client cannot. `show: false`: not shown (a client that displays the answer its own way: a float, a help buffer).
 */
export async function onAsk(
  args: unknown[] | undefined,
  o: { root: string | undefined; model: ModelClient | undefined; editor?: LspClient; showDocument?: boolean; docs?: DocsCache; feedback?: FeedbackGlue; man?: ManPages },
  signal: AbortSignal,
): Promise<{ markdown: string; answer: DocsAnswer; file: string; root: string; proposal?: string } | null> {
  const raw = args?.[0];
  const show = !(raw && typeof raw === 'object' && (raw as { show?: unknown }).show === false);
  const question = typeof raw === 'string' ? raw : raw && typeof raw === 'object' && typeof (raw as { question?: unknown }).question === 'string' ? (raw as { question: string }).question : '';
  if (!question.trim() || !o.root) return null;
  // the docs and code comments, the man pages of commands the question names, the commit history
  const sources: AskSources = {
    docs: o.docs ? o.docs.get(o.root) : indexDocs(o.root),
    man: o.man ? manIndex(o.root, question, o.man, defaultCacheDir()) : undefined,
    history: await historyIndex(o.root, defaultCacheDir()),
  };
  const answer = o.model ? await askDocsWithModel(question, sources, o.model, signal) : { ...askSources(question, sources).answer, by: 'offline' };
  const markdown = answerMarkdown(o.root, answer);
  // an answer is a proposal: "helpful", "not helpful" and opened citations are recorded against its id
  const proposal = o.feedback?.propose({
    feature: 'ask',
    source: answer.by === 'model' ? 'model' : 'offline',
    kind: answer.answered ? 'docs-answer' : 'not-in-docs',
    input: question,
    output: markdown,
  });
  const file = path.join(stateDir(), 'answer.md');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `# ${question}\n\n${answerMarkdown(o.root, answer, path.dirname(file))}\n`);
  const root = o.root;
  // each sentence with its citation as kibitz writes it (`path:3-4`, `commit 1a2b3c4`, `tar(1)`), for clients that show it themselves
  const cited = { ...answer, sentences: answer.sentences.map((x) => ({ ...x, citation: citation(x), note: headingNote(x) })) };
  const result = { markdown, answer: cited, file, root, ...(proposal ? { proposal } : {}) };
  if (!show) return result;
  if (o.editor && o.showDocument) {
    await o.editor.showDocument(pathToFileURL(file).href).catch(() => undefined);
  } else if (o.editor) {
    const plain = answer.answered ? answer.sentences.map((s) => `${s.text.replace(/\s+/g, ' ')} (${citation(s)})`).join(' ') : `Not in these docs: ${question}`;
    o.editor.showMessage('info', `kibitz: ${plain.slice(0, 1500)}`);
  }
  return result;
}
