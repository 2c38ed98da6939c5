import { lineStartOf } from '../../util/text.js';
/**
 * `# kibitz-disable rule[,rule]` at the end of a line, or `# kibitz-disable-next-line rule[,rule]` on the
 * line before, turns rules off for that line (no rule list, or `all`: every rule).
 */
export function suppressedAt(text: string, offset: number, rule: string): boolean {
  const lineStart = lineStartOf(text, offset);
  const nl = text.indexOf('\n', offset);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl);
  const prevStart = lineStartOf(text, lineStart - 1);
  const prev = lineStart > 0 ? text.slice(prevStart, lineStart - 1) : '';
  const names = (m: RegExpExecArray | null) =>
    !!m &&
    (!m[1] ||
      m[1]
        .split(/[\s,]+/)
        .filter(Boolean)
        .some((r) => r === rule || r === 'all'));
  return names(/#\s*kibitz-disable(?!-next-line)(?:\s+([\w,\s-]+))?\s*$/.exec(line)) || names(/^\s*(?:#|\/\/)\s*kibitz-disable-next-line(?:\s+([\w,\s-]+))?\s*$/.exec(prev));
}
