import { renderFontMacro, renderInline, renderMdoc, splitArgs } from './roff.js';
import { isFlagTag, parseTag } from './tag.js';

export { parseTag } from './tag.js';

/** A value an option's argument may take, documented in a list under the option (`-type f`: "regular file"). */
export interface ManValue {
  value: string;
  text: string;
  lines: [number, number];
}

/** One option (or keyword operand such as dd's `of=FILE`) of a man page. */
export interface ManOption {
  /** Every spelling: ['-x', '--extract', '--get'] */
  flags: string[];
  /** Argument placeholder, e.g. 'ARCHIVE', '<commit>', '[=WHEN]'; '' if none (see tag.ts argShape). */
  arg: string;
  /** The tag line as written, rendered to text. */
  tag: string;
  description: string;
  /** 1-based inclusive line range in the page source. */
  lines: [number, number];
  section: string;
  /** Nesting depth (.RS / .Bl) at which the tag appeared. */
  depth: number;
  /** Documented values of the argument, from a list nested under the option. */
  values?: ManValue[];
}

export interface ManSection {
  title: string;
  lines: [number, number];
  /** Subsection titles (.SS) with their ranges. */
  subsections: { title: string; lines: [number, number] }[];
}

/** A tagged paragraph that is not an option: builtins in bash(1), verbs in a COMMANDS section, keywords. */
export interface ManItem {
  tag: string;
  description: string;
  lines: [number, number];
  section: string;
  depth: number;
}

export interface ManPage {
  name: string;
  /** The NAME line's description: "an archiving utility". */
  summary: string;
  nameLines: [number, number];
  synopsis: string;
  synopsisLines: [number, number];
  options: ManOption[];
  items: ManItem[];
  sections: ManSection[];
  /** `.so man1/other.1` pages redirect; the locator follows this. */
  alias?: string;
}

type Kind = 'tp' | 'ip' | 'docbook' | 'mdoc' | 'hp';

interface Pending {
  tags: string[];
  body: string[];
  start: number;
  end: number;
  depth: number;
  section: string;
  expectTag: boolean;
  kind: Kind;
  values: ManValue[];
  /** Inside this entry's own nested list: tags found there are values, not entries. */
  valueDepth?: number;
  value?: ManValue;
}

const IGNORED = new Set([
  'br', 'sp', 'in', 'ne', 'ft', 'fi', 'nf', 'ad', 'na', 'hy', 'nh', 'PD', 'ds', 'de', 'ig', 'rm', 'nr', 'so', 'ie',
  'el', 'if', 'ti', 'ta', 'ss', 'cs', 'bp', 'ev', 'ce', 'ps', 'vs', 'ls', 'mk', 'rt', 'tr', 'cc', 'c2', 'eo', 'ec',
  'ns', 'rs', 'em', 'wh', 'ch', 'it', 'am', 'as', 'di', 'da', 'ul', 'cu', 'lt', 'pl', 'po', 'll', 'pc', 'ab', 'tm',
  'TH', 'Dd', 'Dt', 'Os', 'UE', 'ME', 'EE', 'EX', 'YS', 'OP', 'Bd', 'Ed', 'Pp', 'Lp', 'Bf', 'Ef', 'Rs', 'Re',
  'hw', 'TS', 'TE', 'T&', 'LINKSTYLE', 'Vb', 'Ve', 'IX', 'mso', 'Sp', 'Ip', 'Ee', 'Ds', 'De',
]);

const clean = (parts: string[]) => parts.join(' ').replace(/\s+/g, ' ').trim();

/**
 * A roff (man(7) or mdoc(7)) page parser: NAME, SYNOPSIS, sections, options with their argument placeholders and
 * documented values, and other tagged items. Handles GNU `.TP`/`.TQ` (and `.PD 0` stacked headers), help2man
 * `.HP`, DocBook `.PP` + `.RS`, `.IP` lists nested under an option, and mdoc `.Bl`/`.It` with `.Xo`/`.Xc`.
 */
class PageParser {
  readonly page: ManPage;
  private section = '';
  private sectionText: string[] = [];
  private depth = 0;
  private pending: Pending | undefined;
  private docbook: { tags: string[]; start: number } | undefined;
  private mdocNm: string;
  private noFill = false;
  private ignoreUntil: string | undefined;
  /** An mdoc `.It ... Xo` tag still being written, until `.Xc`. */
  private xo: { parts: string[]; spacing: boolean } | undefined;
  private spacing = true;

