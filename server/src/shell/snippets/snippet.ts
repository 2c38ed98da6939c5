/** A piece of shell found inside a host document, with an exact map back to the host's offsets. */
export type HostKind = 'shell' | 'dockerfile' | 'makefile' | 'github-actions' | 'gitlab-ci' | 'markdown' | 'package-json';

/** `len` characters of snippet text starting at `snip` come from document offset `doc`. */
export interface Segment {
  snip: number;
  doc: number;
  len: number;
}

/** A range of snippet text that the host substitutes before the shell runs (`${{ }}`, `$(VAR)`). */
export interface OpaqueRange {
  start: number;
  end: number;
  note: string;
  /** The host's text it stands for (`$(BUILD)`, `${{ inputs.dir }}`). */
  original?: string;
  /** The program it names, when the host says (`$(MAKE)` → make, `$(GO)` set to `go` in the makefile). */
  program?: string;
}

export interface Snippet {
  host: HostKind;
  text: string;
  segments: Segment[];
  opaque: OpaqueRange[];
  /**
   * The language that really runs it when that is not a POSIX shell (a `shell: pwsh` step, a PowerShell `SHELL`):
   * hovers do not explain it, the risk rules still read the native commands it runs (`curl ... | sh`).
   */
  foreign?: string;
  /** Document offset range the snippet was taken from (for quick containment checks). */
  docStart: number;
  docEnd: number;
}

export class SnippetBuilder {
  private text = '';
  private segments: Segment[] = [];
  private opaque: OpaqueRange[] = [];

  constructor(private readonly host: HostKind) {}

  get length(): number {
    return this.text.length;
  }

  /** Append text that appears verbatim in the document at `docOffset`. */
  mapped(docOffset: number, text: string): this {
    if (!text) return this;
    const last = this.segments[this.segments.length - 1];
    if (last && last.snip + last.len === this.text.length && last.doc + last.len === docOffset) {
      last.len += text.length;
    } else {
      this.segments.push({ snip: this.text.length, doc: docOffset, len: text.length });
    }
    this.text += text;
    return this;
  }

  /** Append text that has no counterpart in the document (joining spaces, quotes, newlines). */
  virtual(text: string): this {
    this.text += text;
    return this;
  }

  /**
   * Append document text that the host replaces before the shell sees it. It is kept as one opaque
   * word of the same length so offsets stay exact.
   */
  opaqueWord(docOffset: number, original: string, note: string, program?: string): this {
    const start = this.text.length;
    const filler = 'K' + 'x'.repeat(Math.max(0, original.length - 1));
    this.mapped(docOffset, filler);
    this.opaque.push({ start, end: start + original.length, note, original, ...(program ? { program } : {}) });
    return this;
  }

  build(): Snippet | undefined {
    if (!this.segments.length || !this.text.trim()) return undefined;
    const first = this.segments[0]!;
    const last = this.segments[this.segments.length - 1]!;
    return {
      host: this.host,
      text: this.text,
      segments: this.segments,
      opaque: this.opaque,
      docStart: first.doc,
      docEnd: last.doc + last.len,
    };
  }
}

/**
 * Snippet offset -> document offset. At a boundary between two segments a range start ('start') maps to
 * the next segment and a range end ('end') to the end of the previous one. Virtual text maps to the end
 * of the segment before it.
 */
export function toDocOffset(snippet: Snippet, offset: number, bias: 'start' | 'end' = 'start'): number {
  let best = snippet.docStart;
  for (const seg of snippet.segments) {
    if (offset < seg.snip) break;
    if (offset < seg.snip + seg.len || (offset === seg.snip && seg.len === 0)) {
      if (bias === 'end' && offset === seg.snip && best !== snippet.docStart) return best;
      return seg.doc + (offset - seg.snip);
    }
    best = seg.doc + seg.len;
  }
  return best;
}

/** Document offset -> snippet offset, or -1 when the document offset is not part of the snippet. */
export function toSnippetOffset(snippet: Snippet, docOffset: number): number {
  for (const seg of snippet.segments) {
    if (docOffset >= seg.doc && docOffset < seg.doc + seg.len) return seg.snip + (docOffset - seg.doc);
  }
  const last = snippet.segments[snippet.segments.length - 1];
  if (last && docOffset === last.doc + last.len) return last.snip + last.len;
  return -1;
}

/** The document text under a snippet range (what the user sees, not the opaque filler). */
export function docText(snippet: Snippet, documentText: string, start: number, end: number): string {
  return documentText.slice(toDocOffset(snippet, start), toDocOffset(snippet, end, 'end'));
}
