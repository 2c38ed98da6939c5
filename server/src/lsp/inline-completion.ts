import type { CancellationToken, InlineCompletionItem, InlineCompletionList, InlineCompletionParams } from 'vscode-languageserver/node';
import { continuations, vocabulary } from '../git/continue.js';
import { messageText } from '../git/repo.js';
import { lineStartOf } from '../util/text.js';
import type { CommitBuffers } from '../services/commit-buffers.js';
import type { ServerContext } from './context.js';
import { offsetAt, positionAt } from './positions.js';

/**
 * textDocument/inlineCompletion (LSP 3.18) in commit buffers: the best draft as ghost text on an empty subject
 * line, or the rest of the best draft that continues what was typed. Nothing when the cursor is elsewhere.
 */
export async function onInlineCompletion(ctx: ServerContext, buffers: CommitBuffers, params: InlineCompletionParams, token: CancellationToken): Promise<InlineCompletionList | null> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc || !ctx.config().commit.enable || buffers.kind(doc.uri, doc.languageId) !== 'commit') return null;
  if (!buffers.state(doc.uri)) buffers.opened(doc.uri);
  const state = await buffers.state(doc.uri);
  if (!state || token.isCancellationRequested || (state.skip && state.skip !== 'has-message')) return null;
  const text = doc.getText();
  const enc = ctx.documents.encoding;
  const offset = offsetAt(doc, params.position, enc);
  const lineStart = lineStartOf(text, offset);
  // only on the subject line (the first line that is not a comment)
  if (messageText(text.slice(0, lineStart)).trim()) return null;
  const drafts = await state.drafts?.catch(() => undefined);
  if (!drafts?.drafts.length || token.isCancellationRequested) return null;
  const typed = text.slice(lineStart, offset);
  const best = drafts.drafts[0]!.message;
  const at = { start: positionAt(doc, offset, enc), end: positionAt(doc, offset, enc) };
  let items: InlineCompletionItem[];
  if (!typed.trim()) items = [{ insertText: text.slice(offset).trim() ? best.split('\n')[0]! : best, range: at }];
  else {
    const subjects = drafts.drafts.map((d) => d.message.split('\n')[0]!);
    const go = continuations(typed, subjects, vocabulary(drafts.files, subjects)).find((c) => c.kind === 'draft');
    items = go ? [{ insertText: go.text, range: at }] : [];
  }
  return { items };
}
