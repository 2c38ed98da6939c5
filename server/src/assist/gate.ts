import { cleanModelText } from '../safety/sanitize.js';
import { analyzeRisk, SEVERITIES, type Finding, type RiskPolicy } from '../shell/risk/index.js';
import { AssistError, type FixEdit, type Span } from './types.js';

/**
 * The last check before model output becomes a proposal: every edit inside the range it was asked for,
 * and no invisible characters in any inserted text.
 */
export function checkEdits(edits: FixEdit[], target: Span): FixEdit[] {
  for (const e of edits) {
    if (e.start < target.start || e.end > target.end || e.end < e.start) {
      throw new AssistError(`The proposed edit [${e.start}, ${e.end}) leaves the requested range [${target.start}, ${target.end}); nothing was proposed.`);
    }
  }
  return edits.map((e) => ({ ...e, newText: cleanModelText(e.newText) }));
}

export interface Gated {
  /** Findings at high or above: the command is offered only commented out, with a warning. */
  blocking: Finding[];
  level: Finding['severity'] | 'none';
  findings: Finding[];
}

const HIGH = SEVERITIES.indexOf('high');

/** Run a generated shell command through the risk engine. */
export async function gateCommand(command: string, policy: RiskPolicy): Promise<Gated> {
  const r = await analyzeRisk(command, policy);
  return { blocking: r.findings.filter((f) => SEVERITIES.indexOf(f.severity) >= HIGH), level: r.level, findings: r.findings };
}

/** Findings of `after` that `before` did not have (by rule and token text), at high or above. */
export async function newRisks(before: string, after: string, policy: RiskPolicy): Promise<Finding[]> {
  const key = (text: string, f: Finding) => `${f.rule}:${text.slice(f.start, f.end)}`;
  const old = new Set((await analyzeRisk(before, policy)).findings.map((f) => key(before, f)));
  return (await gateCommand(after, policy)).blocking.filter((f) => !old.has(key(after, f)));
}

/** The warning lines for a risky proposal, naming each dangerous token. */
export function riskWarning(command: string, blocking: Finding[]): string[] {
  return [
    `kibitz: ${blocking[0]!.severity.toUpperCase()} RISK, not enabled: ${blocking.map((f) => `${f.rule} at \`${command.slice(f.start, f.end)}\` (${f.message})`).join('; ')}.`,
    'Review it; to use it, remove the comment marker yourself.',
  ];
}
