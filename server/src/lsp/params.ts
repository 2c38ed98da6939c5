import { z } from 'zod';

/**
 * The parameters of every method the server handles, checked at the protocol edge before any handler runs. A
 * request whose params do not match gets -32602 (invalid params) with the first problem; a notification is
 * logged and dropped. Extra fields are allowed (clients add their own); the fields kibitz reads must have the
 * documented type and range.
 */
const MAX_URI = 8192;
const MAX_TEXT = 256 * 1024 * 1024;

export const Uri = z.string().min(1).max(MAX_URI);
const uinteger = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const integer = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);

export const Position = z.looseObject({ line: uinteger, character: uinteger });
export const Range = z.looseObject({ start: Position, end: Position });
const TextDocumentIdentifier = z.looseObject({ uri: Uri });

const Diagnostic = z.looseObject({
  range: Range,
  message: z.union([z.string(), z.looseObject({ value: z.string() })]),
  severity: z.number().int().min(1).max(4).optional(),
  code: z.union([z.string(), z.number()]).optional().nullable(),
  source: z.string().optional().nullable(),
});

export const InitializeParams = z.looseObject({
  processId: z.number().int().nullable().optional(),
  rootUri: Uri.nullable().optional(),
  rootPath: z.string().nullable().optional(),
  capabilities: z.looseObject({}),
  workspaceFolders: z
    .array(z.looseObject({ uri: Uri, name: z.string().optional() }))
    .nullable()
    .optional(),
  initializationOptions: z.unknown().optional(),
  clientInfo: z.looseObject({ name: z.string(), version: z.string().optional() }).optional(),
});

export const DidOpenParams = z.looseObject({
  textDocument: z.looseObject({ uri: Uri, languageId: z.string().max(256), version: integer, text: z.string().max(MAX_TEXT) }),
});

const ContentChange = z.union([z.looseObject({ range: Range, rangeLength: uinteger.optional(), text: z.string().max(MAX_TEXT) }), z.looseObject({ text: z.string().max(MAX_TEXT) })]);

export const DidChangeParams = z.looseObject({
  textDocument: z.looseObject({ uri: Uri, version: integer }),
  contentChanges: z.array(ContentChange).max(100_000),
});

export const DidCloseParams = z.looseObject({ textDocument: TextDocumentIdentifier });
export const DidSaveParams = z.looseObject({ textDocument: TextDocumentIdentifier, text: z.string().optional() });
export const DidChangeConfigurationParams = z.looseObject({ settings: z.unknown() });

export const HoverParams = z.looseObject({ textDocument: TextDocumentIdentifier, position: Position });

export const CompletionParams = z.looseObject({
  textDocument: TextDocumentIdentifier,
  position: Position,
  context: z.looseObject({ triggerKind: z.number().int().min(1).max(3), triggerCharacter: z.string().optional() }).optional(),
});

export const InlineCompletionParams = z.looseObject({
  textDocument: TextDocumentIdentifier,
  position: Position,
  context: z.looseObject({ triggerKind: z.number().int().min(1).max(2) }),
});

export const CodeActionParams = z.looseObject({
  textDocument: TextDocumentIdentifier,
  range: Range,
  context: z.looseObject({
    diagnostics: z.array(Diagnostic).max(10_000),
    only: z.array(z.string()).optional(),
    triggerKind: z.number().int().min(1).max(2).optional(),
  }),
});

export const CodeAction = z.looseObject({ title: z.string(), data: z.unknown().optional() });

export const DocumentDiagnosticParams = z.looseObject({
  textDocument: TextDocumentIdentifier,
  identifier: z.string().optional().nullable(),
  previousResultId: z.string().optional().nullable(),
});

export const ExecuteCommandParams = z.looseObject({ command: z.string().min(1).max(256), arguments: z.array(z.unknown()).optional() });

/** The first problem of a failed parse, for the -32602 message: `textDocument.uri: expected string`. */
export function describeIssue(error: z.ZodError): string {
  const i = error.issues[0];
  if (!i) return 'invalid params';
  return `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`;
}

/** A range whose end comes before its start, swapped (a client bug, but the meaning is clear). */
export function ordered<R extends { start: { line: number; character: number }; end: { line: number; character: number } }>(r: R): R {
  const after = r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character);
  return after ? { ...r, start: r.end, end: r.start } : r;
}
