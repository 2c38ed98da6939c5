import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { CancellationToken } from 'vscode-languageserver/node';

/** LSP cancellation token -> AbortSignal, so engines only ever see AbortSignal. */
export function abortSignalOf(token: CancellationToken | undefined): AbortSignal {
  const ctrl = new AbortController();
  if (!token) return ctrl.signal;
  if (token.isCancellationRequested) ctrl.abort();
  else token.onCancellationRequested(() => ctrl.abort());
  return ctrl.signal;
}

/** Yield once so a $/cancelRequest that arrived with the request is seen before work starts. */
export function yieldToCancellation(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
