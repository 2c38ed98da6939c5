import type { Node } from '../parse.js';

/**
 * What a script tells about its variables, for deciding whether `$X/` in a delete can become `/`: the ones it
 * gives a value that cannot be empty, the ones it builds as word lists, the checks that stop it when one is empty,
 * and the ones the environment always sets.
 */
export interface VarFacts {
  /** Assigned a value that is never empty: literal text, `$(mktemp -d)`, `${X:-default}`, a for-loop variable. */
  nonEmpty: Set<string>;
  /** Built as a word list (`list="$list $f"`, `list+=" $f"`, `list=(a b)`): unquoted on purpose. */
  lists: Set<string>;
  /** `${X:?}` or `: "${X:?}"` somewhere: the shell stops when X is empty. */
  required: Set<string>;
}

/** Set by the system, the login or the CI runner in every run: not "possibly empty" like a script's own. */
export const ALWAYS_SET = new Set([
  'HOME',
  'PWD',
  'OLDPWD',
  'USER',
  'LOGNAME',
  'SHELL',
  'PATH',
  'GITHUB_WORKSPACE',
  'GITHUB_ACTION_PATH',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
  'RUNNER_WORKSPACE',
  'GITHUB_ENV',
  'GITHUB_OUTPUT',
  'GITHUB_PATH',
  'GITHUB_STEP_SUMMARY',
  'CI_PROJECT_DIR',
  'CI_BUILDS_DIR',
  'CI_BUILDS_DIRECTORY',
  'BUILD_SOURCESDIRECTORY',
  'AGENT_TEMPDIRECTORY',
  'BITBUCKET_CLONE_DIR',
  'CIRCLE_WORKING_DIRECTORY',
]);

