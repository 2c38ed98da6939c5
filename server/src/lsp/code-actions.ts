import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../shell/risk/index.js';
import type { ServerContext } from './context.js';
import type { RiskDiagnostics } from './diagnostics.js';
import { offsetAt, positionAt } from './positions.js';

/** Quick fixes for risk findings, as WorkspaceEdit proposals. The server never applies them. */
export async function onCodeAction(ctx: ServerContext, risk: RiskDiagnostics, params: CodeActionParams): Promise<CodeAction[]> {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const enc = ctx.documents.encoding;
  const start = offsetAt(doc, params.range.start, enc);
  const end = offsetAt(doc, params.range.end, enc);
  const findings = (await risk.compute(doc.uri)).filter((f) => f.start <= end && f.end >= start);
  const text = doc.getText();
  const actions: CodeAction[] = [];
  const edit = (title: string, f: Finding, edits: TextEdit[], preferred = false): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    isPreferred: preferred,
    diagnostics: params.context.diagnostics.filter((d) => d.code === f.rule),
    edit: { changes: { [doc.uri]: edits } },
  });
  const range = (s: number, e: number) => ({ start: positionAt(doc, s, enc), end: positionAt(doc, e, enc) });
  for (const f of findings) {
    const token = text.slice(f.start, f.end);
    if (f.rule === 'git-push-force' && /^(--force|-f)$/.test(token)) {
      actions.push(edit('Use --force-with-lease instead of ' + token, f, [{ range: range(f.start, f.end), newText: '--force-with-lease' }], true));
    }
    if (f.rule === 'rm-unguarded-variable') {
      const guarded = token.replace(/^("?)\$\{?([A-Za-z_]\w*)\}?/, (_m, q: string, name: string) => `${q || '"'}\${${name}:?}`);
      const fixed = guarded.startsWith('"') && !guarded.endsWith('"') ? guarded + '"' : guarded;
      actions.push(edit(`Guard the variable: ${fixed}`, f, [{ range: range(f.start, f.end), newText: fixed }], true));
    }
    actions.push(disableHere(doc, f, range));
  }
  return actions;
}

function disableHere(doc: TextDocument, f: Finding, range: (s: number, e: number) => ReturnType<typeof rangeType>): CodeAction {
  const text = doc.getText();
  const lineStart = text.lastIndexOf('\n', f.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return {
    title: `Disable ${f.rule} for this line`,
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [doc.uri]: [{ range: range(lineStart, lineStart), newText: `${indent}# kibitz-disable-next-line ${f.rule}\n` }] } },
  };
}

declare function rangeType(): { start: { line: number; character: number }; end: { line: number; character: number } };
