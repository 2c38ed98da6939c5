import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { documentFixes } from '../shell/risk/document-fixes.js';
import type { ServerContext } from './context.js';
import type { RiskDiagnostics } from './diagnostics.js';
import { offsetAt, positionAt } from './positions.js';

/** Quick fixes for risk findings, as WorkspaceEdit proposals. The server never applies them. */
export async function onCodeAction(ctx: ServerContext, risk: RiskDiagnostics, params: CodeActionParams): Promise<CodeAction[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.'))) return [];
  const enc = ctx.documents.encoding;
  const start = offsetAt(doc, params.range.start, enc);
  const end = offsetAt(doc, params.range.end, enc);
  const findings = (await risk.compute(doc.uri)).filter((f) => f.start <= end && f.end >= start);
  if (findings.length === 0) return [];
  const path = decodeURIComponent(doc.uri.replace(/^file:\/\//, ''));
  const fixes = await documentFixes(doc.languageId, path, doc.getText(), findings, ctx.config().risk);
  return fixes.map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: fix.preferred || undefined,
    diagnostics: params.context.diagnostics.filter((d) => d.code === fix.rule),
    edit: {
      changes: {
        [doc.uri]: fix.edits.map((e) => ({ range: { start: positionAt(doc, e.start, enc), end: positionAt(doc, e.end, enc) }, newText: e.newText })),
      },
    },
  }));
}
