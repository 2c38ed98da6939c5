import type { AnnotatedTextEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { positionAt, type PositionEncoding } from './positions.js';

/** What the client can do with workspace edits (from initialize). */
export interface EditSupport {
  /** `documentChanges`: versioned text document edits, so a stale proposal fails instead of landing on changed text. */
  documentChanges: boolean;
  /** Change annotations: model-written edits carry one with `needsConfirmation` (VS Code shows a preview). */
  annotations: boolean;
}

export function editSupportOf(caps: { workspace?: { workspaceEdit?: { documentChanges?: boolean; changeAnnotationSupport?: unknown } } } | undefined): EditSupport {
  const we = caps?.workspace?.workspaceEdit;
  return { documentChanges: !!we?.documentChanges, annotations: !!we?.documentChanges && !!we?.changeAnnotationSupport };
}

export const MODEL_ANNOTATION = 'kibitz.model';

/**
 * A proposal as a workspace edit on `doc` at `version` (the version it was computed on). Plain `changes` only for
 * clients without `documentChanges`.
 */
export function workspaceEdit(
  doc: TextDocument,
  version: number,
  edits: { start: number; end: number; newText: string }[],
  enc: PositionEncoding,
  support: EditSupport,
  opts: { modelWritten?: boolean } = {},
): WorkspaceEdit {
  const text = (e: { start: number; end: number; newText: string }): TextEdit => ({ range: { start: positionAt(doc, e.start, enc), end: positionAt(doc, e.end, enc) }, newText: e.newText });
  if (!support.documentChanges) return { changes: { [doc.uri]: edits.map(text) } };
  const annotate = !!opts.modelWritten && support.annotations;
  const list: (TextEdit | AnnotatedTextEdit)[] = edits.map((e) => (annotate ? { ...text(e), annotationId: MODEL_ANNOTATION } : text(e)));
  return {
    documentChanges: [{ textDocument: { uri: doc.uri, version }, edits: list }],
    ...(annotate
      ? { changeAnnotations: { [MODEL_ANNOTATION]: { label: 'Written by a model (kibitz)', needsConfirmation: true, description: 'Review this text before you apply it: a model wrote it.' } } }
      : {}),
  };
}
