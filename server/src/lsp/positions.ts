import type { Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export type PositionEncoding = 'utf-16' | 'utf-8';

/** Pick the position encoding: utf-8 when the client offers it (no conversion cost for it), else utf-16. */
export function negotiateEncoding(offered: string[] | undefined): PositionEncoding {
  return offered?.includes('utf-8') ? 'utf-8' : 'utf-16';
}

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
}

/** Client position (in the negotiated encoding) -> UTF-16 position used by TextDocument. */
export function toUtf16(doc: TextDocument, pos: Position, enc: PositionEncoding): Position {
  if (enc === 'utf-16') return pos;
  const text = lineText(doc, pos.line);
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < pos.character) {
    const cp = text.codePointAt(i)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return { line: pos.line, character: i };
}

/** UTF-16 position -> client position. */
export function fromUtf16(doc: TextDocument, pos: Position, enc: PositionEncoding): Position {
  if (enc === 'utf-16') return pos;
  const text = lineText(doc, pos.line).slice(0, pos.character);
  return { line: pos.line, character: Buffer.byteLength(text, 'utf8') };
}

export function offsetAt(doc: TextDocument, pos: Position, enc: PositionEncoding): number {
  return doc.offsetAt(toUtf16(doc, pos, enc));
}

export function positionAt(doc: TextDocument, offset: number, enc: PositionEncoding): Position {
  return fromUtf16(doc, doc.positionAt(offset), enc);
}
