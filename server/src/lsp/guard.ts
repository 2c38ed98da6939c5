import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import type { z } from 'zod';
import { log } from '../util/log.js';
import { describeIssue } from './params.js';

/**
 * A request handler behind a params check: invalid params are answered with -32602 and never reach the handler;
 * a handler that throws answers -32603 with a message, and the server keeps serving.
 */
export function request<P, R>(method: string, schema: z.ZodType<P>, handler: (params: P, token: CancellationToken) => R | Promise<R>) {
  return async (raw: unknown, token: CancellationToken): Promise<R> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const problem = describeIssue(parsed.error);
      log().warn({ method, problem }, 'request with invalid params');
      throw new ResponseError(ErrorCodes.InvalidParams, `kibitz: invalid params for ${method}: ${problem}`);
    }
    try {
      return await handler(parsed.data, token);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log().error({ err, method }, 'request failed');
      throw new ResponseError(ErrorCodes.InternalError, `kibitz: ${method} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** A notification handler behind a params check: invalid params are logged and dropped; failures are logged. */
export function notification<P>(method: string, schema: z.ZodType<P>, handler: (params: P) => void | Promise<void>) {
  return (raw: unknown): void => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      log().warn({ method, problem: describeIssue(parsed.error) }, 'notification with invalid params dropped');
      return;
    }
    try {
      const r = handler(parsed.data);
      if (r instanceof Promise) r.catch((err: unknown) => log().error({ err, method }, 'notification handler failed'));
    } catch (err) {
      log().error({ err, method }, 'notification handler failed');
    }
  };
}

/** Run a promise for its effect only: a rejection is logged, never left unhandled. */
export function background(what: string, p: Promise<unknown> | undefined): void {
  p?.catch((err: unknown) => log().warn({ err }, `${what} failed`));
}
