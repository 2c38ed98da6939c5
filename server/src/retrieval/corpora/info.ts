import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readPageSource } from '../../util/man-file.js';

/**
 * What GNU info manuals say about commands, in their own words: a manual of many commands titles each one's node
 * by what it is for (coreutils: "‘shuf’: Shuffling text", "‘du’: Estimate file space usage"), and a manual of one
 * program names its chapters by task (time: "Measuring Program Resource Use"). Search adds these words to the
 * command's page: a second description, closer to how people ask. Machines without info manuals get nothing.
 */
const DEFAULT_DIRS = ['/usr/share/info', '/usr/local/share/info'];
const PER_COMMAND = 400;
/** Chapters every manual has, which say nothing about what the program is for. */
const BOILERPLATE =
  /^(introduction|overview|reporting bugs|copying|invoking|.*\bindex|.*licen[cs]e|appendi(x|ces)|various|examples|sample output|environment|configuration|reference|error messages|performance|usage|problems|history|credits|installation)\b/i;

/** A heading: a numbered title over a line of `*`, `=`, `-` or `.` as long as it. */
function headings(text: string): { title: string; level: string; body: string }[] {
  const lines = text.split('\n');
  const out: { title: string; level: string; body: string }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const title = lines[i]!;
    const under = lines[i + 1]!;
    if (!/^\d+(\.\d+)*\s+\S/.test(title) || !/^([*=.-])\1+$/.test(under) || Math.abs(under.length - title.length) > 2) continue;
    // the first paragraph under the heading
    const para: string[] = [];
    for (let j = i + 2; j < lines.length && para.join(' ').length < 300; j++) {
      const l = lines[j]!.trim();
      if (!l) {
        if (para.length) break;
        continue;
      }
      if (l.startsWith('\u001f') || /^\* Menu:/.test(l)) break;
      para.push(l);
    }
    out.push({ title: title.replace(/^\d+(\.\d+)*\s+/, ''), level: under[0]!, body: para.join(' ') });
  }
  return out;
}

/** Command name → what the info manuals say about it (at most ~400 characters each). */
export function infoTexts(dirs: string[] = DEFAULT_DIRS): Map<string, string> {
  const manuals = new Map<string, string[]>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files) {
      const m = /^(.+?)\.info(-\d+)?(\.gz)?$/.exec(f);
      if (!m) continue;
      const list = manuals.get(m[1]!) ?? [];
      list.push(path.join(dir, f));
      manuals.set(m[1]!, list);
    }
  }
  const out = new Map<string, string>();
  const add = (cmd: string, text: string) => {
    const had = out.get(cmd) ?? '';
    if (had.length < PER_COMMAND) out.set(cmd, `${had} ${text}`.trim().slice(0, PER_COMMAND));
  };
  for (const [manual, files] of manuals) {
    let text = '';
    for (const f of files.sort()) {
      try {
        text += readPageSource(f);
      } catch {
        // an unreadable manual is skipped
      }
    }
    const hs = headings(text);
    for (const h of hs) {
      // "‘shuf’: Shuffling text", "‘head’ and ‘tail’: …"
      const named = /^((?:‘[\w.+-]+’(?:,\s*|\s+and\s+)?)+):\s*(.+)$/.exec(h.title);
      if (named) for (const c of named[1]!.matchAll(/‘([\w.+-]+)’/g)) add(c[1]!, `${named[2]}. ${h.body}`);
    }
    // a manual of one program: its chapter titles are the tasks it is for
    if (!out.has(manual))
      add(
        manual,
        hs
          .filter((h) => h.level === '*' && !BOILERPLATE.test(h.title))
          .map((h) => h.title)
          .slice(0, 12)
          .join('. '),
      );
  }
  return out;
}
