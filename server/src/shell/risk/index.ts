import { disposeModel, modelOfTree, type ScriptModel } from './model.js';
import { initParser, parseText, type Tree } from '../parse.js';
import { safeRegExp } from '../../util/pattern.js';
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
  /** Per-rule lowest severity (overrides may raise a finding to it, never lower one below it). */
  minSeverity?: Record<string, Severity>;
  /** Honour `# kibitz-disable` comments (default true; false for model-written text, which could carry them). */
  directives?: boolean;
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
  const tree = parseText(parser, text);
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
  const deny = policy.deny.map((d) => ({ ...d, re: compiled(d.pattern) })).filter((d): d is typeof d & { re: RegExp } => !!d.re);
  const disabled = new Set(policy.disabledRules);
  const allow = new Set(policy.allowCommands);
  for (const cmd of model.commands) {
    if (allow.has(cmd.name)) continue;
    for (const rule of RULES) {
      if (disabled.has(rule.id)) continue;
      for (const hit of rule.check(cmd)) {
        let severity = hit.severity ?? rule.severity;
        if (cmd.sudo) severity = raise(severity);
        severity = floor(policy, rule.id, policy.severity[rule.id] ?? severity);
        findings.push({ rule: rule.id, category: rule.category, severity, message: hit.message + (cmd.sudo ? ' (as root via sudo)' : ''), start: hit.token.start, end: hit.token.end, reference: rule.reference });
      }
    }
    for (const d of deny) {
      const line = text.slice(cmd.nameWord.start, cmd.end);
      if (d.re.test(line)) findings.push({ rule: 'policy-deny', category: 'policy', severity: d.severity, message: d.message, start: cmd.nameWord.start, end: cmd.nameWord.end, reference: ruleReference('policy-deny') });
    }
  }
  for (const f of scriptFindings(model)) {
    if (disabled.has(f.rule)) continue;
    findings.push({ ...f, severity: floor(policy, f.rule, policy.severity[f.rule] ?? f.severity), reference: ruleReference(f.rule) });
  }
  const kept = dedupe(findings).filter((f) => policy.directives === false || !suppressedAt(text, f.start, f.rule));
  kept.sort((a, b) => a.start - b.start || SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
  return kept;
}

const patterns = new Map<string, RegExp | undefined>();

/** A deny pattern compiled once, on the linear-time engine; an unusable one is skipped (settings reported it). */
function compiled(pattern: string): RegExp | undefined {
  if (!patterns.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = safeRegExp(pattern);
    } catch {
      re = undefined;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(pattern, re);
  }
  return patterns.get(pattern);
}

function floor(policy: RiskPolicy, rule: string, severity: Severity): Severity {
  const min = policy.minSeverity?.[rule];
  return min && SEVERITIES.indexOf(min) > SEVERITIES.indexOf(severity) ? min : severity;
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
