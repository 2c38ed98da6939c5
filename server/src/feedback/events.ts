export type Feature = 'hover' | 'quick-fix' | 'code-action' | 'commit' | 'pr' | 'ask';
export type Source = 'offline' | 'retrieval' | 'model';
/**
 * `viewed`: a hover shown (not a proposal: never accepted or rejected). `error`: a model call failed (`error` = kind).
 * For docs answers: `accepted` = marked helpful, `rejected` = marked not helpful, `followed` = a citation opened
 * (`input` = the citation).
 */
export type EventType = 'offered' | 'viewed' | 'accepted' | 'rejected' | 'followed' | 'edited' | 'kept' | 'error';

/** One line of the feedback log. Texts are redacted before they are written. */
export interface FeedbackEvent {
  v: 1;
  /** Unique per event (a UUID given when it is logged; older lines get a hash of their text): the team store's key. */
  id?: string;
  at: string;
  type: EventType;
  /** The proposal this event is about. */
  proposal: string;
  feature: Feature;
  source: Source;
  /** Which action (explain-command, git-push-force quick fix, ...). */
  kind?: string;
  latencyMs?: number;
  /** The model failed and the offline answer was used. */
  fallback?: boolean;
  /** What was asked (the comment, the diagnostic and its lines, the staged change summary). */
  input?: string;
  /** What was proposed. */
  output?: string;
  /** What the user kept (edited / kept). */
  final?: string;
  /** Normalised edit distance between output and final. */
  distance?: number;
  error?: string;
  /** One id per server process. */
  session: string;
  /** The repository the proposal was made in (its origin's owner/name, or its folder's name). */
  repo?: string;
  /** The chat model that answered (model-backed proposals and errors). */
  model?: string;
}

export const FEATURES: Feature[] = ['hover', 'quick-fix', 'code-action', 'commit', 'pr', 'ask'];
