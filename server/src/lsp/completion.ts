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
  type Range,
} from 'vscode-languageserver/node';
import { messageText } from '../git/repo.js';
import { continuations, vocabulary } from '../git/continue.js';
import { TICKET_SLOT } from '../git/style.js';
import type { CommitBuffers } from '../services/commit-buffers.js';
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

/** Where the cursor is in the buffer: its line, what is typed before it, and ranges in the client's encoding. */
interface At {
  uri: string;
  offset: number;
  lineStart: number;
  lineEnd: number;
  prefix: string;
  /** The buffer has no message yet (comments only). */
  empty: boolean;
  range: (s: number, e: number) => Range;
}

type Drafts = NonNullable<Awaited<ReturnType<CommitBuffers['startDrafts']>>>;

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
  const at: At = {
    uri: doc.uri,
    offset,
    lineStart,
    lineEnd: nl < 0 ? text.length : nl,
    prefix: text.slice(lineStart, offset),
    empty: !messageText(text).trim(),
    range: (s, e) => ({ start: positionAt(doc, s, enc), end: positionAt(doc, e, enc) }),
  };

  if (kind === 'pr') {
    const d = state.pr && (await untilCancelled(state.pr, token));
    return { isIncomplete: false, items: d && at.empty ? [prDraftItem(ctx, at, d)] : [] };
  }
  const asked = params.context?.triggerKind === CompletionTriggerKind.Invoked;
  if (state.skip && state.skip !== 'has-message' && !asked) return { isIncomplete: false, items: [] };
  const drafts = await untilCancelled(buffers.startDrafts(state), token);
  if (!drafts) return null;
  const onSubject =
    text
      .slice(0, lineStart)
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('')
      .trim() === '';
  if (onSubject) {
    const scopeOpen = /^(\w+)\(([\w./-]*)$/.exec(at.prefix);
    if (scopeOpen) return { isIncomplete: false, items: scopeItems(at, drafts, lineStart + scopeOpen[1]!.length + 1) };
    const items = [...continuationItems(at, drafts)];
    items.push(...draftItems(ctx, at, drafts, items, snippets));
    if (snippets && drafts.style.kind === 'conventional' && at.prefix.trim() === '') items.push(templateItem(at, drafts));
    return { isIncomplete: false, items };
  }
  const items: CompletionItem[] = [];
  if (/^[A-Za-z-]*:?$/.test(at.prefix) && state.trailers) {
    const trailers = (await untilCancelled(state.trailers, token)) ?? [];
    for (const t of trailers) items.push({ label: t, kind: CompletionItemKind.Reference, detail: 'kibitz: trailer', textEdit: { range: at.range(lineStart, offset), newText: t } });
  }
  return { isIncomplete: false, items };
}

function prDraftItem(ctx: ServerContext, at: At, d: { title: string; body: string; base: string; commits: number; source: string }): CompletionItem {
  const message = `${d.title}\n\n${d.body}`;
  const command = ctx.feedback?.offer(`pr:${at.uri}#${message}`, {
    feature: 'pr',
    source: d.source === 'model' ? 'model' : 'offline',
    kind: 'pr-draft',
    output: message,
    uri: at.uri,
    at: at.lineStart,
    input: `base: ${d.base}, ${d.commits} commits`,
  });
  return {
    ...(command ? { command } : {}),
    label: d.title,
    kind: CompletionItemKind.Text,
    detail: `kibitz: pull request draft against ${d.base} (${d.commits} commits, ${d.source})`,
    documentation: { kind: MarkupKind.Markdown, value: message },
    textEdit: { range: at.range(at.lineStart, at.lineEnd), newText: message },
  };
}

/** After `type(`: the scopes this repository uses. */
function scopeItems(at: At, drafts: Drafts, from: number): CompletionItem[] {
  const scopes = [...new Set([...drafts.style.scopes.map((s) => s.scope), ...drafts.drafts.map((d) => /^\w+\(([^)]+)\)/.exec(d.message)?.[1]).filter((s): s is string => !!s)])];
  return scopes.map((s) => ({ label: s, kind: CompletionItemKind.EnumMember, detail: 'kibitz: scope used in this repository', textEdit: { range: at.range(from, at.offset), newText: `${s}): ` } }));
}

