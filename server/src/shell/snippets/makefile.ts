import { SnippetBuilder, type Snippet } from './snippet.js';
import { splitLines } from './lines.js';

export function isMakefile(languageId: string, path: string): boolean {
  if (languageId === 'makefile' || languageId === 'make') return true;
  const base = path.split('/').pop() ?? '';
  // Makefile, Makefile.am, Makefile.common, docs__Makefile (a path flattened into a name), rules.mk
  if (/\.(toml|json|ya?ml|md|txt)$/i.test(base)) return false;
  return /(?:^|[._-])(GNUmakefile|makefile|Makefile)(\.[\w-]+)?$/.test(base) || /\.(mk|mak)$/.test(base);
}

const RULE = /^[^\t#=][^=]*?:(?!=)/;
const MAKE_REF = /\$\$|\$\([^()]*(?:\([^()]*\)[^()]*)*\)|\$\{[^{}]*\}|\$[@<^?*%+|]/g;

/**
 * Each recipe line (tab-led, after a rule) is one snippet. `@`, `-`, `+` prefixes are dropped, `$$`
 * becomes `$`, and make references (`$(CC)`, `${X}`, `$@`) are opaque words the shell never sees.
 * Backslash-continued lines join, without the continuation line's leading tab.
 */
export function makefileSnippets(text: string): Snippet[] {
  const lines = splitLines(text);
  const out: Snippet[] = [];
  let inRule = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.text.startsWith('\t')) {
      if (RULE.test(line.text)) {
        inRule = true;
        const semi = inlineRecipe(line.text);
        if (semi >= 0) {
          const b = new SnippetBuilder('makefile');
          addRecipeText(b, line.start + semi, line.text.slice(semi));
          const s = b.build();
          if (s) out.push(s);
        }
      } else if (line.text.trim() && !line.text.trimStart().startsWith('#')) {
        inRule = false;
      }
      continue;
    }
    if (!inRule) continue;
    const b = new SnippetBuilder('makefile');
    let col = 1;
    while (col < line.text.length && '@-+ '.includes(line.text[col]!)) col++;
    let cur = line;
    let startCol = col;
    for (;;) {
      addRecipeText(b, cur.start + startCol, cur.text.slice(startCol));
      if (!cur.text.endsWith('\\') || i + 1 >= lines.length) break;
      b.virtual('\n');
      i++;
      cur = lines[i]!;
      startCol = cur.text.startsWith('\t') ? 1 : 0;
    }
    const s = b.build();
    if (s) out.push(s);
  }
  return out;
}

function inlineRecipe(text: string): number {
  const m = /^[^\t#=;][^=;]*?:(?!=)[^;#]*;\s*/.exec(text);
  return m ? m[0].length : -1;
}

function addRecipeText(b: SnippetBuilder, docOffset: number, text: string): void {
  let last = 0;
  for (const m of text.matchAll(MAKE_REF)) {
    const idx = m.index;
    b.mapped(docOffset + last, text.slice(last, idx));
    if (m[0] === '$$') {
      b.mapped(docOffset + idx + 1, '$');
    } else {
      b.opaqueWord(docOffset + idx, m[0], 'make variable or function, expanded by make before the shell runs');
    }
    last = idx + m[0].length;
  }
  b.mapped(docOffset + last, text.slice(last));
}
