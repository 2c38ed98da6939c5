// A test that needs a tool (PostgreSQL, man pages, Neovim, Emacs) may skip on a machine without it, but never in
// CI: its condition goes through requiredInCi (test/support/system.ts), which throws there instead of skipping.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../support/files.js';

const TEST = path.resolve(import.meta.dirname, '..');
const GUARDS = /\b(requiredInCi|editorPresent|systemPages)\b/;

/** Skips a file has that CI would not see fail: unconditional skips, or conditional ones without a CI guard. */
export function unguardedSkips(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `${path.relative(TEST, file)}:${i + 1}`;
    if (/\b(it|test|describe)\.(skip|todo)\b(?!If)/.test(line)) out.push(`${where}: unconditional skip`);
    if (/\.(skipIf|runIf)\(/.test(line) && !GUARDS.test(text)) out.push(`${where}: a conditional skip without requiredInCi`);
  });
  return out;
}

describe('skips in CI', () => {
  it('no test skips in CI: every conditional skip is guarded, and none is unconditional', () => {
    const bad = filesUnder(TEST, '.test.ts').flatMap((f) => unguardedSkips(f, readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });

  it('catches an unguarded or unconditional skip', () => {
    expect(unguardedSkips(path.join(TEST, 'x.test.ts'), "describe.skipIf(!hasTool())('x', () => {});\nit.skip('y', () => {});\n")).toEqual([
      'x.test.ts:1: a conditional skip without requiredInCi',
      'x.test.ts:2: unconditional skip',
    ]);
  });
});
