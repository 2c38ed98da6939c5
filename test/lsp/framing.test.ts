import { describe, expect, it } from 'vitest';
import { FrameDecoder, type FrameEvent } from '../../server/src/lsp/framing.js';

const msg = (id: number, extra = '') => JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { note: extra } });
const frame = (body: string, length = Buffer.byteLength(body), sep = '\r\n') => `Content-Length: ${length}${sep}${sep}${body}`;

function decode(...chunks: (string | Buffer)[]): FrameEvent[] {
  const d = new FrameDecoder();
  return chunks.flatMap((c) => d.push(typeof c === 'string' ? Buffer.from(c) : c));
}
const ids = (evs: FrameEvent[]) => evs.map((e) => (e.kind === 'message' ? (e.value as { id: number }).id : 'error'));

describe('frame decoding', () => {
  it('reads well-formed frames, also split byte by byte and with other header fields', () => {
    const all = frame(msg(1)) + `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${msg(2).length}\r\n\r\n${msg(2)}`;
    expect(ids(decode(all))).toEqual([1, 2]);
    expect(ids(decode(...Buffer.from(all).reduce<Buffer[]>((a, b) => [...a, Buffer.from([b])], [])))).toEqual([1, 2]);
  });

  it('a Content-Length longer than the body: one error, and the next frame is read', () => {
    expect(ids(decode(frame(msg(1), msg(1).length + 50) + frame(msg(2))))).toEqual(['error', 2]);
    // the next frame arrives later: the first one waits, then gives way
    expect(ids(decode(frame(msg(1), msg(1).length + 50), frame(msg(2))))).toEqual(['error', 2]);
  });

  it('a Content-Length shorter than the body: one error (not one per fragment), and the next frame is read', () => {
    expect(ids(decode(frame(msg(1), 20) + frame(msg(2))))).toEqual(['error', 2]);
  });

  it('Content-Length counted in characters instead of bytes: the message is read', () => {
    const body = msg(3, 'héllo — ünïcödé ✓ 😀');
    expect(body.length).toBeLessThan(Buffer.byteLength(body));
    expect(ids(decode(frame(body, body.length) + frame(msg(4))))).toEqual([3, 4]);
  });

  it('a UTF-8 byte order mark before the header or the body, and LF-only headers: the message is read', () => {
    expect(ids(decode('\ufeff' + frame(msg(5))))).toEqual([5]);
    const withBom = '\ufeff' + msg(6);
    expect(ids(decode(frame(withBom)))).toEqual([6]);
    expect(ids(decode(frame(msg(7), undefined, '\n') + frame(msg(8))))).toEqual([7, 8]);
  });

  it('garbage between frames and a header without Content-Length: one error each stretch, then frames again', () => {
    expect(ids(decode(frame(msg(1)) + 'garbage }}} not a header\r\n\r\n' + frame(msg(2))))).toEqual([1, 'error', 2]);
    expect(ids(decode('Content-Type: x\r\n\r\n' + frame(msg(3))))).toEqual(['error', 3]);
    expect(ids(decode('Content-Length: abc\r\n\r\n{}' + frame(msg(4))))).toEqual(['error', 4]);
  });

  it('a Content-Length over the limit is refused without waiting for the bytes', () => {
    expect(ids(decode('Content-Length: 999999999999\r\n\r\n{"x":1}' + frame(msg(9))))).toEqual(['error', 9]);
  });

  it('a body that mentions Content-Length inside a string is not taken for a header', () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'x', params: { text: 'Content-Length: 5\r\n\r\nhello' } });
    expect(ids(decode(frame(body)))).toEqual([10]);
  });
});
