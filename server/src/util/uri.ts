import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file path a document URI stands for. `file:` URIs map to their path. VS Code's source control input box
 * (`vscode-scm:git/scm0/input?rootUri=file:///repo`) is the commit message of that repository: it maps to
 * `<repo>/.git/COMMIT_EDITMSG`, so commit drafting treats it like the file git itself would open.
 */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file://')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return decodeURIComponent(uri.slice('file://'.length));
    }
  }
  if (uri.startsWith('vscode-scm:')) {
    const root = scmRoot(uri);
    if (root) return path.join(uriToPath(root), '.git', 'COMMIT_EDITMSG');
  }
  return decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '/'));
}

function decodeOnce(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The repository of a source control input box URI. VS Code builds it as `?rootUri=<encoded file URI>`, and its URI
 * serialisation encodes that query once more on the way to a language server
 * (`vscode-scm:git/scm0/input?rootUri%3Dfile%253A%252F%252F%252Frepo`): decode until the parts appear.
 */
function scmRoot(uri: string): string | undefined {
  let query = uri.slice(uri.indexOf('?') + 1);
  for (let i = 0; i < 3 && !/(^|&)rootUri=/.test(query); i++) query = decodeOnce(query);
  let root = new URLSearchParams(query).get('rootUri') ?? '';
  for (let i = 0; i < 3 && !root.startsWith('file:'); i++) root = decodeOnce(root);
  return root.startsWith('file://') ? root : undefined;
}
