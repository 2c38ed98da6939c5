import { SnippetBuilder, type Snippet } from './snippet.js';

const SHELL_LANGS = new Set(['shellscript', 'sh', 'bash', 'zsh', 'ksh', 'dash']);
const SHEBANG = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(?:ba|z|k|da|a)?sh\b/;

export function isShellDocument(languageId: string, path: string, text: string): boolean {
  if (SHELL_LANGS.has(languageId)) return true;
  if (/\.(sh|bash|zsh|ksh)$/.test(path) || /(^|\/)\.(bashrc|bash_profile|profile|zshrc)$/.test(path)) return true;
  return SHEBANG.test(text.slice(0, 200));
}

/** A whole shell file is one snippet with an identity map. */
export function shellFileSnippets(text: string): Snippet[] {
  const s = new SnippetBuilder('shell').mapped(0, text).build();
  return s ? [s] : [];
}
