import v8 from 'node:v8';

/**
 * Regular expressions that come from settings (a repository's deny rules, globs) run on V8's linear-time engine
 * (the `l` flag), so a pattern like `^echo (a+)+$` cannot stall the server with catastrophic backtracking.
 * Patterns that engine cannot run (backreferences, lookaround) are refused with a clear reason.
 */
let linear: boolean | undefined;

function linearEngine(): boolean {
  if (linear === undefined) {
    try {
      v8.setFlagsFromString('--enable-experimental-regexp-engine');
      new RegExp('a', 'l');
      linear = true;
    } catch {
      linear = false;
    }
  }
  return linear;
}

/** Nested quantifiers (`(a+)+`, `(a*)*`, `(a|a)*`): the shapes that backtrack exponentially. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]|\((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*\)[+*]/;

export class UnsafePatternError extends Error {}

/** A RegExp that runs in linear time, or an UnsafePatternError / SyntaxError saying why not. */
export function safeRegExp(pattern: string, flags = ''): RegExp {
  if (pattern.length > 2000) throw new UnsafePatternError('the pattern is longer than 2,000 characters');
  if (linearEngine()) {
    try {
      return new RegExp(pattern, flags + 'l');
    } catch (err) {
      if (/linear time/.test((err as Error).message)) throw new UnsafePatternError('backreferences and lookaround are not supported (they can take exponential time)');
      throw err;
    }
  }
  if (NESTED_QUANTIFIER.test(pattern) || /\\\d|\(\?<?[=!]/.test(pattern))
    throw new UnsafePatternError('nested quantifiers, backreferences and lookaround are not supported (they can take exponential time)');
  return new RegExp(pattern, flags);
}

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  try {
    safeRegExp(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