  constructor(fallbackName: string) {
    this.mdocNm = fallbackName;
    this.page = { name: fallbackName, summary: '', nameLines: [0, 0], synopsis: '', synopsisLines: [0, 0], options: [], items: [], sections: [] };
  }

  parse(lines: string[]): ManPage {
    for (let idx = 0; idx < lines.length; idx++) this.line(lines[idx]!.replace(/\r$/, ''), idx + 1);
    this.close();
    this.finishSection(lines.length);
    return this.page;
  }

  private line(raw: string, ln: number): void {
    if (this.ignoreUntil) {
      if (raw.startsWith(this.ignoreUntil)) this.ignoreUntil = undefined;
      return;
    }
    if (!raw.startsWith('.') && !raw.startsWith("'")) {
      if (raw.trim() === '' && !this.noFill) return;
      this.text(renderInline(raw), ln);
      return;
    }
    const body = raw.slice(1).trimStart();
    if (body.startsWith('\\"') || body === '') return;
    const m = /^(\S+)\s*(.*)$/.exec(body);
    if (m) this.macro(m[1]!, m[2]!, body, ln);
  }

  private macro(name: string, rest: string, body: string, ln: number): void {
    if (this.xo && name !== 'Xc') {
      this.xoPart(name, rest, body);
      return;
    }
    switch (name) {
      case 'SH':
      case 'Sh':
        return this.startSection(this.macroText(name, rest), ln, false);
      case 'SS':
      case 'Ss':
        return this.startSection(this.macroText(name, rest), ln, true);
      case 'TP':
        return this.tp(ln);
      case 'TQ':
        if (this.pending) this.pending.expectTag = true;
        return;
      case 'IP':
        return this.ip(rest, ln);
      case 'HP':
        this.close(ln - 1);
        this.pending = this.newPending('hp', [], ln + 1, false);
        return;
      case 'PP':
      case 'P':
      case 'LP':
      case 'Pp':
      case 'Lp':
        return this.paragraph(ln);
      case 'RS':
        return this.rs(ln);
      case 'RE':
        return this.re();
      case 'Bl':
        this.depth++;
        return;
      case 'El':
        this.close(ln - 1);
        this.depth = Math.max(0, this.depth - 1);
        return;
      case 'It':
        return this.it(rest, ln);
      case 'Xc':
        return this.endXo();
      case 'Sm':
        this.spacing = !/^off/.test(rest.trim());
        return;
      case 'Nm':
        if (!this.page.name && rest) this.page.name = splitArgs(rest)[0] ?? '';
        if (rest && this.section === 'NAME') this.mdocNm = splitArgs(rest)[0] ?? this.mdocNm;
        this.text(renderMdoc(body, this.mdocNm), ln);
        return;
      case 'Nd':
        if (this.section === 'NAME') this.sectionText.push('- ' + renderMdoc(rest, this.mdocNm));
        return;
      case 'nf':
      case 'EX':
      case 'Bd':
        this.noFill = true;
        return;
      case 'fi':
      case 'EE':
      case 'Ed':
        this.noFill = false;
        return;
      case 'de':
      case 'ig':
        this.ignoreUntil = '..';
        return;
      case 'UR':
      case 'MT':
        return;
      default:
        if (IGNORED.has(name)) return;
        if (/^[BI]$|^(BR|BI|IB|IR|RI|RB|SM|SB)$/.test(name)) this.text(renderFontMacro(name, splitArgs(rest)), ln);
        else if (/^[A-Z][a-z]$/.test(name)) this.text(renderMdoc(body, this.mdocNm), ln);
    }
  }

  private newPending(kind: Kind, tags: string[], start: number, expectTag: boolean): Pending {
    return { tags, body: [], start, end: start, depth: this.depth, section: this.section, expectTag, kind, values: [] };
  }

  /** In an option's own nested list: a tag there is a value of its argument. */
  private inValueList(): boolean {
    const p = this.pending;
    return !!p && p.valueDepth !== undefined && this.depth >= p.valueDepth;
  }

  private tp(ln: number): void {
    const p = this.pending;
    // .TP tag1 / .PD 0 / .TP tag2: two headers for one description
    if (p && p.kind === 'tp' && p.tags.length && !p.body.length && !p.expectTag && p.depth === this.depth) {
      p.expectTag = true;
      return;
    }
    if (this.inValueList()) {
      p!.value = { value: '', text: '', lines: [ln + 1, ln + 1] };
      p!.expectTag = true;
      return;
    }
    this.close(ln - 1);
    this.docbook = undefined;
    this.pending = this.newPending('tp', [], ln + 1, true);
  }

