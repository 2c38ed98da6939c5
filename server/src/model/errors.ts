import OpenAI from 'openai';

export type ModelErrorKind = 'not-configured' | 'auth' | 'model-not-found' | 'connection' | 'rate-limit' | 'timeout' | 'cancelled' | 'invalid-output' | 'server' | 'bad-request' | 'too-large';

/** A model failure with a message written for the user (what happened, and what to do). */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** Map anything the SDK (or fetch) throws to a ModelError. */
export function classify(err: unknown, ctx: { baseURL: string; model: string; timeoutMs: number; signal?: AbortSignal; surface?: 'editor' | 'cli' }): ModelError {
  const cli = ctx.surface === 'cli';
  if (err instanceof ModelError) return err;
  if (ctx.signal?.aborted || err instanceof OpenAI.APIUserAbortError) return new ModelError('cancelled', 'The request was cancelled.');
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new ModelError('timeout', `The model at ${ctx.baseURL} did not answer within ${ctx.timeoutMs / 1000} s; kibitz uses its offline answer.`);
  if (err instanceof OpenAI.APIConnectionError) {
    return new ModelError('connection', `Cannot reach the model endpoint ${ctx.baseURL} (${causeOf(err)}). Is the server running? kibitz works offline meanwhile.`);
  }
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new ModelError(
      'auth',
      `The model endpoint ${ctx.baseURL} refused the API key (HTTP ${err.status}). ${cli ? 'Set KIBITZ_API_KEY (or OPENAI_API_KEY) in your environment.' : 'Set kibitz.model.apiKey in your user settings, or KIBITZ_API_KEY in the environment the editor starts kibitz with.'}`,
    );
  }
  if (err instanceof OpenAI.NotFoundError)
    return new ModelError('model-not-found', `The endpoint ${ctx.baseURL} has no model "${ctx.model}" (HTTP 404). Check ${cli ? 'KIBITZ_MODEL' : 'kibitz.model.chatModel'}.`);
  if (err instanceof OpenAI.RateLimitError) {
    const after = Number(err.headers?.get('retry-after'));
    return new ModelError(
      'rate-limit',
      `The model endpoint is rate limiting requests (HTTP 429)${Number.isFinite(after) && after > 0 ? `; retry after ${after} s` : ''}.`,
      Number.isFinite(after) ? after : undefined,
    );
  }
  if (err instanceof OpenAI.BadRequestError) return new ModelError('bad-request', `The model endpoint rejected the request (HTTP 400): ${shortMessage(err)}`);
  if (err instanceof OpenAI.APIError) return new ModelError('server', `The model endpoint failed (HTTP ${err.status ?? '?'}): ${shortMessage(err)}`);
  if (err instanceof Error && err.name === 'AbortError') return new ModelError('cancelled', 'The request was cancelled.');
  return new ModelError('server', `Model call failed: ${err instanceof Error ? err.message : String(err)}`);
}

function causeOf(err: Error): string {
  const c = (err as { cause?: { code?: string; message?: string } }).cause;
  return c?.code ?? c?.message ?? err.message;
}

function shortMessage(err: Error): string {
  return err.message.replace(/\s+/g, ' ').slice(0, 200);
}
