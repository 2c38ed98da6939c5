import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readPageSource } from '../../util/man-file.js';
import { renderFontMacro, renderInline, renderMdoc, splitArgs } from '../../util/roff.js';
import type { Item } from '../store.js';

const DEFAULT_DIRS = ['/usr/local/share/man', '/usr/local/man', '/usr/share/man'];

/** Man directories: the configured ones, else $MANPATH, else the usual system directories. */
export function manDirs(configured: string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  let dirs = configured.filter(Boolean);
  if (!dirs.length && env.MANPATH) dirs = env.MANPATH.split(':').flatMap((d) => (d ? [d] : DEFAULT_DIRS));
  if (!dirs.length) dirs = DEFAULT_DIRS;
  return [...new Set(dirs)].filter((d) => existsSync(d));
}

/** Every page file of the given sections, one per real file (symlinked aliases counted once). */
export function manFiles(dirs: string[], sections = ['1', '8']): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of dirs) {
    for (const sec of sections) {
      const sub = path.join(dir, `man${sec}`);
      let names: string[];
      try {
        names = readdirSync(sub).sort();
      } catch {
        continue;
      }
      for (const n of names) {
        if (!/\.\w+(\.gz)?$/.test(n)) continue;
        const file = path.join(sub, n);
        let real = file;
        try {
          real = realpathSync(file);
        } catch {
          continue;
        }
        if (seen.has(real)) continue;
        seen.add(real);
        // an alias symlink (egrep.1.gz -> grep.1.gz) is indexed under the page it points to
        out.push(real !== file && /\.\w+(\.gz)?$/.test(real) && path.basename(path.dirname(real)).startsWith('man') ? real : file);
      }
    }
  }
  return out;
}

export interface PageSummary {
  name: string;
  section: string;
  /** The NAME line: `tar - an archiving utility`. */
  nameLine: string;
  description: string;
}

/** NAME and the start of DESCRIPTION, rendered to text, without parsing the whole page. Undefined for `.so` aliases. */
export function summarizePage(source: string, file: string): PageSummary | undefined {
  const base = path.basename(file).replace(/\.gz$/, '');
  const section = /\.(\w+)$/.exec(base)?.[1] ?? '';
  const name = base.replace(/\.\w+$/, '');
  if (/^\.so\s/m.test(source.slice(0, 200)) && source.length < 300) return undefined;
  const lines = source.split('\n');
  let cur = '';
  const text: Record<string, string[]> = { NAME: [], DESCRIPTION: [] };
  let nm = name;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (/^\.\\"|^'\\"/.test(line)) continue;
    const sh = /^\.(SH|Sh)\s+"?([^"]*)"?/.exec(line);
    if (sh) {
      cur = sh[2]!.trim().toUpperCase();
      if (cur !== 'NAME' && cur !== 'DESCRIPTION' && text.DESCRIPTION!.length) break;
      continue;
    }
    if (cur !== 'NAME' && cur !== 'DESCRIPTION') continue;
    const bucket = text[cur]!;
    if (cur === 'DESCRIPTION' && bucket.join(' ').length > 700) continue;
    if (line.startsWith('.') || line.startsWith("'")) {
      const m = /^[.'](\w+)\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, macro, rest] = m;
      if (macro === 'Nm' && cur === 'NAME' && rest) nm = rest.split(/\s/)[0]!;
      if (macro === 'Nd') bucket.push('-', renderInline(rest!));
      else if (/^(B|I|R|BI|BR|IB|IR|RB|RI|SM|SB)$/.test(macro!)) bucket.push(renderFontMacro(macro!, splitArgs(rest!)));
      else if (/^[A-Z][a-z]$/.test(macro!) && !/^(Sh|Ss|Pp|Bl|El|Bd|Ed|It|Dd|Dt|Os)$/.test(macro!)) bucket.push(renderMdoc(`${macro} ${rest}`, nm));
      else if (/^(PP|LP|P|TP|IP|sp|br)$/.test(macro!) && bucket.length) bucket.push('\n');
      continue;
    }
    bucket.push(renderInline(line));
  }
  const nameLine = joinNameLine(text.NAME!);
  if (!nameLine) return undefined;
  const description = text
    .DESCRIPTION!.join(' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
    .slice(0, 700);
  return { name, section, nameLine, description };
}

/** One item per page: `name(section): NAME line`, then the first paragraph(s) of DESCRIPTION. */
export function manItem(file: string): Item | undefined {
  let source: string;
  try {
    source = readPageSource(file);
  } catch {
    return undefined;
  }
  const s = summarizePage(source, file);
  if (!s) return undefined;
  return {
    id: `man:${s.name}.${s.section}`,
    // the NAME line says what the command is for; the description (kept for display) only adds noise to matching
    text: `${s.name}(${s.section}): ${s.nameLine}`,
    meta: { kind: 'man', page: `${s.name}(${s.section})`, path: file, nameLine: s.nameLine, description: s.description.slice(0, 300) },
  };
}

/** The NAME section's lines as one `name - what it does` line. */
export function joinNameLine(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+-\s+/, ' - ')
    .trim();
}
