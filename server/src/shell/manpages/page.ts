import { renderFontMacro, renderInline, renderMdoc, splitArgs } from './roff.js';

/** One option (or keyword operand such as dd's `of=FILE`) of a man page. */
export interface ManOption {
  /** Every spelling: ['-x', '--extract', '--get'] */
  flags: string[];
  /** Argument placeholder, e.g. 'ARCHIVE', '<commit>', '[=WHEN]'; '' if none. Optional args start with '['. */
  arg: string;
  /** The tag line as written, rendered to text. */
  tag: string;
  description: string;
  /** 1-based inclusive line range in the page source. */
  lines: [number, number];
  section: string;
  /** Nesting depth (.RS / .Bl) at which the tag appeared. */
  depth: number;
}

export interface ManSection {
  title: string;
  lines: [number, number];
  /** Subsection titles (.SS) with their ranges. */
  subsections: { title: string; lines: [number, number] }[];
}

/** A tagged paragraph that is not an option: builtins in bash(1), keywords, etc. */
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

interface Pending {
  tags: string[];
  body: string[];
  start: number;
  end: number;
  depth: number;
  section: string;
  expectTag: boolean;
  kind: 'tp' | 'ip' | 'docbook' | 'mdoc' | 'hp';
}

const IGNORED = new Set([
  'br', 'sp', 'in', 'ne', 'ft', 'fi', 'nf', 'ad', 'na', 'hy', 'nh', 'PD', 'ds', 'de', 'ig', 'rm', 'nr', 'so', 'ie',
  'el', 'if', 'ti', 'ta', 'ss', 'cs', 'bp', 'ev', 'ce', 'ps', 'vs', 'ls', 'mk', 'rt', 'tr', 'cc', 'c2', 'eo', 'ec',
  'ns', 'rs', 'em', 'wh', 'ch', 'it', 'am', 'as', 'di', 'da', 'ul', 'cu', 'lt', 'pl', 'po', 'll', 'pc', 'ab', 'tm',
  'TH', 'Dd', 'Dt', 'Os', 'UE', 'ME', 'EE', 'EX', 'YS', 'OP', 'Bd', 'Ed', 'Pp', 'Lp', 'Sm', 'Bf', 'Ef', 'Rs', 'Re',
  'hw', 'TS', 'TE', 'T&', 'LINKSTYLE', 'Vb', 'Ve', 'IX', 'mso', 'Sp', 'Ip', 'Ee', 'Ds', 'De', 'Xc',
]);

