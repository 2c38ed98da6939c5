import type { DocsIndex } from '../assist/ask.js';
import type { Config } from '../config/schema.js';
import type { ShellAnalysis } from '../shell/analysis.js';
import type { Documents } from './documents.js';
import type { Finding, RiskPolicy } from '../shell/risk/index.js';
import type { Retrieval } from '../retrieval/service.js';
import type { FeedbackGlue } from '../services/feedback-session.js';

/** What LSP handlers share. Handlers read config through config() so a reload is seen at once. */
export interface ServerContext {
  documents: Documents;
  analysis: ShellAnalysis;
  config(): Config;
  /** The risk policy for model-written commands (config/layers.ts gatePolicy). */
  gatePolicy?(): RiskPolicy;
  /** Where the custom actions in effect come from. */
  customOrigin?(): string;
  /** Risk findings of a document (document offsets); set once diagnostics are wired. */
  risk?: { compute(uri: string, around?: number): Promise<Finding[]> };
  /** The feedback loop (proposal ids, applied commands, followed edits). */
  feedback?: FeedbackGlue;
  /** The local search index, when enabled. */
  retrieval?: () => Retrieval | undefined;
  /** The workspace's docs (passages), for definitions in hovers; undefined without a workspace. */
  docs?: () => DocsIndex | undefined;
}
