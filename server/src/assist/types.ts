import type { ModelError } from '../model/errors.js';
import type { Explainer } from '../shell/explain/index.js';
import type { RiskPolicy } from '../shell/risk/index.js';
import type { FixEdit } from '../shell/risk/fixes.js';
import type { ModelClient } from '../model/client.js';
import type { Retrieval } from '../retrieval/service.js';

export type { FixEdit } from '../shell/risk/fixes.js';

/** A document as the assist engines see it: plain text and offsets, no LSP types. */
export interface AssistDoc {
  uri: string;
  languageId: string;
  /** File system path (for host detection and prompts). */
  path: string;
  text: string;
}

export interface Span {
  start: number;
  end: number;
}

export type ActionKind = 'explain-command' | 'generate-command' | 'fix-diagnostic' | 'doc-comment' | 'custom';

/** A diagnostic of any server, any language, as the client sent it in the code action context. */
export interface ForeignDiagnostic {
  range: Span;
  message: string;
  source?: string;
  code?: string | number;
}

/** What an action will do once resolved: everything needed, so resolve needs no other state. */
export interface ActionRequest {
  kind: ActionKind;
  /** The range the action may change (insertions happen at its start). No edit may leave it. */
  target: Span;
  /** Where the command the action is about starts (explain: the target is the line start, which in a Dockerfile
   *  or Makefile is not shell). */
  anchor?: number;
  diagnostic?: ForeignDiagnostic;
  /** Index into the configured custom actions. */
  custom?: number;
}

export interface ActionOffer {
  title: string;
  kind: ActionKind;
  request: ActionRequest;
  /** Needs a model (no offline behaviour). */
  needsModel: boolean;
}

export interface ActionResult {
  edits: FixEdit[];
  /** Set when the result is offered with a warning (a risky generated command). */
  warning?: string;
  /** The model answered (false: the offline behaviour was used). */
  usedModel: boolean;
  /** The model failed and this is the offline answer instead: the failure, for the user to be told. */
  modelError?: ModelError;
}

export interface AssistDeps {
  model: ModelClient | undefined;
  explainer: Explainer;
  policy: RiskPolicy;
  /** The policy for judging model-written commands (built-in severities; a repository may only raise them). */
  gatePolicy?: RiskPolicy;
  dashlessBundles: string[];
  customActions: { name: string; prompt: string; languages: string[] }[];
  /** The model's answer so far, while it streams (for progress in the editor). */
  onProgress?: (text: string) => void;
  /** Local search index, for grounding (man pages, docs). */
  retrieval?: Retrieval;
  /** Called when the model's answer came from the response cache (the result is labelled so). */
  onCached?: () => void;
}

/** An assist action could not produce an edit; the message is for the user. */
export class AssistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssistError';
  }
}
