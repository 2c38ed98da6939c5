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
    const root = new URLSearchParams(uri.slice(uri.indexOf('?') + 1)).get('rootUri');
    if (root?.startsWith('file://')) return path.join(uriToPath(root), '.git', 'COMMIT_EDITMSG');
  }
  return decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/i, '/'));
}
