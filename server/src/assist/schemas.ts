import { z } from 'zod';

/** What the model returns for each action. Validated here whatever the endpoint claims. */
export const ExplainAnswer = z.object({
  summary: z.string().min(1).max(1200).describe('What the whole command does and why, in plain prose, grounded in the man-page parts given.'),
});

export const CommandAnswer = z.object({
  command: z.string().min(1).max(2000).describe('One shell command line (or a short pipeline) that does what was asked.'),
  summary: z.string().max(600).default('').describe('One sentence on what the command does.'),
});

export const ReplacementAnswer = z.object({
  replacement: z.string().max(20000).describe('The full new text of the given range, nothing outside it.'),
  explanation: z.string().max(600).default('').describe('One sentence on the change.'),
});

export const DocCommentAnswer = z.object({
  lines: z.array(z.string().max(200)).min(1).max(30).describe('The doc comment lines, without comment markers.'),
});
