import path from 'node:path';
import { resolveModel } from '../config/model-settings.js';
import { defaultConfig } from '../config/schema.js';
import { ModelClient } from '../model/client.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import type { CliIO } from './explain.js';

/**
 * The CLI's model: from the environment only (KIBITZ_MODEL, KIBITZ_BASE_URL, KIBITZ_API_KEY, OPENAI_BASE_URL,
 * OPENAI_API_KEY), never from a file in the current directory. Errors are written to stderr.
 */
export function cliModel(io: CliIO, env: NodeJS.ProcessEnv = process.env): ModelClient | undefined {
  const s = resolveModel(defaultConfig().model, env);
  if (!s) return undefined;
  return new ModelClient(s, { cacheDir: path.join(defaultCacheDir(), 'model'), events: { onError: (e) => io.err(`kibitz: ${e.message}\n`) } });
}

export const CLI_HOW_TO =
  'kibitz: no model is configured. Set KIBITZ_MODEL (and KIBITZ_BASE_URL for a local server such as Ollama, e.g. http://127.0.0.1:11434/v1; KIBITZ_API_KEY or OPENAI_API_KEY if it needs a key).\n';
