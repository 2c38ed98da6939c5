import os from 'node:os';
import path from 'node:path';

/** Where kibitz keeps its local state (the feedback log): KIBITZ_STATE_DIR, $XDG_STATE_HOME/kibitz, ~/.local/state/kibitz. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KIBITZ_STATE_DIR) return env.KIBITZ_STATE_DIR;
  return path.join(env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state'), 'kibitz');
}

/** The few-shot memory written by the feedback loop and indexed as the `feedback` corpus. */
export function feedbackExamplesFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'examples.jsonl');
}

/** The team's corrections pulled from the team store, beside the local examples (`dir`: the state dir). */
export function teamExamplesPath(dir: string): string {
  return path.join(dir, 'team-examples.jsonl');
}
