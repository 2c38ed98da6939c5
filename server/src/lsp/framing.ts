/**
 * Content-Length framing of JSON-RPC over a byte stream, tolerant of the ways real clients get it wrong:
 * LF-only headers, a UTF-8 byte order mark, Content-Length counted in characters instead of bytes, and a
 * Content-Length longer or shorter than the body. A broken frame is reported once (the caller answers -32700)
 * and reading resumes at the next valid header.
 */

export type FrameEvent = { kind: 'message'; value: unknown } | { kind: 'error'; reason: string };

const MAX_BODY = 256 * 1024 * 1024;
const MAX_HEADER = 64 * 1024;
const CL_UPPER = Buffer.from('Content-Length');
const CL_LOWER = Buffer.from('content-length');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A complete header: Content-Length, other header lines, and the blank line (CRLF or LF). */
const HEADER = /^content-length:[ \t]*(\d{1,12})[ \t]*\r?\n(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n)*\r?\n/i;
/** The start of a Content-Length header whose end has not arrived yet. */
const PARTIAL_HEADER = /^content-length:[ \t]*\d{0,12}[ \t]*(?:\r?\n(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n)*(?:[A-Za-z][\w-]*(?::[^\r\n]*)?\r?|\r)?|\r)?$/i;

export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  /** A broken stretch was already reported: the next report waits for a good frame. */
  private reported = false;

  /** Feed bytes; returns the messages and errors they complete, in order. */
  push(chunk: Buffer): FrameEvent[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: FrameEvent[] = [];
    for (;;) {
      const ev = this.next();
      if (!ev) break;
      if (ev.kind === 'error') {
        if (!this.reported) out.push(ev);
        this.reported = true;
      } else {
        this.reported = false;
        out.push(ev);
      }
    }
    return out;
  }

  private next(): FrameEvent | undefined {
    this.skipFiller();
    if (!this.buf.length) return undefined;
    const head = this.buf.subarray(0, Math.min(this.buf.length, MAX_HEADER)).toString('latin1');
    const m = HEADER.exec(head);
    if (!m) return this.notAHeader(head);
    const length = Number(m[1]);
    const bodyStart = m[0].length;
    if (length > MAX_BODY) return this.dropUntilNextHeader(bodyStart, `Content-Length ${length} is over the ${MAX_BODY}-byte limit`);
    // a header inside the declared body: the declared length was too long and the next frame began
    const embedded = nextHeaderIn(this.buf, bodyStart, Math.min(this.buf.length, bodyStart + length));
    if (embedded >= 0) {
      const body = this.buf.subarray(bodyStart, embedded).toString('utf8');
      this.buf = this.buf.subarray(embedded);
      return { kind: 'error', reason: parseJson(stripBom(body)) !== NOT_JSON ? 'Content-Length is longer than the frame body' : 'frame body is not valid JSON' };
    }
    if (this.buf.length < bodyStart + length) return undefined;
    const bytes = this.buf.subarray(bodyStart, bodyStart + length);
    const value = parseJson(stripBom(bytes.toString('utf8')));
    if (value !== NOT_JSON) {
      this.buf = this.buf.subarray(bodyStart + length);
      return { kind: 'message', value };
    }
    // Content-Length counted in UTF-16 characters: the body is the first `length` characters
    const byChars = this.charCounted(bodyStart, length);
    if (byChars === 'wait') return undefined;
    if (byChars) {
      this.buf = this.buf.subarray(bodyStart + byChars.bytes);
      return { kind: 'message', value: byChars.value };
    }
    this.buf = this.buf.subarray(bodyStart + length);
    return { kind: 'error', reason: 'frame body is not valid JSON' };
  }

  /** Blank lines and a byte order mark between frames carry no meaning. */
  private skipFiller(): void {
    let i = 0;
    for (;;) {
      if (this.buf[i] === 0x0d || this.buf[i] === 0x0a || this.buf[i] === 0x20 || this.buf[i] === 0x09) i++;
      else if (this.buf.subarray(i, i + 3).equals(BOM)) i += 3;
      else break;
    }
    if (i) this.buf = this.buf.subarray(i);
  }

  /** The buffer does not start with a complete Content-Length header. */
  private notAHeader(head: string): FrameEvent | undefined {
    const cl = head.search(/content-length:/i);
    if (cl > 0) {
      // other header fields before Content-Length (Content-Type): they carry nothing kibitz needs
      if (/^(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n)+$/.test(head.slice(0, cl))) {
        this.buf = this.buf.subarray(cl);
        return this.next();
      }
      this.buf = this.buf.subarray(cl);
      return { kind: 'error', reason: 'bytes outside any frame before a header' };
    }
    const short = this.buf.length < MAX_HEADER;
    if (cl === 0) {
      if (short && PARTIAL_HEADER.test(head)) return undefined;
      return this.dropUntilNextHeader(1, 'invalid Content-Length header');
    }
    // no Content-Length yet: a header (or the start of one) still arriving, or bytes that are no header at all
    if (short && !/\r?\n\r?\n/.test(head) && (/^(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n)*[A-Za-z][\w-]*(?::[^\r\n]*)?\r?$/.test(head) || /^(?:[A-Za-z][\w-]*:[^\r\n]*\r?\n)+$/.test(head))) return undefined;
    return this.dropUntilNextHeader(0, /^[A-Za-z][\w-]*:/.test(head) ? 'header without Content-Length' : 'missing or invalid Content-Length header');
  }

  /** Drop bytes up to the next thing that looks like a header (or everything), reporting one error. */
  private dropUntilNextHeader(from: number, reason: string): FrameEvent {
    const at = nextHeaderStart(this.buf, Math.max(from, 1));
    this.buf = at < 0 ? keepPossiblePrefix(this.buf) : this.buf.subarray(at);
    return { kind: 'error', reason };
  }

  private charCounted(bodyStart: number, length: number): { value: unknown; bytes: number } | 'wait' | undefined {
    const available = this.buf.subarray(bodyStart, bodyStart + length * 4).toString('utf8');
    if (!/[^\x00-\x7f]/.test(available.slice(0, length))) return undefined;
    const body = available.slice(0, length);
    const bytes = Buffer.byteLength(body);
    if (this.buf.length < bodyStart + bytes) return 'wait';
    const value = parseJson(stripBom(body));
    return value !== NOT_JSON ? { value, bytes } : undefined;
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** Offset of the first `Content-Length` at or after `from` (either case), or -1. */
function nextHeaderStart(buf: Buffer, from: number): number {
  const a = buf.indexOf(CL_UPPER, from);
  const b = buf.indexOf(CL_LOWER, from);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/**
 * Offset of a complete header that starts inside [from, to). Such a header cannot be part of a JSON body: JSON
 * strings cannot hold raw line breaks, and outside strings `Content-Length` is not JSON.
 */
function nextHeaderIn(buf: Buffer, from: number, to: number): number {
  for (let at = nextHeaderStart(buf, from); at >= 0 && at < to; at = nextHeaderStart(buf, at + 1)) {
    if (HEADER.test(buf.subarray(at, Math.min(buf.length, at + 4096)).toString('latin1'))) return at;
  }
  return -1;
}

/** Keep a tail that may be the beginning of a header split across chunks. */
function keepPossiblePrefix(buf: Buffer): Buffer {
  const tail = buf.subarray(Math.max(0, buf.length - 16)).toString('latin1');
  for (let i = 0; i < tail.length; i++) {
    if ('content-length'.startsWith(tail.slice(i).toLowerCase())) return Buffer.from(tail.slice(i), 'latin1');
  }
  return Buffer.alloc(0);
}