/** A partly typed subject, continued: the rest of a draft that starts the same way, or the word being typed. */
function continuationItems(at: At, drafts: Drafts): CompletionItem[] {
  if (!at.prefix.trim()) return [];
  const subjects = drafts.drafts.map((d) => d.message.split('\n')[0]!);
  return continuations(at.prefix, subjects, vocabulary(drafts.files, subjects)).map((c, i) => ({
    label: c.kind === 'word' ? c.text : c.line,
    kind: c.kind === 'word' ? CompletionItemKind.Reference : CompletionItemKind.Text,
    detail: c.kind === 'word' ? 'kibitz: a name in the staged change' : 'kibitz: continues what you typed',
    filterText: c.kind === 'word' ? c.text : at.prefix + c.text,
    sortText: `0${String(i).padStart(3, '0')}`,
    textEdit: { range: at.range(at.offset - c.replace, at.offset), newText: c.text },
  }));
}

/** The whole drafts (nothing typed: the whole message; a partial subject: the subject line), after `before`. */
function draftItems(ctx: ServerContext, at: At, drafts: Drafts, before: CompletionItem[], snippets = false): CompletionItem[] {
  const items: CompletionItem[] = [];
  const input = `staged: ${drafts.files.map((f) => `${f.path} (${f.status}, +${f.added} -${f.removed})`).join(', ')}${drafts.branch ? `\nbranch: ${drafts.branch}` : ''}`;
  drafts.drafts.forEach((d, i) => {
    const subject = d.message.split('\n')[0]!;
    const whole = at.prefix.trim() === '' && at.empty;
    const newText = whole ? d.message : subject;
    const source = d.source === 'model' ? 'model' : d.source === 'similar-commits' ? 'retrieval' : 'offline';
    const command = ctx.feedback?.offer(`commit:${at.uri}#${newText}`, { feature: 'commit', source, kind: d.source, output: newText, uri: at.uri, at: at.lineStart, input });
    // two drafts with the same subject (with and without body) must not look like one candidate in a menu
    const label = [...before, ...items].some((it) => it.label === subject) ? `${subject} (${d.label.replace(/^kibitz: /, '')})` : subject;
    items.push({
      ...(command ? { command } : {}),
      label,
      kind: CompletionItemKind.Text,
      detail: d.label,
      documentation: { kind: MarkupKind.Markdown, value: '```\n' + d.message + '\n```' },
      // what was typed keeps the whole drafts in the client's list (they replace the line when chosen)
      filterText: at.prefix.trim() ? at.prefix + subject : subject,
      sortText: `1${String(i).padStart(3, '0')}`,
      ...ticketSlot(newText, snippets),
      textEdit: { range: at.range(at.lineStart, whole ? at.lineEnd : at.offset), newText: snippets ? slotSnippet(newText) : newText },
    });
  });
  return items;
}

const SLOT = new RegExp(`\\b([A-Z][A-Z0-9]+-)${TICKET_SLOT}\\b`);

/** A draft with a ticket slot is a snippet where the client takes them: the cursor lands on the number to type. */
function ticketSlot(text: string, snippets: boolean): Pick<CompletionItem, 'insertTextFormat'> {
  return snippets && SLOT.test(text) ? { insertTextFormat: InsertTextFormat.Snippet } : {};
}

function slotSnippet(text: string): string {
  if (!SLOT.test(text)) return text;
  return text.replace(/[\\$}]/g, (c) => `\\${c}`).replace(SLOT, `$1\${1:${TICKET_SLOT}}`);
}

/** A Conventional Commits snippet with this repository's types and scopes. */
function templateItem(at: At, drafts: Drafts): CompletionItem {
  const types = drafts.style.types.slice(0, 10).join(',');
  const scopes = [...new Set(drafts.style.scopes.map((s) => s.scope))].slice(0, 12);
  return {
    label: 'type(scope): subject',
    kind: CompletionItemKind.Snippet,
    detail: "kibitz: Conventional Commits template with this repository's types and scopes",
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range: at.range(at.lineStart, at.offset), newText: `\${1|${types}|}${scopes.length ? `(\${2|${scopes.join(',')}|})` : ''}: \${3:subject}` },
    sortText: '999',
  };
}
