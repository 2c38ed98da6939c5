import path from 'node:path';
import { readConfined } from '../util/safe-read.js';
import { trustedSettings } from './trust.js';

export interface TeamConfig {
  /** Settings from `.kibitz.json` with what a repository may not set removed. */
  settings: Record<string, unknown> | undefined;
  warnings: string[];
}

export const TEAM_FILE = '.kibitz.json';
/** A settings file larger than this is not a settings file. */
const MAX_TEAM_FILE = 256 * 1024;

/**
 * The repository's `.kibitz.json` (team config: commit style, risk policy, custom actions, disabled features).
 * It is read only when it is a regular file inside the repository, and it can never set the model endpoint, key,
 * log file, feedback database or directories to read: a cloned repository must not be able to send your code,
 * or your key, to its own server, or write where it likes.
 */
export function readTeamConfig(root: string | undefined): TeamConfig {
  if (!root) return { settings: undefined, warnings: [] };
  const file = path.join(root, TEAM_FILE);
  const read = readConfined(root, file, MAX_TEAM_FILE);
  if (!read.ok) return { settings: undefined, warnings: read.reason === 'missing' ? [] : [`${TEAM_FILE} is ignored: ${read.reason}.`] };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (err) {
    return { settings: undefined, warnings: [`${file} is not valid JSON (${(err as Error).message}); it is ignored.`] };
  }
  return sanitizeTeamSettings(raw, file);
}

export function sanitizeTeamSettings(raw: unknown, origin: string): TeamConfig {
  const { settings, warnings } = trustedSettings(raw, 'teamFile', origin);
  return { settings, warnings };
}
