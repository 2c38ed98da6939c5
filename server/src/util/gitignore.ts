import { readFileSync } from 'node:fs';
import path from 'node:path';
import { safeRegExp } from './pattern.js';

/**
 * A small .gitignore reader for directories outside git: names, globs, `dir/`, anchored `/x` (negations are not
 * supported). Each rule matches a path relative to `dir`; an unanchored one at any depth. Repository patterns are
 * compiled with the linear-time engine where available; a rule that cannot be compiled is skipped.
 */
export function gitignoreRules(dir: string): RegExp[] {
  let text = '';
  try {
    text = readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .flatMap((l) => {
      const anchored = l.startsWith('/');
      const body = l
        .replace(/^\//, '')
        .replace(/\/$/, '')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '.*');
      try {
        return [safeRegExp(`${anchored ? '^' : '(^|/)'}${body}(/|$)`)];
      } catch {
        return [];
      }
    });
}
