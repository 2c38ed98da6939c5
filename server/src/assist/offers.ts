import { detectHost } from '../shell/snippets/index.js';
import { statementAt } from '../shell/statement.js';
import { DEFINITION } from './doc-comment.js';
import { commentMarker, lineAt, wholeLines } from './text.js';
import type { ActionOffer, AssistDoc, ForeignDiagnostic, Span } from './types.js';
import { clip } from '../util/text.js';

export interface OfferOptions {
  customActions: { name: string; prompt: string; languages: string[] }[];
  /** Where the custom actions were defined: repository ones are labelled so (a title cannot pass for a built-in). */
  customOrigin?: string;
  /** At most this many "Fix with AI" entries (one per diagnostic). */
  maxFixes?: number;
}

/**
 * The AI actions that apply at a range, without calling any model (listing must be instant).
 * Each offer carries the exact range its edits may touch.
 */
export async function listOffers(doc: AssistDoc, range: Span, diagnostics: ForeignDiagnostic[], opts: OfferOptions): Promise<ActionOffer[]> {
  const out: ActionOffer[] = [];
  const host = detectHost(doc.languageId, doc.path, doc.text);
  const line = lineAt(doc.text, range.start);
  if (host && commentMarker(doc.languageId, host)) {
    const st = await statementAt(doc.languageId, doc.path, doc.text, range.start);
    if (st && st.comment === undefined) {
      const at = lineAt(doc.text, st.docStart).start;
      out.push({
        title: 'Explain this command (as a comment above it)',
        kind: 'explain-command',
        request: { kind: 'explain-command', target: { start: at, end: at }, anchor: st.docStart },
        needsModel: false,
      });
    }
    if (st && st.comment !== undefined && isRequest(st.comment)) {
      const next = lineAt(doc.text, st.docStart);
      const at = next.end < doc.text.length ? next.end + 1 : next.end;
      out.push({
        title: `Generate command: ${clip(st.comment.trim(), 50)}`,
        kind: 'generate-command',
        request: { kind: 'generate-command', target: { start: st.docStart, end: at } },
        needsModel: true,
      });
    }
  }
  for (const d of diagnostics.slice(0, opts.maxFixes ?? 5)) {
    const target = wholeLines(doc.text, d.range);
    out.push({ title: `Fix with AI: ${clip(d.message, 60)}`, kind: 'fix-diagnostic', request: { kind: 'fix-diagnostic', target, diagnostic: d }, needsModel: true });
  }
  if (DEFINITION.test(line.text) && doc.languageId !== 'json' && !/^\s*(#|\/\/)/.test(line.text)) {
    out.push({ title: 'Add doc comment', kind: 'doc-comment', request: { kind: 'doc-comment', target: { start: line.start, end: line.start } }, needsModel: true });
  }
  opts.customActions.forEach((a, i) => {
    if (a.languages.length && !a.languages.includes(doc.languageId)) return;
    const target = range.end > range.start ? range : { start: line.start, end: line.end };
    if (target.end === target.start) return;
    const title = !opts.customOrigin || opts.customOrigin === 'user' ? a.name : `${clip(a.name, 60)} (custom action from ${opts.customOrigin})`;
    out.push({ title, kind: 'custom', request: { kind: 'custom', target, custom: i }, needsModel: true });
  });
  return out;
}

/** A comment that asks for something, not a shebang, directive or divider. */
function isRequest(comment: string): boolean {
  const t = comment.trim();
  return t.length >= 4 && /[a-z]/i.test(t) && !/^!|^kibitz-|^shellcheck\s|^-+$|^=+$|^(TODO|FIXME)\b/i.test(t);
}
