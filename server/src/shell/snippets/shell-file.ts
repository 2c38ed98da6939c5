import { SnippetBuilder, type Snippet } from './snippet.js';

const SHELL_LANGS = new Set(['shellscript', 'sh', 'bash', 'zsh', 'ksh', 'dash']);
const SHEBANG = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(?:ba|z|k|da|a)?sh\b/;

const OTHER_FORMAT = /\.(ya?ml|json|md|markdown|rst|txt|toml|ini|py|js|ts|rb|go|rs|c|h|java)$/i;

/** A file name that says shell whatever the client's languageId says. */
export function isShellPath(path: string): boolean {
  return /\.(sh|bash|zsh|ksh)$/.test(path) || /(^|\/)\.(bashrc|bash_profile|profile|zshrc)$/.test(path);
}

export function isShellDocument(languageId: string, path: string, text: string): boolean {
  // a client that sends one languageId for every file it manages (Eglot 1.9 does) must not make YAML or JSON shell
  if (SHELL_LANGS.has(languageId) && !OTHER_FORMAT.test(path)) return true;
  if (isShellPath(path)) return true;
  return SHEBANG.test(text.slice(0, 200));
}

/** A whole shell file is one snippet with an identity map. */
export function shellFileSnippets(text: string): Snippet[] {
  const s = new SnippetBuilder('shell').mapped(0, text).build();
  return s ? [s] : [];
}
