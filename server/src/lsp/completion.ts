import { lineStartOf } from '../util/text.js';
import {
  CompletionItemKind,
  CompletionTriggerKind,
  InsertTextFormat,
  MarkupKind,
  type CancellationToken,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver/node';
import { messageText } from '../git/repo.js';
import { continuations, vocabulary } from '../git/continue.js';
import type { CommitBuffers } from './commit.js';
import type { ServerContext } from './context.js';
import { offsetAt, positionAt } from './positions.js';

/** Wait for prefetched drafts, but never past the request's cancellation. */
function untilCancelled<T>(p: Promise<T>, token: CancellationToken): Promise<T | undefined> {
  return new Promise((resolve) => {
    const sub = token.onCancellationRequested(() => resolve(undefined));
    p.then(
      (v) => {
        sub.dispose();
        resolve(v);
      },
      () => {
        sub.dispose();
        resolve(undefined);
      },
    );
  });
}

/**
 * textDocument/completion in commit and PR buffers: whole-message drafts (each labelled with where it came
 * from), scopes after `type(`, completions of a partly typed subject, and trailers. Only inserts: nothing the
 * user wrote is replaced except the part of the line being completed.
 */
export async function onCompletion(ctx: ServerContext, buffers: CommitBuffers, params: CompletionParams, token: CancellationToken, snippets: boolean): Promise<CompletionList | null> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc || !ctx.config().commit.enable) return null;
  const kind = buffers.kind(doc.uri, doc.languageId);
  if (!kind) return null;
  if (!buffers.state(doc.uri)) buffers.opened(doc.uri);
  const state = await untilCancelled(buffers.state(doc.uri)!, token);
  if (!state) return null;
  const enc = ctx.documents.encoding;
  const text = doc.getText();
  const offset = offsetAt(doc, params.position, enc);
  const lineStart = lineStartOf(text, offset);
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const prefix = text.slice(lineStart, offset);
  const range = (s: number, e: number) => ({ start: positionAt(doc, s, enc), end: positionAt(doc, e, enc) });
  const empty = !messageText(text).trim();

  if (kind === 'pr') {
    const d = state.pr && (await untilCancelled(state.pr, token));
    if (!d || !empty) return { isIncomplete: false, items: [] };
    const message = `${d.title}\n\n${d.body}`;
    const command = ctx.feedback?.offer(`pr:${doc.uri}#${message}`, { feature: 'pr', source: d.source === 'model' ? 'model' : 'offline', kind: 'pr-draft', output: message, uri: doc.uri, at: lineStart, input: `base: ${d.base}, ${d.commits} commits` });
    return { isIncomplete: false, items: [{ ...(command ? { command } : {}), label: d.title, kind: CompletionItemKind.Text, detail: `kibitz: pull request draft against ${d.base} (${d.commits} commits, ${d.source})`, documentation: { kind: MarkupKind.Markdown, value: message }, textEdit: { range: range(lineStart, lineEnd), newText: message } }] };
  }

  const asked = params.context?.triggerKind === CompletionTriggerKind.Invoked;
  if (state.skip && state.skip !== 'has-message' && !asked) return { isIncomplete: false, items: [] };
  const drafts = await untilCancelled(buffers.startDrafts(state), token);
  if (!drafts) return null;
  const lines = text.slice(0, lineStart).split('\n').filter((l) => !l.startsWith('#'));
  const onSubject = lines.join('').trim() === '';
  const items: CompletionItem[] = [];

  if (onSubject) {
    const scopeOpen = /^(\w+)\(([\w./-]*)$/.exec(prefix);
    if (scopeOpen) {
      const scopes = [...new Set([...drafts.style.scopes.map((s) => s.scope), ...drafts.drafts.map((d) => /^\w+\(([^)]+)\)/.exec(d.message)?.[1]).filter((s): s is string => !!s)])];
      const from = lineStart + scopeOpen[1]!.length + 1;
      for (const s of scopes) items.push({ label: s, kind: CompletionItemKind.EnumMember, detail: 'kibitz: scope used in this repository', textEdit: { range: range(from, offset), newText: `${s}): ` } });
      return { isIncomplete: false, items };
    }
    // a partly typed subject: continue it (the rest of a draft that starts the same way, the word being typed);
    // whole drafts stay in the list after them
    if (prefix.trim()) {
      const subjects = drafts.drafts.map((d) => d.message.split('\n')[0]!);
      for (const [i, c] of continuations(prefix, subjects, vocabulary(drafts.files, subjects)).entries()) {
        items.push({
          label: c.kind === 'word' ? c.text : c.line,
          kind: c.kind === 'word' ? CompletionItemKind.Reference : CompletionItemKind.Text,
          detail: c.kind === 'word' ? 'kibitz: a name in the staged change' : 'kibitz: continues what you typed',
          filterText: c.kind === 'word' ? c.text : prefix + c.text,
          sortText: `0${String(i).padStart(3, '0')}`,
          textEdit: { range: range(offset - c.replace, offset), newText: c.text },
        });
      }
    }
    drafts.drafts.forEach((d, i) => {
      const subject = d.message.split('\n')[0]!;
      // nothing typed yet: the whole message; a partial subject: the subject line only
      const whole = prefix.trim() === '' && empty;
      const newText = whole ? d.message : subject;
      const command = ctx.feedback?.offer(`commit:${doc.uri}#${newText}`, {
        feature: 'commit',
        source: d.source === 'model' ? 'model' : d.source === 'similar-commits' ? 'retrieval' : 'offline',
        kind: d.source,
        output: newText,
        uri: doc.uri,
        at: lineStart,
        input: `staged: ${drafts.files.map((f) => `${f.path} (${f.status}, +${f.added} -${f.removed})`).join(', ')}${drafts.branch ? `\nbranch: ${drafts.branch}` : ''}`,
      });
      // two drafts with the same subject (with and without body) must not look like one candidate in a menu
      const label = items.some((it) => it.label === subject) ? `${subject} (${d.label.replace(/^kibitz: /, '')})` : subject;
      items.push({
        ...(command ? { command } : {}),
        label,
        kind: CompletionItemKind.Text,
        detail: d.label,
        documentation: { kind: MarkupKind.Markdown, value: '```\n' + d.message + '\n```' },
        // what was typed keeps the whole drafts in the client's list (they replace the line when chosen)
        filterText: prefix.trim() ? prefix + subject : subject,
        sortText: `1${String(i).padStart(3, '0')}`,
        textEdit: { range: range(lineStart, whole ? lineEnd : offset), newText },
      });
    });
    if (snippets && drafts.style.kind === 'conventional' && prefix.trim() === '') {
      const types = drafts.style.types.slice(0, 10).join(',');
      const scopes = [...new Set(drafts.style.scopes.map((s) => s.scope))].slice(0, 12);
      items.push({
        label: 'type(scope): subject',
        kind: CompletionItemKind.Snippet,
        detail: 'kibitz: Conventional Commits template with this repository\'s types and scopes',
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: range(lineStart, offset), newText: `\${1|${types}|}${scopes.length ? `(\${2|${scopes.join(',')}|})` : ''}: \${3:subject}` },
        sortText: '999',
      });
    }
    return { isIncomplete: false, items };
  }

  if (/^[A-Za-z-]*:?$/.test(prefix) && state.trailers) {
    const trailers = (await untilCancelled(state.trailers, token)) ?? [];
    for (const t of trailers) items.push({ label: t, kind: CompletionItemKind.Reference, detail: 'kibitz: trailer', textEdit: { range: range(lineStart, offset), newText: t } });
  }
  return { isIncomplete: false, items };
}
