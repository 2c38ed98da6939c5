import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../support/lsp-client.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: cleanEnv(), encoding: 'utf8' });

/** Every `kibitz <command> … --option` the README shows (options after ` -- ` belong to the explained command). */
export function readmeOptions(readme: string, commands: Set<string>): [string, string][] {
  const out = new Map<string, [string, string]>();
  const segments = [...readme.matchAll(/`([^`\n]*kibitz [^`\n]*)`/g)].map((m) => m[1]!).concat(readme.split('\n').filter((l) => /^\s*(\$ )?(KIBITZ_\w+=\S+ )*kibitz /.test(l)));
  for (const seg of segments) {
    for (const m of seg.matchAll(/\bkibitz ([a-z][\w-]*)([^|;&#]*)/g)) {
      if (!commands.has(m[1]!)) continue;
      const own = m[2]!.split(/\s--\s/)[0]!;
      for (const o of own.matchAll(/(?<![\w-])(--[a-z][\w-]*)/g)) out.set(`${m[1]} ${o[1]}`, [m[1]!, o[1]!]);
    }
  }
  return [...out.values()];
}

describe('the usage and the README agree', () => {
  it("every option the README shows for a command is in that command's --help", () => {
    const commands = new Set([...run('--help').matchAll(/^ {2}kibitz ([a-z][\w-]*)/gm)].map((m) => m[1]!));
    expect(commands.size).toBeGreaterThan(8);
    const pairs = readmeOptions(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), commands);
    expect(pairs.length).toBeGreaterThan(10);
    const missing = pairs.filter(([cmd, opt]) => !run(cmd, '--help').includes(opt)).map((p) => p.join(' '));
    expect(missing).toEqual([]);
  });

  it('reads options of the command, not of the command line it explains', () => {
    expect(readmeOptions("`kibitz explain --json -- 'rsync --delete a b'`", new Set(['explain']))).toEqual([['explain', '--json']]);
  });
});
