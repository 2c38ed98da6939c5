import type { CancellationToken } from 'vscode-languageserver/node';

/** LSP cancellation token -> AbortSignal, so engines only ever see AbortSignal. */
export function abortSignalOf(token: CancellationToken | undefined): AbortSignal {
  const ctrl = new AbortController();
  if (!token) return ctrl.signal;
  if (token.isCancellationRequested) ctrl.abort();
  else token.onCancellationRequested(() => ctrl.abort());
  return ctrl.signal;
}
