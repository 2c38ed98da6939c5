import { disposeModel, modelOfTree, type ScriptModel } from './model.js';
export type { HostKind } from './kit.js';
import { initParser, parseText, type Tree } from '../parse.js';
import { safeRegExp } from '../../util/pattern.js';
import { suppressedAt } from './directives.js';
import { RULES, SEVERITIES, ruleReference, scriptFindings, type Finding, type Severity } from './rules.js';
import { Ctx, raise, type AnalysisContext } from './kit.js';
import { CommandDocs } from '../docs/index.js';
import { ManPages } from '../manpages/index.js';
import { defaultCacheDir } from '../manpages/cache.js';
import { defaultConfig } from '../../config/schema.js';
import type { Docs } from '../command.js';

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

/** What else the analysis may know: documentation to bind options with, and the host the text came from. */
export type AnalysisOptions = Partial<AnalysisContext> & {
  /** Keep every finding, even several on one token (the caller filters first, then calls strongestPerToken). */
  keepOverlaps?: boolean;
};

let defaultDocs: Docs | undefined;
/** The documentation risk rules bind options with when the caller gives none (the server shares its own). */
export function setDefaultRiskDocs(docs: Docs): void {
  defaultDocs = docs;
}

export function riskDocs(opts: AnalysisOptions = {}): Docs {
  if (opts.docs) return opts.docs;
  if (!defaultDocs) {
    const cfg = defaultConfig();
    defaultDocs = new CommandDocs(new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() }));
  }
  return defaultDocs;
}

/**
 * Analyse shell text. `# kibitz-disable-next-line rule[,rule]` on the line before and
 * `# kibitz-disable rule[,rule]` at the end of a line turn rules off for that line.
 */
export async function analyzeRisk(text: string, policy: RiskPolicy = DEFAULT_POLICY, opts: AnalysisOptions = {}): Promise<RiskReport> {
  const parser = await initParser();
  const tree = parseText(parser, text);
  if (!tree) return { level: 'none', findings: [] };
  try {
    // rules read word nodes, so the tree lives until the report is made
    return await analyzeTree(text, tree, policy, opts);
  } finally {
    tree.delete();
  }
}

/** The same analysis over a tree that is already parsed (e.g. the hover's cached tree). */
export async function analyzeTree(text: string, tree: Tree, policy: RiskPolicy = DEFAULT_POLICY, opts: AnalysisOptions = {}): Promise<RiskReport> {
  const docs = riskDocs(opts);
  const model = modelOfTree(tree, await initParser(), docs, text);
  try {
    return reportOf(findingsOfModel(text, model, policy, { ...opts, docs }));
  } finally {
    disposeModel(model);
  }
}

function reportOf(kept: Finding[]): RiskReport {
  const level = kept.reduce<Severity | 'none'>((m, f) => (m === 'none' || SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(m) ? f.severity : m), 'none');
  return { level, findings: kept };
}

/** The findings of a built model, after policy and disable directives, sorted by offset. */
export function findingsOfModel(text: string, model: ScriptModel, policy: RiskPolicy = DEFAULT_POLICY, opts: AnalysisOptions = {}): Finding[] {
  const context: AnalysisContext = { ...opts, docs: opts.docs ?? model.docs };
  const findings: Finding[] = [];
  const deny = policy.deny.map((d) => ({ ...d, re: compiled(d.pattern) })).filter((d): d is typeof d & { re: RegExp } => !!d.re);
  const disabled = new Set(policy.disabledRules);
  const allow = new Set(policy.allowCommands);
  for (const written of model.commands) {
    // a host variable that names the program (`$(RM) -r $(OUT)/` in a Makefile) runs that program
    const named = opts.opaque?.find((o) => o.program && o.start === written.nameWord.start && o.end === written.nameWord.end)?.program;
    const cmd = named ? { ...written, name: named } : written;
    if (allow.has(cmd.name)) continue;
    const c = new Ctx(cmd, model, context);
    for (const rule of RULES) {
      if (disabled.has(rule.id)) continue;
      for (const hit of rule.check(c)) {
        let severity = hit.severity ?? rule.severity;
        if (cmd.sudo && !hit.fixed) severity = raise(severity);
        severity = floor(policy, rule.id, policy.severity[rule.id] ?? severity);
        findings.push({
          rule: rule.id,
          category: rule.category,
          severity,
          message: hit.message + (cmd.sudo && !hit.fixed ? ' (as root via sudo)' : ''),
          start: hit.token.start,
          end: hit.token.end,
          reference: rule.reference,
        });
      }
    }
    for (const d of deny) {
      const line = text.slice(cmd.nameWord.start, cmd.end);
      if (d.re.test(line))
        findings.push({ rule: 'policy-deny', category: 'policy', severity: d.severity, message: d.message, start: cmd.nameWord.start, end: cmd.nameWord.end, reference: ruleReference('policy-deny') });
    }
  }
  for (const f of scriptFindings(model)) {
    if (disabled.has(f.rule)) continue;
    findings.push({ ...f, severity: floor(policy, f.rule, policy.severity[f.rule] ?? f.severity), reference: ruleReference(f.rule) });
  }
  const unsuppressed = findings.filter((f) => policy.directives === false || !suppressedAt(text, f.start, f.rule));
  const kept = opts.keepOverlaps ? unsuppressed : strongestPerToken(unsuppressed);
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

/** One finding per token: when several rules point at the same text, the strongest stays. */
export function strongestPerToken(fs: Finding[]): Finding[] {
  const best = new Map<string, Finding>();
  for (const f of fs) {
    const k = `${f.start}:${f.end}`;
    const cur = best.get(k);
    if (!cur || SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(cur.severity)) best.set(k, f);
  }
  return fs.filter((f) => best.get(`${f.start}:${f.end}`) === f);
}