function isFlagTag(tag: string): boolean {
  return /^(?:[-+][\w?@#]|--\S)/.test(tag) || /^[a-z][\w-]*=/.test(tag);
}

/** "-x, --extract, --get" / "-C DIR, --directory=DIR" / "--color[=WHEN]" -> flags + arg */
export function parseTag(tag: string): { flags: string[]; arg: string } {
  const flags: string[] = [];
  let arg = '';
  for (const piece of tag.split(/,\s*|\s+\|\s+|\s+or\s+/)) {
    const m = /^([-+]{1,2}[\w?@#][\w?@#.-]*|[a-z][\w-]*(?==))(.*)$/.exec(piece.trim());
    if (!m) continue;
    flags.push(m[1]!);
    let rest = m[2]!.trim();
    // "-c --stdout --to-stdout": more spellings separated by spaces
    while (/^--?[A-Za-z][\w-]*(\s|$)/.test(rest)) {
      const more = /^(--?[A-Za-z][\w-]*)\s*(.*)$/.exec(rest)!;
      flags.push(more[1]!);
      rest = more[2]!.trim();
    }
    if (rest && !arg) arg = rest.startsWith('[') ? rest : rest.replace(/^=/, '').trim();
  }
  return { flags, arg };
}

/** Parse roff (man(7) or mdoc(7)) source into NAME, SYNOPSIS, sections, options and tagged items. */
export function parsePage(source: string, fallbackName = ''): ManPage {
  const lines = source.split('\n');
  const page: ManPage = {
    name: fallbackName,
    summary: '',
    nameLines: [0, 0],
    synopsis: '',
    synopsisLines: [0, 0],
    options: [],
    items: [],
    sections: [],
  };
  const so = /^\.so\s+(\S+)/.exec(source.trim());
  if (so && source.trim().split('\n').length <= 2) {
    page.alias = so[1];
    return page;
  }
  let section = '';
  let sectionText: string[] = [];
  let depth = 0;
  let pending: Pending | undefined;
  let docbook: { tags: string[]; start: number } | undefined;
  let mdocNm = fallbackName;
  let noFill = false;
  let ignoreUntil: string | undefined;

  const close = (end?: number) => {
    if (pending && pending.tags.length) {
      const tag = pending.tags.join(', ').replace(/\s+/g, ' ').trim();
      const description = pending.body.join(' ').replace(/\s+/g, ' ').trim();
      const lineRange: [number, number] = [pending.start, Math.max(pending.start, end ?? pending.end)];
      if (isFlagTag(tag)) {
        const { flags, arg } = parseTag(tag);
        if (flags.length)
          page.options.push({ flags, arg, tag, description, lines: lineRange, section: pending.section, depth: pending.depth });
      } else {
        page.items.push({ tag, description, lines: lineRange, section: pending.section, depth: pending.depth });
      }
    }
    pending = undefined;
  };
  const startSection = (title: string, ln: number, sub: boolean) => {
    close();
    docbook = undefined;
    const cur = page.sections[page.sections.length - 1];
    if (sub && cur) {
      const ss = cur.subsections[cur.subsections.length - 1];
      if (ss) ss.lines[1] = ln - 1;
      cur.subsections.push({ title, lines: [ln, ln] });
      return;
    }
    finishSection(ln - 1);
    section = title.toUpperCase();
    depth = 0;
    page.sections.push({ title: section, lines: [ln, ln], subsections: [] });
  };
  const finishSection = (endLn: number) => {
    const cur = page.sections[page.sections.length - 1];
    if (!cur) return;
    cur.lines[1] = endLn;
    const ss = cur.subsections[cur.subsections.length - 1];
    if (ss) ss.lines[1] = endLn;
    const text = sectionText.join(' ').replace(/\s+/g, ' ').trim();
    if (cur.title === 'NAME' && !page.summary) {
      const m = /^(.*?)\s+[-—–]\s+(.*)$/.exec(text);
      page.summary = m ? m[2]! : text;
      if (m && !page.name) page.name = m[1]!.split(/[ ,]/)[0]!;
      page.nameLines = [cur.lines[0], endLn];
    } else if ((cur.title === 'SYNOPSIS' || cur.title === 'SYNTAX') && !page.synopsis) {
      page.synopsis = text;
      page.synopsisLines = [cur.lines[0], endLn];
    }
    sectionText = [];
  };
  const text = (t: string, ln: number) => {
    if (section === 'NAME' || section === 'SYNOPSIS' || section === 'SYNTAX') sectionText.push(t);
    if (docbook && !pending) {
      if (isFlagTag(t.trim()) && t.trim()) {
        docbook.tags.push(t.trim());
        return;
      }
      docbook = undefined;
    }
    if (!pending) return;
    if (pending.expectTag) {
      pending.tags.push(t.trim());
      pending.expectTag = false;
      pending.end = ln;
      return;
    }
    if (pending.kind === 'hp' && !pending.tags.length) {
      const m = /^((?:[-+]{1,2}[\w?@#][^\s,]*(?:,\s*)?)+)\s+(.*)$/.exec(t.trim());
      if (m) {
        pending.tags.push(m[1]!);
        pending.body.push(m[2]!);
      }
      pending.end = ln;
      if (!m) close();
      return;
    }
    if (t.trim()) {
      pending.body.push(t);
      pending.end = ln;
    }
  };

  for (let idx = 0; idx < lines.length; idx++) {
    const ln = idx + 1;
    const raw = lines[idx]!.replace(/\r$/, '');
    if (ignoreUntil) {
      if (raw.startsWith(ignoreUntil)) ignoreUntil = undefined;
      continue;
    }
    if (!raw.startsWith('.') && !raw.startsWith("'")) {
      if (raw.trim() === '' && !noFill) continue;
      text(renderInline(raw), ln);
      continue;
    }
    const body = raw.slice(1).trimStart();
    if (body.startsWith('\\"') || body === '') continue;
    const m = /^(\S+)\s*(.*)$/.exec(body);
    if (!m) continue;
    const name = m[1]!;
    const rest = m[2]!;
    switch (name) {
      case 'SH':
      case 'Sh':
        startSection(renderMacroText(name, rest, mdocNm), ln, false);
        break;
      case 'SS':
      case 'Ss':
        startSection(renderMacroText(name, rest, mdocNm), ln, true);
        break;
      case 'TP':
        close(ln - 1);
        docbook = undefined;
        pending = { tags: [], body: [], start: ln + 1, end: ln + 1, depth, section, expectTag: true, kind: 'tp' };
        break;
      case 'TQ':
        if (pending) pending.expectTag = true;
        break;
      case 'IP': {
        const args = splitArgs(rest);
        const tag = args[0] ? renderInline(args[0]).trim() : '';
        if (tag && tag !== '•' && tag !== '*' && tag !== '-' && !/^\d+\.?$|^\(\w\)$|^[a-z]\)$/.test(tag)) {
          close(ln - 1);
          docbook = undefined;
          pending = { tags: [tag], body: [], start: ln, end: ln, depth, section, expectTag: false, kind: 'ip' };
        }
        break;
      }
      case 'HP':
        close(ln - 1);
        pending = { tags: [], body: [], start: ln + 1, end: ln + 1, depth, section, expectTag: false, kind: 'hp' };
        break;
      case 'PP':
      case 'P':
      case 'LP':
      case 'Pp':
      case 'Lp':
        if (pending && pending.depth >= depth && pending.kind !== 'docbook' && pending.kind !== 'mdoc') close(ln - 1);
        if (!docbook || pending) docbook = { tags: [], start: ln + 1 };
        break;
      case 'RS':
        if (docbook && docbook.tags.length && !pending) {
          pending = { tags: docbook.tags, body: [], start: docbook.start, end: ln, depth, section, expectTag: false, kind: 'docbook' };
        }
        docbook = undefined;
        depth++;
        break;
      case 'RE':
        depth = Math.max(0, depth - 1);
        if (pending && pending.kind === 'docbook' && pending.depth === depth) close();
        else if (pending && pending.depth > depth) close();
        break;
      case 'Bl':
        depth++;
        break;
      case 'El':
        close(ln - 1);
        depth = Math.max(0, depth - 1);
        break;
      case 'It':
        close(ln - 1);
        pending = {
          tags: [renderMdoc(rest, mdocNm).trim()],
          body: [],
          start: ln,
          end: ln,
          depth: Math.max(0, depth - 1),
          section,
          expectTag: false,
          kind: 'mdoc',
        };
        if (!pending.tags[0]) pending.tags = [];
        break;
      case 'Nm':
        if (!page.name && rest) page.name = splitArgs(rest)[0] ?? '';
        if (rest && !mdocNm) mdocNm = splitArgs(rest)[0] ?? '';
        else if (rest && mdocNm === fallbackName && section === 'NAME') mdocNm = splitArgs(rest)[0] ?? mdocNm;
        text(renderMdoc(body, mdocNm), ln);
        break;
      case 'Nd':
        if (section === 'NAME') {
          sectionText.push('- ' + renderMdoc(rest, mdocNm));
        }
        break;
      case 'nf':
      case 'EX':
      case 'Bd':
        noFill = true;
        break;
      case 'fi':
      case 'EE':
      case 'Ed':
        noFill = false;
        break;
      case 'de':
      case 'ig':
        ignoreUntil = '..';
        break;
      case 'UR':
      case 'MT':
        break;
      default:
        if (IGNORED.has(name)) break;
        if (/^[BI]$|^(BR|BI|IB|IR|RI|RB|SM|SB)$/.test(name)) {
          text(renderFontMacro(name, splitArgs(rest)), ln);
        } else if (/^[A-Z][a-z]$/.test(name)) {
          text(renderMdoc(body, mdocNm), ln);
        }
    }
  }
  close();
  finishSection(lines.length);
  return page;
}

function renderMacroText(name: string, rest: string, nm: string): string {
  if (/^[A-Z][a-z]$/.test(name)) return renderMdoc(rest, nm).trim();
  return splitArgs(rest).map(renderInline).join(' ').trim();
}
