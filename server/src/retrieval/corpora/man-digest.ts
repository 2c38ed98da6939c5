import path from 'node:path';
import { renderFontMacro, renderInline, renderMdoc, splitArgs } from '../../util/roff.js';
import { joinNameLine } from './man.js';

/** An example of a page: the command lines and what the page says about them, with its lines in the source. */
export interface ManExample {
  command: string;
  text: string;
  lines: [number, number];
}

/** What search needs of a man page, read in one pass without building the whole parse. */
export interface ManDigest {
  name: string;
  section: string;
  nameLine: string;
  /** The first paragraphs of DESCRIPTION (at most ~700 characters). */
  description: string;
  /** Option tags and the first words of their texts (at most ~1,500 characters). */
  options: string;
  examples: ManExample[];
  /** The rest of the page's text (other sections, and what the fields above cut), at most ~6,000 characters. */
  body: string;
  /** Pages named in SEE ALSO (and elsewhere as `name(1)`): how other pages point at this one. */
  refs: string[];
}

const BODY_LIMIT = 6000;
const KEEP = new Set(['NAME', 'DESCRIPTION', 'OPTIONS', 'EXAMPLES', 'EXAMPLE', 'COMMAND OPTIONS', 'USAGE', 'SEE ALSO']);

function render(line: string, nm: string): string | undefined {
  if (!line.startsWith('.') && !line.startsWith("'")) return renderInline(line);
  const m = /^[.'](\w+)\s*(.*)$/.exec(line);
  if (!m) return undefined;
  const [, macro, rest] = m;
  if (macro === 'Nd') return `- ${renderInline(rest!)}`;
  if (/^(B|I|R|BI|BR|IB|IR|RB|RI|SM|SB)$/.test(macro!)) return renderFontMacro(macro!, splitArgs(rest!));
  if (/^(It|Fl|Ar|Cm|Nm|Op|Xr|Ql|Dq|Sq|Pa|Ev|Va|Ic|Li|Em|Sy)$/.test(macro!)) return renderMdoc(`${macro} ${rest}`, nm);
  if (/^(TP|IP|PP|P|LP|sp|br|Pp|Bd|Ed|nf|fi|EX|EE|RS|RE)$/.test(macro!)) return '\n';
  return undefined;
}

/**
 * The EXAMPLES (or USAGE) section, line by line: an example is a paragraph (or list item, or subsection) with its
 * code; a new one starts at the next paragraph once this one has code; a subsection's title leads the example
 * under it. Code is a no-fill block, a shell prompt, or a line that is the command with arguments.
 */
class ExampleCollector {
  readonly examples: ManExample[] = [];
  private ex: { code: string[]; prose: string[]; start: number; end: number; afterCode?: boolean } | undefined;
  private inCode = false;
  private readonly commandLine: RegExp;

  constructor(name: string) {
    this.commandLine = new RegExp(`^(sudo\\s+)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+[-\\w./$'"~]`);
  }

  flush(): void {
    const ex = this.ex;
    if (ex && ex.code.length) this.examples.push({ command: ex.code.join('\n').slice(0, 300), text: ex.prose.join(' ').replace(/\s+/g, ' ').trim().slice(0, 300), lines: [ex.start, ex.end] });
    this.ex = undefined;
  }

  /** One source line (`at`: its 1-based number) and its rendered text. */
  line(line: string, at: number, rendered: () => string | undefined): void {
    const para = /^[.'](SS|Ss|TP|IP|HP|PP|P|LP|Pp|It)\b\s*(.*)$/.exec(line);
    if (para) {
      if (this.ex?.code.length) this.flush();
      if (para[1] === 'SS' || para[1] === 'Ss') {
        const title = renderInline(para[2]!.replace(/^"|"$/g, '')).trim();
        this.ex = { code: [], prose: title ? [`${title}:`] : [], start: at, end: at };
      }
      if (para[1] !== 'It') return;
    }
    if (/^\.(nf|EX|Bd)/.test(line)) this.inCode = true;
    else if (/^\.(fi|EE|Ed)/.test(line)) this.inCode = false;
    const s = rendered()?.trim();
    if (!s) return;
    this.ex ??= { code: [], prose: [], start: at, end: at };
    const ex = this.ex;
    ex.end = at;
    if (this.inCode || /^[$#%]\s/.test(s) || this.commandLine.test(s)) {
      // code after code-then-prose in one paragraph: the prose was the first example's comment
      if (ex.prose.length && ex.code.length && ex.afterCode) {
        this.flush();
        this.ex = { code: [s.replace(/^[$#%]\s+/, '')], prose: [], start: at, end: at };
        return;
      }
      ex.code.push(s.replace(/^[$#%]\s+/, ''));
    } else {
      ex.prose.push(s);
      if (ex.code.length) ex.afterCode = true;
    }
  }
}

/** Sections whose text only counts as the page's body (everything but these and the ones kept apart). */
const NOT_BODY = /AUTHOR|COPYRIGHT|BUGS|REPORTING|HISTORY|COLOPHON/;

/** NAME, the start of DESCRIPTION and OPTIONS, and EXAMPLES of a page. Undefined for `.so` aliases. */
export function digestPage(source: string, file: string): ManDigest | undefined {
  const base = path.basename(file).replace(/\.gz$/, '');
  const section = /\.(\w+)$/.exec(base)?.[1] ?? '';
  const name = base.replace(/\.\w+$/, '');
  if (/^\.so\s/m.test(source.slice(0, 200)) && source.length < 300) return undefined;
  const text: Record<string, string[]> = { NAME: [], DESCRIPTION: [], OPTIONS: [] };
  const body: string[] = [];
  let bodyLength = 0;
  const toBody = (line: string) => {
    if (bodyLength > BODY_LIMIT) return;
    const t = render(line, nm);
    if (t && t !== '\n') {
      body.push(t);
      bodyLength += t.length + 1;
    }
  };
  const examples = new ExampleCollector(name);
  const refs: string[] = [];
  let cur = '';
  let nm = name;
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (/^\.\\"|^'\\"/.test(line)) continue;
    const sh = /^\.(SH|Sh)\s+"?([^"]*)"?/.exec(line);
    if (sh) {
      examples.flush();
      cur = sh[2]!.trim().toUpperCase();
    } else if (!KEEP.has(cur)) {
      if (cur && cur !== 'SYNOPSIS' && !NOT_BODY.test(cur)) toBody(line);
    } else if (cur === 'SEE ALSO') {
      for (const m of (render(line, nm) ?? '').matchAll(/([A-Za-z0-9][\w.+-]*)\s*\((\d)\w*\)/g)) if (refs.length < 40) refs.push(m[1]!.toLowerCase());
    } else if (cur.startsWith('EXAMPLE') || cur === 'USAGE') {
      examples.line(line, i + 1, () => render(line, nm));
    } else {
      if (cur === 'NAME' && /^\.Nm\s+\S/.test(line)) nm = line.split(/\s+/)[1]!;
      const bucket = cur === 'NAME' ? text.NAME! : cur === 'DESCRIPTION' ? text.DESCRIPTION! : text.OPTIONS!;
      const limit = cur === 'DESCRIPTION' ? 700 : cur === 'NAME' ? 400 : 1500;
      const t = bucket.join(' ').length > limit ? undefined : render(line, nm);
      if (t !== undefined) bucket.push(t);
      else if (bucket.join(' ').length > limit) toBody(line);
    }
  }
  examples.flush();
  const nameLine = joinNameLine(text.NAME!);
  if (!nameLine) return undefined;
  const clean = (xs: string[], max: number) =>
    xs
      .join(' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim()
      .slice(0, max);
  return {
    name,
    section,
    nameLine,
    description: clean(text.DESCRIPTION!, 700),
    options: clean(text.OPTIONS!, 1500),
    examples: examples.examples.slice(0, 30),
    body: body.join(' ').replace(/\s+/g, ' ').slice(0, BODY_LIMIT),
    refs: [...new Set(refs)],
  };
}
