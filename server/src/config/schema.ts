import { z } from 'zod';
import { patternProblem } from '../util/pattern.js';

/** The one source of kibitz settings (section `kibitz`). Every field has a default. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = z.object({
  logLevel: z.enum(LOG_LEVELS).default('info').describe('Log level of the server log (stderr or logFile).'),
  logFile: z.string().default('').describe('Write the server log to this file instead of stderr.'),
  manpath: z.array(z.string()).default([]).describe('Directories to scan for man pages (empty: $MANPATH, then the usual system directories).'),
  useManCommand: z.boolean().default(true).describe('Fall back to `man -w NAME` when a scan finds no page.'),
  hover: z
    .object({
      enable: z.boolean().default(true).describe('Explain shell snippets on hover.'),
      maxParts: z.number().int().min(1).max(200).default(40).describe('Most parts listed in the hover table.'),
    })
    .prefault({}),
  risk: z
    .object({
      enable: z.boolean().default(true).describe('Report risky shell commands as diagnostics.'),
      disabledRules: z.array(z.string()).default([]).describe('Risk rule ids turned off.'),
      allowCommands: z.array(z.string()).default([]).describe('Commands never reported.'),
      deny: z
        .array(
          z.object({
            pattern: z.string().superRefine((p, ctx) => {
              const why = patternProblem(p);
              if (why) ctx.addIssue({ code: 'custom', message: `unusable pattern: ${why}` });
            }),
            severity: z.enum(['low', 'medium', 'high', 'critical']).default('high'),
            message: z.string(),
          }),
        )
        .default([])
        .describe('Extra deny patterns (regular expressions over each executed command line).'),
      severity: z
        .record(z.string(), z.enum(['low', 'medium', 'high', 'critical']))
        .default({})
        .describe('Severity override per rule id.'),
      debounceMs: z.number().int().min(0).max(5000).default(250).describe('Delay before diagnostics are recomputed after an edit.'),
    })
    .prefault({}),
  model: z
    .object({
      baseURL: z.string().default('').describe('OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (user settings or KIBITZ_BASE_URL / OPENAI_BASE_URL only).'),
      apiKey: z.string().default('').describe('API key (user settings or KIBITZ_API_KEY / OPENAI_API_KEY only; never from the repository).'),
      chatModel: z.string().default('').describe('Chat model name (or KIBITZ_MODEL). Empty: no model, offline behaviour.'),
      embeddingModel: z.string().default('').describe('Embedding model name (or KIBITZ_EMBEDDING_MODEL). Empty: local embeddings.'),
      timeouts: z
        .object({
          hoverMs: z.number().int().min(100).max(600000).default(3000),
          codeActionMs: z.number().int().min(100).max(600000).default(15000),
          commitMs: z.number().int().min(100).max(600000).default(20000),
        })
        .prefault({})
        .describe('Time limit of each model call, per feature.'),
      maxRetries: z.number().int().min(0).max(1).default(1).describe('Retries of a failed model call (0 or 1).'),
      structuredOutputs: z.enum(['auto', 'on', 'off']).default('auto').describe('Send response_format json_schema: auto = when the startup probe saw the endpoint honour it.'),
      temperature: z.number().min(0).max(2).default(0.2),
      cache: z
        .object({
          enable: z.boolean().default(true).describe('Cache model answers by content hash (memory and disk).'),
          maxEntries: z.number().int().min(1).max(100000).default(500),
        })
        .prefault({}),
    })
    .prefault({}),
  actions: z
    .object({
      enable: z.boolean().default(true).describe('Offer AI code actions (explain, generate, fix, doc comment, custom).'),
      custom: z
        .array(
          z.object({
            name: z.string().min(1).describe('Title of the action.'),
            prompt: z.string().min(1).describe('Prompt template: {{selection}}, {{language}}, {{file}} are filled in.'),
            languages: z.array(z.string()).default([]).describe('languageIds it applies to (empty: all).'),
          }),
        )
        .default([])
        .describe('Custom prompt actions.'),
    })
    .prefault({}),
  commit: z
    .object({
      enable: z.boolean().default(true).describe('Offer commit and pull request message drafts as completions.'),
      style: z.enum(['auto', 'conventional', 'gitmoji', 'plain']).default('auto').describe('Commit style: auto = learned from the repository history.'),
      maxSubjectLength: z.number().int().min(20).max(200).default(72),
      prBase: z.string().default('').describe('Base branch for pull request drafts (empty: upstream, main, master).'),
      prGlobs: z.array(z.string()).default([]).describe('Extra file globs treated as pull request descriptions.'),
    })
    .prefault({}),
  feedback: z
    .object({
      enable: z.boolean().default(true).describe('Record which proposals are applied, edited or ignored, in a local log (nothing leaves the machine).'),
      postgresUrl: z.string().default('').describe("The team store: also send feedback events to this PostgreSQL database, and share the team's corrections (user settings only)."),
      teamName: z.string().max(80).default('').describe('Your name in the team store (user settings only); empty: only a hash of your git email is sent.'),
      teamContribute: z.boolean().default(true).describe("Send the texts of your proposals and corrections to the team store, for the team's memory and fine-tuning data (false: counts only)."),
      watchMinutes: z.number().min(0.01).max(1440).default(10).describe('How long an applied proposal is followed for edits (until save or close at the latest).'),
    })
    .prefault({}),
  retrieval: z
    .object({
      enable: z.boolean().default(true).describe('Use the local search index (man pages, workspace docs) in hovers and AI actions.'),
      indexOnStart: z.boolean().default(true).describe('Build or update the man page and docs indexes in the background at startup (KIBITZ_INDEX_ON_START=0 turns it off).'),
    })
    .prefault({}),
  analysis: z
    .object({
      maxFileKB: z.number().int().min(16).max(65536).default(256).describe('Documents larger than this (KB) get no background diagnostics; hovers and code actions still work, around the cursor.'),
    })
    .prefault({}),
  dashlessBundles: z.array(z.string()).default(['tar', 'ps', 'ar']).describe('Commands whose first argument may be bundled flags without a dash (`tar xzvf`).'),
});

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Settings only the user may set (user settings, the environment): where code and feedback are sent, with which
 * key, where logs are written, and which directories are read (anything that names a host or a path). A repository's `.kibitz.json` cannot set them, and editor clients keep them
 * out of workspace configuration (VS Code machine scope, Emacs risky variables).
 */
export const USER_ONLY_SETTINGS: readonly (readonly string[])[] = [['model'], ['logFile'], ['feedback', 'postgresUrl'], ['feedback', 'teamName'], ['manpath']];

export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}
