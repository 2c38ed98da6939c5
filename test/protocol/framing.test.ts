import { describe, expect, it } from 'vitest';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv();

const hover = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///w/a.sh' }, position: { line: 0, character: 1 } } });
const frame = (body: string, length = Buffer.byteLength(body), sep = '\r\n') => `Content-Length: ${length}${sep}${sep}${body}`;

/** The framed messages the server wrote, parsed. */
function written(c: InProcessClient): { id?: unknown; error?: { code: number }; result?: unknown }[] {
  const out = [];
  let rest = c.rawOut;
  for (let m = /Content-Length: (\d+)\r\n\r\n/.exec(rest); m; m = /Content-Length: (\d+)\r\n\r\n/.exec(rest)) {
    const start = m.index + m[0].length;
    const body = Buffer.from(rest.slice(start)).subarray(0, Number(m[1])).toString();
    out.push(JSON.parse(body));
    rest = rest.slice(start + body.length);
  }
  return out;
}
async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('framing over the server input', () => {
  it('recovers from broken frames with one -32700 each, and answers the requests that follow', async () => {
    const c = new InProcessClient();
    await c.initialize();
    await c.open('file:///w/a.sh', 'shellscript', 'tar -xzf a.tgz\n');
    c.raw(frame(hover(101), hover(101).length + 40)); // longer than its body
    c.raw(frame(hover(102)));
    c.raw(frame(hover(103), 30)); // shorter than its body
    c.raw(frame(hover(104)));
    c.raw('\ufeff' + frame(hover(105))); // a byte order mark
    c.raw(frame(hover(106), undefined, '\n')); // LF-only header
    const unicode = hover(107).replace('"position"', '"note":"ünïcödé ✓","position"');
    c.raw(frame(unicode, unicode.length)); // counted in characters
    await until(() => [102, 104, 105, 106, 107].every((id) => written(c).some((m) => m.id === id)));
    const out = written(c);
    for (const id of [102, 104, 105, 106, 107]) expect(out.find((m) => m.id === id)?.result, `request ${id}`).toBeTruthy();
    expect(out.filter((m) => m.error?.code === -32700)).toHaveLength(2);
    expect(out.some((m) => m.id === 101 || m.id === 103)).toBe(false);
    c.dispose();
  });
});
