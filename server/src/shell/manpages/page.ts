import { renderFontMacro, renderInline, renderMdoc, splitArgs } from '../../util/roff.js';
import { isFlagTag, parseTag } from './tag.js';
import { EntryState } from './entries.js';
import type { ManPage } from './types.js';

export { parseTag } from './tag.js';
export type { ManItem, ManOption, ManPage, ManSection, ManValue } from './types.js';

/** Requests that change nothing a reader sees in plain text (spacing, fonts, registers, conditionals, tables). */
const IGNORED = new Set(
  'br in ne ft fi nf ad na hy nh PD ds de ig rm nr so ie el if ti ta ss cs bp ev ce ps vs ls mk rt tr cc c2 eo ec ns rs em wh ch it am as di da ul cu lt pl po ll pc ab tm TH Dd Dt Os UE ME EE EX YS OP Bd Ed Pp Lp Bf Ef Rs Re hw TS TE T& LINKSTYLE Vb Ve IX mso Sp Ip Ee Ds De'.split(
    ' ',
  ),
);

/**
 * A roff (man(7) or mdoc(7)) page parser: NAME, SYNOPSIS, sections, options with their argument placeholders and
 * documented values, and other tagged items. Handles GNU `.TP`/`.TQ` (and `.PD 0` stacked headers), help2man
 * `.HP`, DocBook `.PP` + `.RS`, `.IP` lists nested under an option, and mdoc `.Bl`/`.It` with `.Xo`/`.Xc`.
 */
class PageParser extends EntryState {
  private mdocNm: string;
  private noFill = false;
  private ignoreUntil: string | undefined;
  /** An mdoc `.It ... Xo` tag still being written, until `.Xc`. */
  private xo: { parts: string[]; spacing: boolean } | undefined;
  private spacing = true;

  constructor(fallbackName: string) {
    super(fallbackName);
    this.mdocNm = fallbackName;
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
    if (this.xo && name !== 'Xc') this.xoPart(name, rest, body);
    else if (!this.layout(name, rest, ln)) this.content(name, rest, body, ln);
  }

  /** Sections, paragraphs, tagged entries, indentation and lists; false for any other macro. */
  private layout(name: string, rest: string, ln: number): boolean {
    switch (name) {
      case 'SH':
      case 'Sh':
        this.startSection(this.macroText(name, rest), ln, false);
        return true;
      case 'SS':
      case 'Ss':
        this.startSection(this.macroText(name, rest), ln, true);
        return true;
      case 'TP':
        this.tp(ln);
        return true;
      case 'TQ':
        if (this.pending) this.pending.expectTag = true;
        return true;
      case 'IP':
        this.ip(rest, ln);
        return true;
      case 'HP':
        this.close(ln - 1);
        this.pending = this.newPending('hp', [], ln + 1, false);
        return true;
      case 'PP':
      case 'P':
      case 'LP':
      case 'Pp':
      case 'Lp':
        this.paragraph(ln);
        return true;
      case 'sp':
        // asciidoctor writes `.sp` / tag line / `.RS 4` (mount(8), util-linux): a possible entry, nothing closed
        if (!this.pending || this.pending.kind === 'docbook') this.docbook = { tags: [], start: ln + 1 };
        return true;
      case 'RS':
        this.rs(ln);
        return true;
      case 'RE':
        this.re();
        return true;
      case 'Bl':
        this.depth++;
        return true;
      case 'El':
        this.close(ln - 1);
        this.depth = Math.max(0, this.depth - 1);
        return true;
      case 'It':
        this.it(rest, ln);
        return true;
      case 'Xc':
        this.endXo();
        return true;
      case 'Sm':
        this.spacing = !/^off/.test(rest.trim());
        return true;
    }
    return false;
  }

  /** Names, no-fill blocks, ignored blocks and text macros. */
  private content(name: string, rest: string, body: string, ln: number): void {
    switch (name) {
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
      case 'D1':
      case 'Dl':
        this.text(renderMdoc(rest, this.mdocNm), ln);
        return;
      default:
        if (IGNORED.has(name)) return;
        if (/^[BI]$|^(BR|BI|IB|IR|RI|RB|SM|SB)$/.test(name)) this.text(renderFontMacro(name, splitArgs(rest)), ln);
        else if (/^[A-Z][a-z]$/.test(name)) this.text(renderMdoc(body, this.mdocNm), ln);
    }
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
    const bullet = /^[•*○◦·-]$/.test(tag);
    if (!tag && this.pending?.hpLine !== undefined) this.pending.hpLine = undefined;
    if (!tag || bullet || /^\d+\.?$|^\(\w\)$|^[a-z]\)$/.test(tag)) {
      // an untagged .IP continues the entry (help2man writes .HP tag / .IP body)
      if (this.inValueList() && !tag) this.pending!.value = undefined;
      // a bulleted item may begin with its option: `• --raw-output / -r:` (jq(1))
      this.bulletAt = bullet && !this.inValueList() ? ln : undefined;
      return;
    }
    this.bulletAt = undefined;
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
    const nested = this.pending?.kind === 'docbook' && this.depth > this.pending.depth;
    if (this.docbook && this.docbook.tags.length && (!this.pending || nested)) {
      if (nested) this.close(this.docbook.start - 2);
      // a prose lead-in before the option tags ("The following options control paging:") is not a tag
      const tags = this.docbook.tags;
      const first = tags.findIndex((x) => isFlagTag(x));
      this.pending = this.newPending('docbook', first > 0 && isFlagTag(tags[tags.length - 1]!) ? tags.slice(first) : tags, this.docbook.start, false);
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
    let toks = splitArgs(rest);
    // `.It Xo Ic new-session` (tmux) opens the head like a trailing Xo does
    if (toks[0] === 'Xo' && toks.length > 1) toks = [...toks.slice(1), 'Xo'];
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
