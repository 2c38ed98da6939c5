import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The JSON value in a model answer: bare, in a ```json fence, or between the first `{` and the last `}`. */
export function extractJson(text: string): unknown {
  const t = text.trim();
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(t);
  const candidates = [t, fenced?.[1], t.slice(t.indexOf('{'), t.lastIndexOf('}') + 1)];
  let last: unknown;
  for (const c of candidates) {
    if (!c) continue;
    try {
      return JSON.parse(c);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('no JSON object in the answer');
}

/** Parse and validate. Never throws; an invalid answer is an error string for the repair prompt. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>): Parsed<T> {
  let value: unknown;
  try {
    value = extractJson(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

export function schemaInstruction(jsonSchema: Record<string, unknown>): string {
  return `Answer with one JSON object and nothing else (no prose, no code fence). It must match this JSON schema:\n${JSON.stringify(jsonSchema)}`;
}

export function repairPrompt(error: string): string {
  return `That answer is not valid: ${error}. Reply again with only the corrected JSON object, matching the schema exactly.`;
}
