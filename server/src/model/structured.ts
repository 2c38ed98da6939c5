import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The JSON value in a model answer: bare, in a ```json fence, the first balanced `{...}` (an explanation may
 * follow it), or between the first `{` and the last `}`. Reasoning blocks (`<think>...</think>`) are dropped first.
 */
export function extractJson(text: string): unknown {
  const t = text
    .replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '')
    .replace(/^[\s\S]*?<\/(think|thinking|reasoning)>/i, '')
    .trim();
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(t);
  const candidates = [t, fenced?.[1], firstObject(t), t.slice(t.indexOf('{'), t.lastIndexOf('}') + 1)];
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

/** The first balanced JSON object in the text (strings and escapes respected). */
function firstObject(t: string): string | undefined {
  const start = t.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return t.slice(start, i + 1);
  }
  return undefined;
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