  private ip(rest: string, ln: number): void {
    const args = splitArgs(rest);
    const tag = args[0] ? renderInline(args[0]).trim() : '';
    if (!tag || tag === '•' || tag === '*' || tag === '-' || /^\d+\.?$|^\(\w\)$|^[a-z]\)$/.test(tag)) {
      // an untagged .IP continues the entry (help2man writes .HP tag / .IP body)
      if (this.inValueList() && !tag) this.pending!.value = undefined;
      return;
    }
    if (this.inValueList()) {
      const v = { value: tag, text: '', lines: [ln, ln] as [number, number] };
      this.pending!.values.push(v);
      this.pending!.value = v;
      return;
    }
    this.close(ln - 1);
    this.docbook = undefined;
    this.pending = this.newPending('ip', [tag], ln, false);
  }

  private paragraph(ln: number): void {
    const p = this.pending;
    if (p && p.depth >= this.depth && p.kind !== 'docbook' && p.kind !== 'mdoc') this.close(ln - 1);
    if (!this.docbook || this.pending) this.docbook = { tags: [], start: ln + 1 };
  }

  private rs(ln: number): void {
    if (this.docbook && this.docbook.tags.length && !this.pending) {
      this.pending = this.newPending('docbook', this.docbook.tags, this.docbook.start, false);
      this.pending.end = ln;
      this.docbook = undefined;
      this.depth++;
      return;
    }
    this.docbook = undefined;
    // a list nested under an option with an argument holds the argument's values
    const p = this.pending;
    if (p && p.valueDepth === undefined && p.tags.length && isFlagTag(p.tags.join(', ')) && parseTag(p.tags.join(', ')).arg && p.body.length) p.valueDepth = this.depth + 1;
    this.depth++;
  }

  private re(): void {
    this.depth = Math.max(0, this.depth - 1);
    const p = this.pending;
    if (p && p.valueDepth !== undefined && this.depth < p.valueDepth) {
      p.valueDepth = undefined;
      p.value = undefined;
      return;
    }
    if (p && p.kind === 'docbook' && p.depth === this.depth) this.close();
    else if (p && p.depth > this.depth) this.close();
  }

  private it(rest: string, ln: number): void {
    const p = this.pending;
    // .It head / .It head / text: several heads for one description (ssh's four -L forms)
    const stacked = p && p.kind === 'mdoc' && p.tags.length && !p.body.length && p.depth === Math.max(0, this.depth - 1);
    if (!stacked) this.close(ln - 1);
    const toks = splitArgs(rest);
    if (stacked) {
      if (toks[toks.length - 1] === 'Xo') this.xo = { parts: [renderMdoc(toks.slice(0, -1).join(' '), this.mdocNm).trim()], spacing: this.spacing };
      else p.tags.push(renderMdoc(rest, this.mdocNm).trim());
      return;
    }
    if (toks[toks.length - 1] === 'Xo') {
      // the head goes on over the next lines, up to .Xc (ssh's -L [bind_address:]port:host:hostport)
      this.xo = { parts: [renderMdoc(toks.slice(0, -1).join(' '), this.mdocNm).trim()], spacing: this.spacing };
      this.pending = this.newPending('mdoc', [], ln, false);
      this.pending.depth = Math.max(0, this.depth - 1);
      return;
    }
    const tag = renderMdoc(rest, this.mdocNm).trim();
    this.pending = this.newPending('mdoc', tag ? [tag] : [], ln, false);
    this.pending.depth = Math.max(0, this.depth - 1);
  }

  private xoPart(name: string, rest: string, body: string): void {
    if (name === 'Sm') {
      this.spacing = !/^off/.test(rest.trim());
      return;
    }
    const t = renderMdoc(body, this.mdocNm).trim();
    if (!t) return;
    const parts = this.xo!.parts;
    const glue = this.spacing ? ' ' : '';
    parts.push(parts.length > 1 || parts[0] ? glue + t.replace(/\s+/g, this.spacing ? ' ' : '') : t);
  }

  private endXo(): void {
    if (!this.xo) return;
    const [head, ...more] = this.xo.parts;
    const tag = `${head} ${more.join('').trim()}`.trim();
    if (this.pending && tag) this.pending.tags.push(tag);
    this.xo = undefined;
  }

  private text(t: string, ln: number): void {
    if (this.section === 'NAME' || this.section === 'SYNOPSIS' || this.section === 'SYNTAX') this.sectionText.push(t);
    if (this.docbook && !this.pending) {
      // DocBook (.PP tag .RS 4 body .RE): option tags, and in any section short term lines (systemctl's verbs)
      const term = t.trim();
      if (term && (isFlagTag(term) || (term.length <= 100 && /^[\w.:-]/.test(term) && this.docbook.tags.length < 3))) {
        this.docbook.tags.push(term);
        return;
      }
      this.docbook = undefined;
    }
    const p = this.pending;
    if (!p) return;
    if (p.expectTag) {
      if (p.value && this.inValueList()) {
        p.value.value = t.trim();
        p.values.push(p.value);
      } else p.tags.push(t.trim());
      p.expectTag = false;
      p.end = ln;
      return;
    }
    if (p.kind === 'hp' && !p.tags.length) {
      // help2man: `.HP` then the tag on its own line (`-E, -r, --regexp-extended`), or tag and text on one line
      const m = /^((?:[-+]{1,2}[\w?@#[\]=<>.-]*(?:,\s*)?)+)(?:\s+(.*))?$/.exec(t.trim());
      if (m) {
        p.tags.push(m[1]!.replace(/,\s*$/, ''));
        if (m[2]) p.body.push(m[2]);
      }
      p.end = ln;
      if (!m) this.close();
      return;
    }
    if (!t.trim()) return;
    if (p.value && this.inValueList()) {
      p.value.text = clean([p.value.text, t]);
      p.value.lines[1] = ln;
    }
    p.body.push(t);
    p.end = ln;
  }

  private close(end?: number): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p || !p.tags.length) return;
    const tag = p.tags.join(', ').replace(/\s+/g, ' ').trim();
    const description = clean(p.body);
    const lines: [number, number] = [p.start, Math.max(p.start, end ?? p.end)];
    if (isFlagTag(tag)) {
      const { flags, arg } = parseTag(tag);
      if (flags.length) this.page.options.push({ flags: [...new Set(flags)], arg, tag, description, lines, section: p.section, depth: p.depth, ...(p.values.length ? { values: p.values } : {}) });
    } else {
      this.page.items.push({ tag, description, lines, section: p.section, depth: p.depth });
    }
  }

  private startSection(title: string, ln: number, sub: boolean): void {
    this.close();
    this.docbook = undefined;
    const cur = this.page.sections[this.page.sections.length - 1];
    if (sub && cur) {
      const ss = cur.subsections[cur.subsections.length - 1];
      if (ss) ss.lines[1] = ln - 1;
      cur.subsections.push({ title, lines: [ln, ln] });
      return;
    }
    this.finishSection(ln - 1);
    this.section = title.toUpperCase();
    this.depth = 0;
    this.page.sections.push({ title: this.section, lines: [ln, ln], subsections: [] });
  }

  private finishSection(endLn: number): void {
    const cur = this.page.sections[this.page.sections.length - 1];
    if (!cur) return;
    cur.lines[1] = endLn;
    const ss = cur.subsections[cur.subsections.length - 1];
    if (ss) ss.lines[1] = endLn;
    const text = clean(this.sectionText);
    if (cur.title === 'NAME' && !this.page.summary) {
      const m = /^(.*?)\s+[-—–]\s+(.*)$/.exec(text);
      this.page.summary = m ? m[2]! : text;
      if (m && !this.page.name) this.page.name = m[1]!.split(/[ ,]/)[0]!;
      this.page.nameLines = [cur.lines[0], endLn];
    } else if ((cur.title === 'SYNOPSIS' || cur.title === 'SYNTAX') && !this.page.synopsis) {
      this.page.synopsis = text;
      this.page.synopsisLines = [cur.lines[0], endLn];
    }
    this.sectionText = [];
  }

  private macroText(name: string, rest: string): string {
    if (/^[A-Z][a-z]$/.test(name)) return renderMdoc(rest, this.mdocNm).trim();
    return splitArgs(rest).map(renderInline).join(' ').trim();
  }
}

/** Parse roff (man(7) or mdoc(7)) source into NAME, SYNOPSIS, sections, options and tagged items. */
export function parsePage(source: string, fallbackName = ''): ManPage {
  const so = /^\.so\s+(\S+)/.exec(source.trim());
  if (so && source.trim().split('\n').length <= 2) {
    return { name: fallbackName, summary: '', nameLines: [0, 0], synopsis: '', synopsisLines: [0, 0], options: [], items: [], sections: [], alias: so[1] };
  }
  return new PageParser(fallbackName).parse(source.split('\n'));
}
