import { z } from 'zod';

/** The one source of kibitz settings (section `kibitz`). Every field has a default. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const ConfigSchema = z.object({
  logLevel: z.enum(LOG_LEVELS).default('info').describe('Log level of the server log (stderr or logFile).'),
  logFile: z.string().default('').describe('Write the server log to this file instead of stderr.'),
  manpath: z
    .array(z.string())
    .default([])
    .describe('Directories to scan for man pages (empty: $MANPATH, then the usual system directories).'),
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
        .array(z.object({ pattern: z.string(), severity: z.enum(['low', 'medium', 'high', 'critical']).default('high'), message: z.string() }))
        .default([])
        .describe('Extra deny patterns (regular expressions over each executed command line).'),
      severity: z.record(z.string(), z.enum(['low', 'medium', 'high', 'critical'])).default({}).describe('Severity override per rule id.'),
      debounceMs: z.number().int().min(0).max(5000).default(250).describe('Delay before diagnostics are recomputed after an edit.'),
    })
    .prefault({}),
  dashlessBundles: z
    .array(z.string())
    .default(['tar', 'ps', 'ar'])
    .describe('Commands whose first argument may be bundled flags without a dash (`tar xzvf`).'),
});

export type Config = z.infer<typeof ConfigSchema>;

export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}
