import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Settings a repository may not set: where code is sent, with which key, and where logs are written. */
const UNTRUSTED_KEYS: string[][] = [['model'], ['logFile'], ['baseURL'], ['apiKey'], ['endpoint']];

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
  for (const [key] of UNTRUSTED_KEYS) {
    if (key! in settings) {
      delete settings[key!];
      warnings.push(`${origin}: "${key}" is ignored: the model endpoint, model, API key and log file are only read from your user settings or environment.`);
    }
  }
  const fb = settings.feedback;
  if (fb && typeof fb === 'object' && 'postgresUrl' in (fb as object)) {
    const { postgresUrl: _dropped, ...rest } = fb as Record<string, unknown>;
    settings.feedback = rest;
    warnings.push(`${origin}: "feedback.postgresUrl" is ignored: where feedback is sent is only read from your user settings.`);
  }
  return { settings, warnings };
}
