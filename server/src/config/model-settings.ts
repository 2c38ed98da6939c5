import type { Config } from './schema.js';

/** Where the model comes from, after user settings and the environment. */
export interface ModelSettings {
  baseURL: string;
  apiKey: string;
  chatModel: string;
  embeddingModel: string;
  timeouts: Config['model']['timeouts'];
  maxRetries: number;
  structuredOutputs: 'auto' | 'on' | 'off';
  temperature: number;
  cache: Config['model']['cache'];
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * User settings first, then `KIBITZ_*`, then `OPENAI_*`. Undefined when no chat model is named: kibitz never
 * guesses a model, and without one every feature uses its offline behaviour.
 */
export function resolveModel(cfg: Config['model'], env: NodeJS.ProcessEnv = process.env): ModelSettings | undefined {
  const chatModel = cfg.chatModel || env.KIBITZ_MODEL || '';
  if (!chatModel) return undefined;
  return {
    baseURL: (cfg.baseURL || env.KIBITZ_BASE_URL || env.OPENAI_BASE_URL || DEFAULT_BASE_URL).replace(/\/+$/, ''),
    apiKey: cfg.apiKey || env.KIBITZ_API_KEY || env.OPENAI_API_KEY || '',
    chatModel,
    embeddingModel: cfg.embeddingModel || env.KIBITZ_EMBEDDING_MODEL || '',
    timeouts: cfg.timeouts,
    maxRetries: Math.min(1, cfg.maxRetries),
    structuredOutputs: cfg.structuredOutputs,
    temperature: cfg.temperature,
    cache: cfg.cache,
  };
}

/** How to configure a model, for `disabled.reason` and CLI messages. */
export const HOW_TO_CONFIGURE =
  'No model is configured: set kibitz.model.chatModel (and kibitz.model.baseURL for a local server such as Ollama) in your user settings, or KIBITZ_MODEL / KIBITZ_BASE_URL in the environment.';
