import { SnippetBuilder, type Snippet } from './snippet.js';
import { splitLines } from './lines.js';

export function isMarkdown(languageId: string, path: string): boolean {
  return languageId === 'markdown' || /\.(md|markdown|mdx)$/i.test(path);
}

const SHELL_INFO = new Set(['sh', 'bash', 'shell', 'zsh', 'shellscript']);
const CONSOLE_INFO = new Set(['console', 'shell-session', 'shellsession', 'terminal']);
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`{]*)/;

/** Shell code in ``` fences. `console` fences keep only `$ ` prompt lines (and their continuations). */
export function markdownSnippets(text: string): Snippet[] {
  const lines = splitLines(text);
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!.text);
    if (!open) continue;
    const fence = open[2]!;
    const info = open[3]!.toLowerCase();
    const indent = open[1]!.length;
    let j = i + 1;
    const body = [];
    while (j < lines.length) {
      const t = lines[j]!.text;
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(t);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(lines[j]!);
      j++;
    }
    const strip = (l: { start: number; text: string }) => {
      const n = Math.min(indent, /^ */.exec(l.text)![0].length);
      return { start: l.start + n, text: l.text.slice(n) };
    };
    if (SHELL_INFO.has(info)) {
      const b = new SnippetBuilder('markdown');
      for (const l of body.map(strip)) b.mapped(l.start, l.text).virtual('\n');
      const s = b.build();
      if (s) out.push(s);
    } else if (CONSOLE_INFO.has(info)) {
      let continuing = false;
      let b: SnippetBuilder | undefined;
      for (const l of body.map(strip)) {
        const prompt = /^(?:\S*[$%#]|\$) /.exec(l.text);
        if (continuing && b) {
          b.mapped(l.start, l.text).virtual('\n');
          continuing = l.text.endsWith('\\');
          if (!continuing) {
            const s = b.build();
            if (s) out.push(s);
            b = undefined;
          }
          continue;
        }
        if (prompt && prompt[0].trimEnd().endsWith('$')) {
          b = new SnippetBuilder('markdown');
          b.mapped(l.start + prompt[0].length, l.text.slice(prompt[0].length)).virtual('\n');
          continuing = l.text.endsWith('\\');
          if (!continuing) {
            const s = b.build();
            if (s) out.push(s);
            b = undefined;
          }
        }
      }
      if (b) {
        const s = b.build();
        if (s) out.push(s);
      }
    }
    i = j;
  }
  return out;
}
