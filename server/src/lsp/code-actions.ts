import { CodeActionKind, CodeActionTriggerKind, type CancellationToken, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { listOffers } from '../assist/offers.js';
import type { ActionOffer, ForeignDiagnostic } from '../assist/types.js';
import { HOW_TO_CONFIGURE } from '../config/model-settings.js';
import { documentFixes } from '../shell/risk/document-fixes.js';
import type { AiActions } from './code-action-resolve.js';
import type { ServerContext } from './context.js';
import type { RiskDiagnostics } from './diagnostics.js';
import { offsetAt } from './positions.js';
import { workspaceEdit, type EditSupport } from './edits.js';
import { DOCTOR_COMMAND } from './commands.js';
import { ASK_COMMAND, questionAt } from './ask.js';
import { clip } from '../util/text.js';

const ASK_KIND = 'source.kibitz.ask';
import { uriToPath } from '../util/uri.js';
import { lineStartOf } from '../util/text.js';

/** What the client can do with code actions (from initialize). */
export interface CodeActionSupport {
  resolveEdit: boolean;
  disabled: boolean;
  edits: EditSupport;
}

export const KIND_OF: Record<ActionOffer['kind'], string> = {
  'explain-command': CodeActionKind.RefactorRewrite,
  'generate-command': CodeActionKind.RefactorRewrite,
  'fix-diagnostic': CodeActionKind.QuickFix,
  'doc-comment': CodeActionKind.RefactorRewrite,
  custom: CodeActionKind.RefactorRewrite,
};

/**
 * Risk quick fixes (computed here, no model) and AI actions. AI actions are listed without calling the model;
 * their edit is computed in codeAction/resolve, or, for clients without resolve support, here but only when the
 * user explicitly asked for code actions. Everything is a proposal: the server never applies an edit.
 */
export async function onCodeAction(ctx: ServerContext, risk: RiskDiagnostics, ai: AiActions, support: CodeActionSupport, params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(k + '.'));
  const enc = ctx.documents.encoding;
  const start = offsetAt(doc, params.range.start, enc);
  const end = offsetAt(doc, params.range.end, enc);
  const out: CodeAction[] = [];
  const path = uriToPath(doc.uri);
  if (wants(CodeActionKind.QuickFix)) out.push(...(await riskFixes(ctx, risk, support, params, doc, start, end)));
  const question = wants(ASK_KIND) ? questionAt(doc.getText(), start, end) : undefined;
  // asking the docs needs no model: offered wherever a question is written or selected
  if (question) out.push({ title: `Ask the docs: ${clip(question, 60)}`, kind: ASK_KIND, command: { title: 'kibitz: ask the docs', command: ASK_COMMAND, arguments: [{ question }] } });
  const cfg = ctx.config();
  if (!cfg.actions.enable) return out;
  const explicit = params.context.triggerKind !== CodeActionTriggerKind.Automatic;
  if (!support.resolveEdit && !explicit) return out;
  const foreign = params.context.diagnostics.map((d) => toForeign(doc, d, enc));
  const offers = (
    await listOffers({ uri: doc.uri, languageId: doc.languageId, path, text: doc.getText() }, { start, end }, foreign, { customActions: cfg.actions.custom, customOrigin: ctx.customOrigin?.() })
  ).filter((o) => wants(KIND_OF[o.kind]));
  const hasModel = !!ai.model();
  let needModel = 0;
  for (const o of offers) {
    if (o.needsModel && !hasModel && !support.disabled) {
      needModel++;
      continue;
    }
    const action: CodeAction = {
      title: o.title,
      kind: KIND_OF[o.kind],
      data: { kibitz: 1, uri: doc.uri, version: doc.version, request: o.request },
      ...(o.kind === 'fix-diagnostic' ? { diagnostics: params.context.diagnostics.filter((d) => o.request.diagnostic && messageOf(d) === o.request.diagnostic.message) } : {}),
      ...(o.needsModel && !hasModel ? { disabled: { reason: HOW_TO_CONFIGURE } } : {}),
    };
    out.push(action);
  }
  if (needModel && !params.context.only) {
    // a client that cannot show disabled actions: one action that says what the others need, instead of nothing
    out.push({
      title: `Configure a model… (${needModel} AI action${needModel === 1 ? ' needs' : 's need'} one; kibitz doctor shows how)`,
      kind: CodeActionKind.Empty,
      command: { title: 'kibitz doctor', command: DOCTOR_COMMAND },
    });
  }
  if (!support.resolveEdit) {
    // no resolve support: compute the edits now (the user asked explicitly), keep the actions that produced one
    const resolved = await Promise.all(out.map((a) => (a.data && !a.disabled ? ai.resolve(a, token) : Promise.resolve(a))));
    return resolved.filter((a) => a.edit || a.disabled || (a.command && !a.data));
  }
  return out;
}

function toForeign(doc: TextDocument, d: Diagnostic, enc: 'utf-8' | 'utf-16'): ForeignDiagnostic {
  return {
    range: { start: offsetAt(doc, d.range.start, enc), end: offsetAt(doc, d.range.end, enc) },
    message: messageOf(d),
    ...(d.source ? { source: d.source } : {}),
    ...(d.code !== undefined ? { code: d.code } : {}),
  };
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
}

/** Quick fixes for every risk finding on the lines of the range (no model). */
async function riskFixes(ctx: ServerContext, risk: RiskDiagnostics, support: CodeActionSupport, params: CodeActionParams, doc: TextDocument, start: number, end: number): Promise<CodeAction[]> {
  const out: CodeAction[] = [];
  const enc = ctx.documents.encoding;
  const path = uriToPath(doc.uri);
  // every finding on the lines of the range, not only under the cursor: clients send all of a line's diagnostics
  const text = doc.getText();
  const lineFrom = lineStartOf(text, start);
  const nl = text.indexOf('\n', end);
  const lineTo = nl < 0 ? text.length : nl;
  const findings = (await risk.compute(doc.uri, start)).filter((f) => f.start <= lineTo && f.end >= lineFrom);
  if (findings.length) {
    const fixes = await documentFixes(doc.languageId, path, doc.getText(), findings, ctx.config().risk);
    for (const fix of fixes) {
      const main = fix.edits.reduce((a, b) => (b.newText.length > a.newText.length ? b : a), fix.edits[0]!);
      const command = ctx.feedback?.offer(`fix:${doc.uri}@${doc.version}#${fix.title}`, {
        feature: 'quick-fix',
        source: 'offline',
        kind: fix.rule,
        output: main.newText,
        uri: doc.uri,
        at: main.start,
        input: doc.getText().slice(findings[0]!.start, findings[0]!.end),
      });
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred || undefined,
        diagnostics: params.context.diagnostics.filter((d) => d.code === fix.rule),
        edit: workspaceEdit(doc, doc.version, fix.edits, enc, support.edits),
        ...(command ? { command } : {}),
      });
    }
  }
  return out;
}
