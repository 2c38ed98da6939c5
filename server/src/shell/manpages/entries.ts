import { isFlagTag, parseTag } from './tag.js';
import type { ManPage, ManValue } from './types.js';

export type Kind = 'tp' | 'ip' | 'docbook' | 'mdoc' | 'hp';

export interface Pending {
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
  /** help2man `.HP`: the first line, whole, until we know whether `.IP` (then it is all tag) or text follows. */
  hpLine?: string;
}

export const clean = (parts: string[]) => parts.join(' ').replace(/\s+/g, ' ').trim();

/**
 * The state of a page being read and what turns it into entries: the entry being collected (its tags, body and
 * nested values), DocBook/asciidoctor candidates, bulleted options, sections. The macros that drive it are in
 * page.ts.
 */
export abstract class EntryState {
  readonly page: ManPage;
  protected section = '';
  protected sectionText: string[] = [];
  protected depth = 0;
  protected pending: Pending | undefined;
  protected docbook: { tags: string[]; start: number } | undefined;
  /** The line of a bullet `.IP` whose item may open with an option. */
  protected bulletAt: number | undefined;

  constructor(fallbackName: string) {
    this.page = { name: fallbackName, summary: '', nameLines: [0, 0], synopsis: '', synopsisLines: [0, 0], options: [], items: [], sections: [] };
  }

  protected newPending(kind: Kind, tags: string[], start: number, expectTag: boolean): Pending {
    return { tags, body: [], start, end: start, depth: this.depth, section: this.section, expectTag, kind, values: [] };
  }

  /** In an option's own nested list: a tag there is a value of its argument. */
  protected inValueList(): boolean {
    const p = this.pending;
    return !!p && p.valueDepth !== undefined && this.depth >= p.valueDepth;
  }

  protected text(t: string, ln: number): void {
    if (this.section === 'NAME' || this.section === 'SYNOPSIS' || this.section === 'SYNTAX') this.sectionText.push(t);
    if (this.bulletAt !== undefined) {
      const at = this.bulletAt;
      this.bulletAt = undefined;
      const m = /^(.{2,120}?):(?:\s+(.*))?$/.exec(t.trim());
      const tag = m?.[1]!.replace(/\s+\/\s+/g, ', ');
      if (m && tag && isFlagTag(tag) && parseTag(tag).flags.length) {
        this.close(at - 1);
        this.pending = this.newPending('ip', [tag], at, false);
        if (m[2]) this.pending.body.push(m[2]);
        this.pending.end = ln;
        return;
      }
    }
    const nested = this.pending?.kind === 'docbook' && this.depth > this.pending.depth;
    if (this.docbook && (!this.pending || nested)) {
      // DocBook (.PP tag .RS 4 body .RE): option tags, and in any section short term lines (systemctl's verbs);
      // inside an entry only option tags start an entry of their own (git reset's --soft, --hard under <mode>)
      const term = t.trim();
      if (term && (isFlagTag(term) || (!nested && term.length <= 100 && /^[\w.:-]/.test(term) && this.docbook.tags.length < 3))) {
        this.docbook.tags.push(term);
        return;
      }
      // not an entry after all: what was taken for its tags is text
      if (this.pending) this.pending.body.push(...this.docbook.tags);
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
      // help2man: `.HP`, the tag line (`-e script, --expression=script`), `.IP`, the text; or tag and text on one line
      p.tags.push(t.trim());
      p.hpLine = t.trim();
      p.end = ln;
      return;
    }
    if (p.kind === 'hp' && p.hpLine !== undefined) {
      // text went on without `.IP`: the first line was a tag followed by its text
      const m = /^((?:[-+]{1,2}[\w?@#[\]=<>.-]*(?:,\s*)?)+)(?:\s+(.*))?$/.exec(p.hpLine);
      p.hpLine = undefined;
      if (!m) {
        this.pending = undefined;
        return;
      }
      p.tags = [m[1]!.replace(/,\s*$/, '')];
      if (m[2]) p.body.push(m[2]);
    }
    if (!t.trim()) return;
    p.end = ln;
    // a value's text belongs to the value; the option's description is its own text
    if (p.value && this.inValueList()) {
      p.value.text = clean([p.value.text, t]);
      p.value.lines[1] = ln;
      return;
    }
    p.body.push(t);
  }

  protected close(end?: number): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p || !p.tags.length) return;
    let tag = p.tags.join(', ').replace(/\s+/g, ' ').trim();
    // unzip(1) brackets its tags as in the synopsis: `[-d exdir]`
    const bracketed = /^\[(.+)\]$/.exec(tag);
    if (bracketed && isFlagTag(bracketed[1]!)) tag = bracketed[1]!;
    const description = clean(p.body);
    const lines: [number, number] = [p.start, Math.max(p.start, end ?? p.end)];
    // bash(1) stacks `string` over `-n string`: the option is the second header
    const alt = isFlagTag(tag) ? undefined : /^\S+, ([-+]\w.*)$/.exec(tag)?.[1];
    if (isFlagTag(tag) || (alt && isFlagTag(alt))) {
      const { flags, arg, forms } = parseTag(alt ?? tag);
      if (flags.length)
        this.page.options.push({ flags, arg, tag, description, lines, section: p.section, depth: p.depth, ...(p.values.length ? { values: p.values } : {}), ...(forms ? { forms } : {}) });
    } else {
      this.page.items.push({ tag, description, lines, section: p.section, depth: p.depth });
    }
  }

  protected startSection(title: string, ln: number, sub: boolean): void {
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

  protected finishSection(endLn: number): void {
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
}
