import { readFileSync } from 'node:fs';
import path from 'node:path';
import { USER_ONLY_SETTINGS } from './schema.js';

/** Not settings, but keys a repository might hope are read as an endpoint or key: dropped with the user-only ones. */
const STRAY_KEYS = [['baseURL'], ['apiKey'], ['endpoint']];
/** What a repository may not set, top-level keys first. */
const UNTRUSTED = [...USER_ONLY_SETTINGS, ...STRAY_KEYS].sort((a, b) => a.length - b.length);

export interface TeamConfig {
  /** Settings from `.kibitz.json` with the untrusted fields removed. */
  settings: Record<string, unknown> | undefined;
  warnings: string[];
}

export const TEAM_FILE = '.kibitz.json';

/**
 * The repository's `.kibitz.json` (team config: commit style, risk policy, custom actions, disabled features).
 * Endpoint, model and key fields in it are ignored with a warning: a cloned repository must not be able to
 * send your code, or your key, to its own server.
 */
export function readTeamConfig(root: string | undefined): TeamConfig {
  if (!root) return { settings: undefined, warnings: [] };
  const file = path.join(root, TEAM_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { settings: undefined, warnings: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { settings: undefined, warnings: [`${file} is not valid JSON (${(err as Error).message}); it is ignored.`] };
  }
  return sanitizeTeamSettings(raw, file);
}

export function sanitizeTeamSettings(raw: unknown, origin: string): TeamConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { settings: undefined, warnings: [`${origin} must hold a JSON object; it is ignored.`] };
  const settings = { ...(raw as Record<string, unknown>) };
  const warnings: string[] = [];
  for (const key of UNTRUSTED) {
    if (!drop(settings, key)) continue;
    const why = key[0] === 'feedback' ? 'where feedback is sent is only read from your user settings.' : 'the model endpoint, model, API key and log file are only read from your user settings or environment.';
    warnings.push(`${origin}: "${key.join('.')}" is ignored: ${why}`);
  }
  return { settings, warnings };
}

/** Remove the setting at `key` from `obj` (nested objects are copied, never changed in place). */
function drop(obj: Record<string, unknown>, key: readonly string[]): boolean {
  const [head, ...rest] = key;
  if (!(head! in obj)) return false;
  if (!rest.length) return delete obj[head!];
  const child = obj[head!];
  if (!child || typeof child !== 'object' || Array.isArray(child)) return false;
  const copy = { ...(child as Record<string, unknown>) };
  if (!drop(copy, rest)) return false;
  obj[head!] = copy;
  return true;
}