/** `NAME=value` as the shell reads it: a quoted string, a `$(...)` (one level of nesting), or a plain word. */
const ASSIGNMENT = /(?:^|[\s;&|(`])(?:(?:local|export|readonly|declare|typeset)\s+(?:-\w+\s+)*)?([A-Za-z_]\w*)(\+?=)("(?:[^"\\]|\\.)*"|'[^']*'|\$\((?:[^()]|\([^()]*\))*\)|\([^)]*\)|[^\s;&|)]*)/g;

/**
 * The facts, read from the text (a regular expression pass is much cheaper than walking the syntax tree, and the
 * facts are approximate by nature: an assignment anywhere counts).
 */
export function varFacts(text: string): VarFacts {
  const facts: VarFacts = { nonEmpty: new Set(), lists: new Set(), required: new Set() };
  for (const m of text.matchAll(ASSIGNMENT)) assignment(m[1]!, m[2]!, m[3]!, facts);
  for (const m of text.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g)) facts.nonEmpty.add(m[1]!);
  for (const m of text.matchAll(/\$\{#?([A-Za-z_]\w*):?[?=]/g)) facts.required.add(m[1]!);
  return facts;
}

function assignment(name: string, op: string, text: string, facts: VarFacts): void {
  // list="$list $f", list+=" $f", list=(a b c)
  if (op === '+=' || text.startsWith('(') || ((text.includes(`$${name}`) || text.includes(`\${${name}}`)) && /\s/.test(text))) facts.lists.add(name);
  const unquoted = text.replace(/^["']|["']$/g, '');
  if (!unquoted) return;
  // a literal first character, a default, or what prints something or fails: never empty
  // (`$(pwd)`, `$(mktemp -d)`, `$(dirname "$0")`, `$(cd x && pwd)`, `$(realpath .)`)
  if (
    /^[\w./~-]/.test(unquoted) ||
    /^\$\{\w+:?[-=]/.test(unquoted) ||
    /^\$\(\s*(mktemp|pwd|realpath|dirname|readlink\s+-[fem]|cd\b[^)]*&&\s*pwd|git\s+rev-parse\s+--show-toplevel)\b/.test(unquoted) ||
    /^\$\{?\w+\}?\/./.test(unquoted)
  )
    facts.nonEmpty.add(name);
}

const NON_EMPTY_TEST = (ref: string) => new RegExp(`(^|[\\s[(!])(-[ndefhsLrwx]\\s+|)["']?${ref}["']?\\s*(\\]|\\)|&&|\\|\\||$|-a\\b)|-[ndefhsLrwx]\\s+["']?${ref}`);
const EMPTY_TEST = (ref: string) => new RegExp(`-z\\s+["']?${ref}["']?`);

/** The pattern of a reference to a shell variable: `$X`, `${X}`. */
export function varRef(name: string): string {
  return `\\$\\{?${name}\\}?(?!\\w)`;
}
const STOPS = /\b(exit|return|die|fatal|abort|usage|error)\b/;

/**
 * Whether the command at `node` only runs when `name` is not empty: it sits behind `[ -n "$X" ] &&`, `if [ "$X" ]`,
 * `[ -d "$X" ] &&`, `[ -z "$X" ] ||`, or after `[ -z "$X" ] && exit` / `if [ -z "$X" ]; then exit; fi` in a block
 * around it (including the function it is in).
 */
export function guardedAt(node: Node, ref: string, depth = 0): boolean {
  const nonEmpty = NON_EMPTY_TEST(ref);
  const empty = EMPTY_TEST(ref);
  let child: Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'list') {
      const [left, op] = [p.namedChildren[0], p.children.find((c) => c && (c.type === '&&' || c.type === '||'))];
      if (left && left.id !== child.id && op) {
        if (op.type === '&&' && nonEmpty.test(left.text) && !empty.test(left.text)) return true;
        if (op.type === '||' && empty.test(left.text)) return true;
      }
    }
    if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const cond = p.childForFieldName('condition') ?? p.namedChildren[0];
      if (cond && cond.id !== child.id && !isWithin(child, cond)) {
        const inElse = child.type === 'else_clause';
        if (!inElse && nonEmpty.test(cond.text) && !empty.test(cond.text)) return true;
        if (inElse && empty.test(cond.text)) return true;
      }
    }
    // earlier statements of the same block that stop when it is empty, or that derive it from one that is checked
    // (`if [ "$t" ]; then p=$(echo "$t" | sed ...); rm -rf $p/`)
    for (const sib of p.namedChildren) {
      if (!sib || sib.startIndex >= child.startIndex) break;
      if (stopsWhenEmpty(sib, ref, empty, nonEmpty)) return true;
      const from = depth < 2 ? derivedFrom(sib, ref) : undefined;
      if (from && guardedAt(node, varRef(from), depth + 1)) return true;
    }
  }
  return false;
}

/** `X=$(echo "$Y" | ...)`, `X="$Y/..."`, `X=${Y%...}`: the variable X's value is made from (the ref is X's). */
function derivedFrom(stmt: Node, ref: string): string | undefined {
  if (stmt.type !== 'variable_assignment') return undefined;
  const name = stmt.childForFieldName('name')?.text ?? '';
  if (!new RegExp(`^${ref}$`).test(`$${name}`)) return undefined;
  const value = stmt.childForFieldName('value')?.text ?? '';
  const m = /^["']?\$\(\s*(?:echo|printf\s+['"]?%s\S*['"]?)\s+["']?\$\{?(\w+)\}?["']?\s*\|/.exec(value) ?? /^["']?\$\{?(\w+)[}%#/:]/.exec(value) ?? /^["']?\$(\w+)["']?$/.exec(value);
  return m?.[1];
}

function isWithin(n: Node, outer: Node): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

function stopsWhenEmpty(stmt: Node, ref: string, empty: RegExp, nonEmpty: RegExp): boolean {
  const t = stmt.text;
  if (t.length > 2000) return false;
  const name = /\\w+/.exec(ref.replace(/\\\\./g, ''))?.[0] ?? '';
  if (name && new RegExp(`\\$\\{${name}:?\\?`).test(t)) return true;
  if (stmt.type === 'list') return (empty.test(t) && /&&/.test(t) && STOPS.test(t)) || (nonEmpty.test(t) && /\|\|/.test(t) && STOPS.test(t));
  if (stmt.type === 'if_statement') {
    const cond = stmt.childForFieldName('condition') ?? stmt.namedChildren[0];
    return !!cond && empty.test(cond.text) && STOPS.test(t.slice(cond.endIndex - stmt.startIndex));
  }
  return false;
}
