import type { DocsIndex } from './ask.js';
import { citation } from './ask.js';
import type { Cited } from './passages.js';

/** A docs line that defines (or documents) a name, with how sure that is. */
export interface Definition extends Cited {
  strength: number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The doc passages that define `name` (a setting, a key, an option): a heading that is the name, a line that
 * starts with it in code (`` `retries` (default: 3) ``, `retries: 3`, `- **retries**: …`), or a code block line
 * that sets it, best first. Mere mentions do not count.
 */
export function definitionsOf(name: string, docs: DocsIndex, limit = 3): Definition[] {
  if (name.length < 2 || name.length > 100) return [];
  const n = esc(name);
  const heading = new RegExp(`^\`?${n}\`?(\\(\\))?$`, 'i');
  const defines = new RegExp(`^\\s*(?:[-*+]\\s+|\\d+[.)]\\s+|\\|\\s*)?(?:\\*\\*)?\`${n}\`(?:\\*\\*)?\\s*(?:\\(|:|—|–|-\\s|\\||=|is\\b)`);
  const bold = new RegExp(`^\\s*(?:[-*+]\\s+)?\\*\\*${n}\\*\\*\\s*(?:\\(|:|—|–|-\\s)`);
  const sets = new RegExp(`^\\s*["']?${n}["']?\\s*[:=]`);
  const out: Definition[] = [];
  for (const p of docs.passages) {
    const code = /^\s*(```|~~~)/.test(p.lines[0] ?? '');
    const headed = heading.test(p.heading.trim());
    p.lines.forEach((line, i) => {
      const strength = defines.test(line) || bold.test(line) ? 2 : code && sets.test(line) ? 1 : 0;
      if (strength) out.push({ text: line.trim(), path: p.path, lines: [p.start + i, p.start + i], heading: p.heading, strength: strength + (headed ? 1 : 0) });
    });
    if (headed && !out.some((d) => d.path === p.path && d.heading === p.heading)) {
      const first = p.lines.findIndex((l) => l.trim() && !/^\s*(```|~~~)/.test(l));
      if (first >= 0) out.push({ text: p.lines[first]!.trim(), path: p.path, lines: [p.start + first, p.start + first], heading: p.heading, strength: 3 });
    }
  }
  const seen = new Set<string>();
  return out
    .sort((a, b) => b.strength - a.strength || a.path.localeCompare(b.path) || a.lines[0] - b.lines[0])
    .filter((d) => {
      const k = citation(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, limit);
}

/**
 * The name a hover in a docs or config file is about: in Markdown, the inline code span under the cursor; in
 * YAML, JSON, TOML and .env-like files, the key or word under it. Undefined elsewhere.
 */
export function nameAt(text: string, offset: number, languageId: string): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl);
  const col = offset - lineStart;
  if (languageId === 'markdown') {
    for (const m of line.matchAll(/`([^`\n]{2,100})`/g)) {
      if (m.index <= col && col < m.index + m[0].length) return /^[\w$.-]+(\(\))?$/.test(m[1]!) ? m[1]!.replace(/\(\)$/, '') : undefined;
    }
    return undefined;
  }
  if (!/^(yaml|json|jsonc|toml|ini|properties|dotenv|github-actions-workflow)$/.test(languageId)) return undefined;
  for (const m of line.matchAll(/[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*/g)) {
    if (m.index <= col && col < m.index + m[0].length) return m[0];
  }
  return undefined;
}
