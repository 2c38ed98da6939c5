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
/** A single-character automatic variable (`$@`, `$<`, `$^`...). */
const AUTOMATIC = /[@<^?*%+|]/;

/**
 * Make's references in a recipe line, in order: `$$`, `$@`-style automatic variables, and `$(...)`/`${...}` with
 * any depth of nesting (`$(addsuffix .o,$(addprefix $(DIR)/,$(names)))`). An unclosed reference runs to the end.
 */
export function makeRefs(text: string): { index: number; text: string }[] {
  const out: { index: number; text: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1];
    if (next === '$' || (next && AUTOMATIC.test(next))) {
      out.push({ index: i, text: text.slice(i, i + 2) });
      i++;
    } else if (next === '(' || next === '{') {
      const close = next === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === next) depth++;
        else if (text[j] === close && --depth === 0) break;
      }
      out.push({ index: i, text: text.slice(i, j + 1) });
      i = j;
    }
  }
  return out;
}

/**
 * Each recipe line (tab-led, after a rule) is one snippet. `@`, `-`, `+` prefixes are dropped, `$$`
 * becomes `$`, and make references (`$(CC)`, `${X}`, `$@`) are opaque words the shell never sees.
 * Backslash-continued lines join, without the continuation line's leading tab.
 */
export function makefileSnippets(text: string): Snippet[] {
  const programs = programVariables(text);
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
          addRecipeText(b, line.start + semi, line.text.slice(semi), programs);
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
      addRecipeText(b, cur.start + startCol, cur.text.slice(startCol), programs);
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

/** GNU make's own variables that name a program, with their defaults (the manual's "Variables Used by Implicit Rules"). */
const MAKE_PROGRAMS: Record<string, string> = { MAKE: 'make', CC: 'cc', CXX: 'g++', AR: 'ar', AS: 'as', RM: 'rm', LEX: 'lex', YACC: 'yacc', FC: 'f77', MAKEINFO: 'makeinfo', TEX: 'tex' };

/**
 * Variables that name the program a recipe runs: set in this makefile to a plain command (`GO ?= go`,
 * `DOCKER := docker`, `CC = gcc -std=c11` → gcc), else make's own defaults. A value that is computed
 * (`$(shell which go)`) or set twice to different programs names nothing certain.
 */
export function programVariables(text: string): Map<string, { program: string; set: boolean }> {
  const out = new Map<string, { program: string; set: boolean }>();
  const seen = new Map<string, string | null>();
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+|override[ \t]+)*([A-Za-z_][\w.-]*)[ \t]*(?:\?|:{1,3}|!)?=[ \t]*(.*)$/gm)) {
    const program = /^([\w.+/-]+)(?:\s|$)/.exec(m[2]!.trim())?.[1];
    const had = seen.get(m[1]!);
    seen.set(m[1]!, program && (had === undefined || had === program) ? program : null);
  }
  for (const [name, program] of Object.entries(MAKE_PROGRAMS)) if (!seen.has(name)) out.set(name, { program, set: false });
  for (const [name, program] of seen) if (program && /[A-Za-z]/.test(program) && !/^\d/.test(program)) out.set(name, { program: program.split('/').pop()!, set: true });
  return out;
}

function addRecipeText(b: SnippetBuilder, docOffset: number, text: string, programs: Map<string, { program: string; set: boolean }>): void {
  let last = 0;
  for (const { index: idx, text: ref } of makeRefs(text)) {
    b.mapped(docOffset + last, text.slice(last, idx));
    const named = /^\$[({]([A-Za-z_][\w.-]*)[)}]$/.exec(ref)?.[1];
    const p = named ? programs.get(named) : undefined;
    if (ref === '$$') {
      b.mapped(docOffset + idx + 1, '$');
    } else if (p) {
      const how = p.set
        ? `set to \`${p.program}\` in this makefile`
        : named === 'MAKE'
          ? 'the make program running this makefile (a recursive make)'
          : `make's default \`${p.program}\` unless set elsewhere`;
      b.opaqueWord(docOffset + idx, ref, `make variable \`${ref}\`: ${how}`, p.program);
    } else {
      b.opaqueWord(docOffset + idx, ref, 'make variable or function, expanded by make before the shell runs');
    }
    last = idx + ref.length;
  }
  b.mapped(docOffset + last, text.slice(last));
}
