import { SnippetBuilder, type Snippet } from './snippet.js';
import { appendJsonString } from './dockerfile.js';

export function isPackageJson(path: string): boolean {
  return /(^|\/)package\.json$/.test(path);
}

const STRING = /"((?:[^"\\\n]|\\.)*)"/y;

/** Each string value of the top-level `scripts` object is one snippet (JSON escapes undone, offsets exact). */
export function packageJsonSnippets(text: string): Snippet[] {
  const head = /"scripts"\s*:\s*\{/g.exec(text);
  if (!head) return [];
  const out: Snippet[] = [];
  let i = head.index + head[0].length;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): { start: number; raw: string } | undefined => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) return undefined;
    i = STRING.lastIndex;
    return { start: m.index + 1, raw: m[1]! };
  };
  for (;;) {
    ws();
    if (text[i] === '}' || i >= text.length) break;
    if (!str()) break;
    ws();
    if (text[i] !== ':') break;
    i++;
    ws();
    if (text[i] === '"') {
      const v = str();
      if (!v) break;
      const b = new SnippetBuilder('package-json');
      appendJsonString(b, v.start, v.raw, false);
      const s = b.build();
      if (s) out.push(s);
    } else {
      // Not a string: skip a scalar or a balanced value.
      let depth = 0;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          if (!str()) return out;
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) break;
        i++;
      }
    }
    ws();
    if (text[i] === ',') i++;
  }
  return out;
}
