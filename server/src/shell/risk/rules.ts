import type { ScriptModel } from './model.js';
import type { Finding, Rule } from './kit.js';
import { DELETE_RULES } from './rules/delete.js';
import { GIT_RULES } from './rules/git.js';
import { MACHINE_RULES } from './rules/machine.js';
import { REMOTE_RULES } from './rules/remote.js';
import { SYSTEM_RULES } from './rules/system.js';

export { RULES_DOC, SEVERITIES, ruleReference, type Finding, type Rule, type Severity } from './kit.js';
export { unquotedExpansions } from './rules/delete.js';

/** Every rule, by family: each reads the shared command model (options in any spelling, bound arguments). */
export const RULES: Rule[] = [...DELETE_RULES, ...GIT_RULES, ...SYSTEM_RULES, ...MACHINE_RULES, ...REMOTE_RULES];

/** Rules that are not about one command (fork bombs, downloads executed, history turned off): their ids, for docs. */
export const SCRIPT_RULES = ['fork-bomb'];

/** Script-level checks that are not about one command: fork bombs, `$(curl ...)` executed, history turned off. */
export function scriptFindings(model: ScriptModel): Omit<Finding, 'reference'>[] {
  const out: Omit<Finding, 'reference'>[] = [];
  for (const b of model.forkBombs)
    out.push({
      rule: 'fork-bomb',
      category: 'system-state',
      severity: 'critical',
      start: b.start,
      end: b.end,
      message: `function \`${b.name}\` pipes into itself in the background: a fork bomb that exhausts the process table`,
    });
  for (const s of model.substitutions) {
    if (!s.commands.some((c) => c.name === 'curl' || c.name === 'wget')) continue;
    // the substitution is the code: eval/source, a shell's -c or <(...), an interpreter's -c/-e
    const exec = model.commands.find(
      (c) =>
        c.start <= s.start &&
        c.end >= s.end &&
        (c.name === 'eval' ||
          c.name === 'source' ||
          c.name === '.' ||
          (['sh', 'bash', 'zsh', 'dash', 'ksh'].includes(c.name) && (s.kind === 'process_substitution' || c.args.some((a) => /^-[a-z]*c/.test(a.value ?? '')))) ||
          (/^(python[\d.]*|perl|ruby|node|php)$/.test(c.name) && c.args.some((a) => /^-[a-zA-Z]*[ceE]$/.test(a.value ?? '')))),
    );
    if (exec)
      out.push({
        rule: 'pipe-to-shell',
        category: 'remote-code',
        severity: 'critical',
        start: s.start,
        end: s.end,
        message: `\`${exec.nameWord.raw}\` executes code downloaded by \`${s.text.slice(0, 60)}\``,
      });
  }
  for (const a of model.assignments) {
    const off = (a.name === 'HISTFILE' && (a.unset || /^["']?(\/dev\/null)?["']?$/.test(a.value))) || (/^HIST(FILE)?SIZE$/.test(a.name) && (a.unset || /^["']?0["']?$/.test(a.value)));
    if (off)
      out.push({
        rule: 'clear-history',
        category: 'covering-tracks',
        severity: 'high',
        start: a.start,
        end: a.end,
        message: a.unset ? `unsetting ${a.name} stops this session from being recorded` : `\`${a.name}=${a.value}\` stops this session from being recorded`,
      });
  }
  return out;
}
