import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readPageSource } from '../../util/man-file.js';

/**
 * What GNU info manuals say about commands, in their own words: a manual of many commands titles each one's node
 * by what it is for (coreutils: "‘shuf’: Shuffling text", "‘du’: Estimate file space usage"), and a manual of one
 * program introduces it first ("‘grep’ searches input files for matches to the patterns") and names its chapters by
 * task (time: "Measuring Program Resource Use"), and the concept index names each node by what a reader looks for
 * ("erasing data" → shred). Search adds these words to the command's page: a second description, closer to how
 * people ask. Machines without info manuals get nothing.
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

const INDEX_PER_COMMAND = 1500;

/**
 * The concept index of a manual, by command: GNU manuals index their nodes under the phrases a reader looks for
 * ("erasing data" → shred invocation, "growing files" → tail invocation, "directory components, printing" →
 * dirname invocation). A node belongs to the command of the nearest `X invocation` / `Invoking X` node above it;
 * in a manual of one program, to the manual's name. Option and variable entries (`--all`, `LC_ALL`) are left out.
 */
function conceptIndex(text: string, manual: string): Map<string, string[]> {
  const up = new Map<string, string>();
  for (const m of text.matchAll(/^File: [^,]+,\s+Node: ([^,\n]+),.*?Up: ([^,\n]+)$/gm)) up.set(m[1]!.trim(), m[2]!.trim());
  const commandOf = (node: string): string | undefined => {
    for (let n: string | undefined = node, i = 0; n && i < 8; n = up.get(n), i++) {
      const c = /^‘?([\w.+-]+)’? invocation$/.exec(n)?.[1] ?? /^Invoking ‘?([\w.+-]+)’?$/.exec(n)?.[1];
      if (c) return c;
    }
    return up.size ? manual : undefined;
  };
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/^\* ([a-z][^:\n]*?)(?: <\d+>)?:\s+([^(:\n][^:\n]*?)\.(?:\s+\(line\s+\d+\))?\s*$/gm)) {
    const cmd = commandOf(m[2]!.trim());
    if (!cmd) continue;
    const list = out.get(cmd) ?? [];
    if (!list.includes(m[1]!)) list.push(m[1]!);
    out.set(cmd, list);
  }
  return out;
}

/** What the info manuals say about a command: a summary (at most ~400 characters) and its concept index entries. */
export interface InfoText {
  summary: string;
  index: string;
}

/** Command name → what the info manuals say about it. */
export function infoTexts(dirs: string[] = DEFAULT_DIRS): Map<string, InfoText> {
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
  const index = new Map<string, string[]>();
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
    for (const [cmd, phrases] of conceptIndex(text, manual)) index.set(cmd, [...(index.get(cmd) ?? []), ...phrases]);
    const hs = headings(text);
    for (const h of hs) {
      // "‘shuf’: Shuffling text", "‘head’ and ‘tail’: …"
      const named = /^((?:‘[\w.+-]+’(?:,\s*|\s+and\s+)?)+):\s*(.+)$/.exec(h.title);
      if (named) for (const c of named[1]!.matchAll(/‘([\w.+-]+)’/g)) add(c[1]!, `${named[2]}. ${h.body}`);
    }
    // a manual of one program: what its introduction first says of it, and its chapter titles, the tasks it is for
    if (!out.has(manual)) {
      const intro = (hs.find((h) => h.level === '*' && /^(introduction|overview)\b/i.test(h.title))?.body ?? '').replace(/\.\s*$/, '');
      add(
        manual,
        [
          intro,
          ...hs
            .filter((h) => h.level === '*' && !BOILERPLATE.test(h.title))
            .map((h) => h.title)
            .slice(0, 12),
        ]
          .filter(Boolean)
          .join('. '),
      );
    }
  }
  const texts = new Map<string, InfoText>();
  for (const cmd of new Set([...out.keys(), ...index.keys()])) texts.set(cmd, { summary: out.get(cmd) ?? '', index: (index.get(cmd) ?? []).join('. ').slice(0, INDEX_PER_COMMAND) });
  return texts;
}
