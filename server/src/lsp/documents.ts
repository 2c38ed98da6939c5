import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver/node';
import { toUtf16, type PositionEncoding } from './positions.js';

/** Open documents with incremental sync, converting utf-8 client ranges to the utf-16 TextDocument model. */
export class Documents {
  private readonly docs = new Map<string, TextDocument>();
  private readonly listeners: ((uri: string) => void)[] = [];
  encoding: PositionEncoding = 'utf-16';

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  all(): TextDocument[] {
    return [...this.docs.values()];
  }

  onChange(fn: (uri: string) => void): void {
    this.listeners.push(fn);
  }

  /** Edits as offsets into the text before each one (for following regions through edits). */
  onEdits(fn: (uri: string, changes: { start: number; end: number; text: string }[]) => void): void {
    this.editListeners.push(fn);
  }

  private readonly editListeners: ((uri: string, changes: { start: number; end: number; text: string }[]) => void)[] = [];

  open(p: DidOpenTextDocumentParams): void {
    const d = p.textDocument;
    this.docs.set(d.uri, TextDocument.create(d.uri, d.languageId, d.version, d.text));
    this.emit(d.uri);
  }

  change(p: DidChangeTextDocumentParams): void {
    const doc = this.docs.get(p.textDocument.uri);
    if (!doc) return;
    // Each change applies to the text produced by the previous one, so convert one at a time.
    let cur = doc;
    const offsets: { start: number; end: number; text: string }[] = [];
    for (const c of p.contentChanges) {
      if ('range' in c && c.range) {
        const range = { start: toUtf16(cur, c.range.start, this.encoding), end: toUtf16(cur, c.range.end, this.encoding) };
        offsets.push({ start: cur.offsetAt(range.start), end: cur.offsetAt(range.end), text: c.text });
        cur = TextDocument.update(cur, [{ range, text: c.text }], p.textDocument.version);
      } else {
        offsets.push({ start: 0, end: cur.getText().length, text: c.text });
        cur = TextDocument.update(cur, [{ text: c.text }], p.textDocument.version);
      }
    }
    this.docs.set(p.textDocument.uri, cur);
    for (const l of this.editListeners) l(p.textDocument.uri, offsets);
    this.emit(p.textDocument.uri);
  }

  close(p: DidCloseTextDocumentParams): void {
    this.docs.delete(p.textDocument.uri);
    this.emit(p.textDocument.uri);
  }

  private emit(uri: string): void {
    for (const l of this.listeners) l(uri);
  }
}
