import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
} from 'vscode-languageserver/node';
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
    for (const c of p.contentChanges) {
      if ('range' in c && c.range) {
        const range = { start: toUtf16(cur, c.range.start, this.encoding), end: toUtf16(cur, c.range.end, this.encoding) };
        cur = TextDocument.update(cur, [{ range, text: c.text }], p.textDocument.version);
      } else {
        cur = TextDocument.update(cur, [{ text: c.text }], p.textDocument.version);
      }
    }
    this.docs.set(p.textDocument.uri, cur);
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
