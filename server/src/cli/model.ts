import path from 'node:path';
import { resolveModel } from '../config/model-settings.js';
import { defaultConfig } from '../config/schema.js';
import { ModelClient } from '../model/client.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import type { CliIO } from './command.js';

/**
 * The CLI's model: from the environment only (KIBITZ_MODEL, KIBITZ_BASE_URL, KIBITZ_API_KEY, OPENAI_BASE_URL,
 * OPENAI_API_KEY), never from a file in the current directory. Each distinct failure is written to stderr once.
 */
export function cliModel(io: CliIO, env: NodeJS.ProcessEnv = process.env): ModelClient | undefined {
  const s = resolveModel(defaultConfig().model, env);
  if (!s) return undefined;
  const said = new Set<string>();
  return new ModelClient(s, {
    cacheDir: path.join(defaultCacheDir(), 'model'),
    surface: 'cli',
    events: {
      onError: (e) => {
        if (e.kind === 'cancelled' || said.has(e.message)) return;
        said.add(e.message);
        io.err(`kibitz: ${e.message}\n`);
      },
    },
  });
}

export const CLI_HOW_TO =
  'kibitz: no model is configured. Set KIBITZ_MODEL (and KIBITZ_BASE_URL for a local server such as Ollama, e.g. http://127.0.0.1:11434/v1; KIBITZ_API_KEY or OPENAI_API_KEY if it needs a key).\n';
