import { stripInvisible } from '../safety/sanitize.js';
import { CONVENTIONAL, type CommitStyle } from './style.js';

/** Wrap prose at `width`, keeping trailers and indented (code) lines as they are; list items hang-indent. */
export function wrapBody(body: string, width = 72): string {
  const out: string[] = [];
  for (const line of body.split('\n')) {
    if (line.length <= width || /^\s{2,}\S|^[A-Z][\w-]*: \S/.test(line)) {
      out.push(line);
      continue;
    }
    const bullet = /^(\s*[-*] )/.exec(line)?.[1] ?? '';
    const indent = ' '.repeat(bullet.length);
    let cur = bullet;
    for (const w of line.slice(bullet.length).split(/\s+/).filter(Boolean)) {
      if (cur.trim() && cur.length + 1 + w.length > width) {
        out.push(cur);
        cur = indent + w;
      } else cur = cur.trim() ? `${cur} ${w}` : cur + w;
    }
    out.push(cur);
  }
  return out.join('\n');
}

/**
 * Make a draft follow the rules whatever produced it: one subject line within the limit, no trailing period,
 * a known type (conventional), a blank line before a body wrapped at the repository's width, no invisible
 * characters. Returns undefined when nothing usable is left.
 */
export function repairMessage(message: string, style: CommitStyle): string | undefined {
  let text = stripInvisible(message)
    .text.replace(/\r\n/g, '\n')
    .replace(/^\s*\n/, '')
    .trimEnd();
  text = text.replace(/^```\w*\n?|```$/g, '').trim();
  const [first = '', ...rest] = text.split('\n');
  let subject = first
    .trim()
    .replace(/^subject:\s*/i, '')
    .replace(/[.。]+$/, '')
    .replace(/\s+/g, ' ');
  if (!subject) return undefined;
  if (style.kind === 'conventional') {
    const m = CONVENTIONAL.exec(subject);
    if (m && !style.types.includes(m[1]!.toLowerCase())) subject = `chore${m[2] ? `(${m[2]})` : ''}${m[3] ?? ''}: ${m[4]}`;
    else if (m && m[1] !== m[1]!.toLowerCase()) subject = `${m[1]!.toLowerCase()}${m[2] ? `(${m[2]})` : ''}${m[3] ?? ''}: ${m[4]}`;
  }
  if (subject.length > style.maxSubject) {
    const cut = subject.slice(0, style.maxSubject + 1);
    subject = (cut.lastIndexOf(' ') > style.maxSubject / 2 ? cut.slice(0, cut.lastIndexOf(' ')) : subject.slice(0, style.maxSubject)).replace(/[\s,;:.-]+$/, '');
  }
  const body = rest
    .join('\n')
    .replace(/^\s*\n+/, '')
    .trimEnd();
  return body ? `${subject}\n\n${wrapBody(body, style.wrap)}` : subject;
}
