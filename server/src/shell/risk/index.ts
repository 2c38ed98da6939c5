import { disposeModel, modelOfTree, type ScriptModel } from './model.js';
import { initParser, type Tree } from '../parse.js';
import { suppressedAt } from './directives.js';
import { RULES, SEVERITIES, ruleReference, scriptFindings, type Finding, type Severity } from './rules.js';

export type { Finding, Severity } from './rules.js';
export { RULES, SEVERITIES } from './rules.js';

export interface RiskPolicy {
  /** Rule ids turned off. */
  disabledRules: string[];
  /** Commands never reported (e.g. a team's own wrapper). */
  allowCommands: string[];
  /** Extra deny patterns matched against each executed command line. */
  deny: { pattern: string; severity: Severity; message: string }[];
  /** Per-rule severity overrides. */
  severity: Record<string, Severity>;
}

export const DEFAULT_POLICY: RiskPolicy = { disabledRules: [], allowCommands: [], deny: [], severity: {} };

export interface RiskReport {
  level: Severity | 'none';
  findings: Finding[];
}

const raise = (s: Severity): Severity => SEVERITIES[Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) + 1)]!;

/**
 * Analyse shell text. `# kibitz-disable-next-line rule[,rule]` on the line before and
 * `# kibitz-disable rule[,rule]` at the end of a line turn rules off for that line.
 */
export async function analyzeRisk(text: string, policy: RiskPolicy = DEFAULT_POLICY): Promise<RiskReport> {
  const parser = await initParser();
  const tree = parser.parse(text);
  if (!tree) return { level: 'none', findings: [] };
  try {
    // rules read word nodes, so the tree lives until the report is made
    return await analyzeTree(text, tree, policy);
  } finally {
    tree.delete();
  }
}

/** The same analysis over a tree that is already parsed (e.g. the hover's cached tree). */
export async function analyzeTree(text: string, tree: Tree, policy: RiskPolicy = DEFAULT_POLICY): Promise<RiskReport> {
  const model = modelOfTree(tree, await initParser());
  try {
    return reportOf(findingsOfModel(text, model, policy));
  } finally {
    disposeModel(model);
  }
}

function reportOf(kept: Finding[]): RiskReport {
  const level = kept.reduce<Severity | 'none'>((m, f) => (m === 'none' || SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(m) ? f.severity : m), 'none');
  return { level, findings: kept };
}

/** The findings of a built model, after policy and disable directives, sorted by offset. */
export function findingsOfModel(text: string, model: ScriptModel, policy: RiskPolicy = DEFAULT_POLICY): Finding[] {
  const findings: Finding[] = [];
  const disabled = new Set(policy.disabledRules);
  const allow = new Set(policy.allowCommands);
  for (const cmd of model.commands) {
    if (allow.has(cmd.name)) continue;
    for (const rule of RULES) {
      if (disabled.has(rule.id)) continue;
      for (const hit of rule.check(cmd)) {
        let severity = hit.severity ?? rule.severity;
        if (cmd.sudo) severity = raise(severity);
        severity = policy.severity[rule.id] ?? severity;
        findings.push({ rule: rule.id, category: rule.category, severity, message: hit.message + (cmd.sudo ? ' (as root via sudo)' : ''), start: hit.token.start, end: hit.token.end, reference: rule.reference });
      }
    }
    for (const d of policy.deny) {
      let re: RegExp;
      try {
        re = new RegExp(d.pattern);
      } catch {
        continue;
      }
      const line = text.slice(cmd.nameWord.start, cmd.end);
      if (re.test(line)) findings.push({ rule: 'policy-deny', category: 'policy', severity: d.severity, message: d.message, start: cmd.nameWord.start, end: cmd.nameWord.end, reference: ruleReference('policy-deny') });
    }
  }
  for (const f of scriptFindings(model)) {
    if (disabled.has(f.rule)) continue;
    findings.push({ ...f, severity: policy.severity[f.rule] ?? f.severity, reference: ruleReference(f.rule) });
  }
  const kept = dedupe(findings).filter((f) => !suppressedAt(text, f.start, f.rule));
  kept.sort((a, b) => a.start - b.start || SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
  return kept;
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.rule}:${f.start}:${f.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
