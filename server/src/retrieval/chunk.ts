/** Split prose into chunks of about `max` characters at paragraph (then sentence) boundaries. */
export function chunkText(text: string, max = 1000): string[] {
  const out: string[] = [];
  let cur = '';
  for (const para of text.split(/\n\s*\n/)) {
    const p = para.trim();
    if (!p) continue;
    if (cur && cur.length + p.length + 2 > max) {
      out.push(cur);
      cur = '';
    }
    if (p.length > max) {
      for (const s of p.split(/(?<=[.!?])\s+/)) {
        if (cur && cur.length + s.length + 1 > max) {
          out.push(cur);
          cur = '';
        }
        cur = cur ? `${cur} ${s}` : s.slice(0, max * 2);
      }
    } else cur = cur ? `${cur}\n\n${p}` : p;
  }
  if (cur) out.push(cur);
  return out;
}

export interface Section {
  heading: string;
  body: string;
  line: number;
}

/** Markdown / reStructuredText sections by heading, with the 1-based line each starts on. */
export function sections(text: string): Section[] {
  const lines = text.split('\n');
  const out: Section[] = [];
  let cur: Section = { heading: '', body: '', line: 1 };
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(```|~~~)/.test(l)) inFence = !inFence;
    const md = !inFence && /^#{1,6}\s+(.+)$/.exec(l);
    const rst = !inFence && i + 1 < lines.length && l.trim() && /^([=\-~^"'`#*+])\1{2,}\s*$/.test(lines[i + 1]!) && lines[i + 1]!.trim().length >= l.trim().length;
    if (md || rst) {
      if (cur.body.trim() || cur.heading) out.push(cur);
      cur = { heading: md ? md[1]!.trim() : l.trim(), body: '', line: i + 1 };
      if (rst) i++;
      continue;
    }
    cur.body += l + '\n';
  }
  if (cur.body.trim() || cur.heading) out.push(cur);
  return out;
}
