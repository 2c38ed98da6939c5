// Files and functions sized for one sitting: no file in server/src over 350 lines, no function over 80.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../support/files.js';

const SRC = path.resolve(import.meta.dirname, '../../server/src');
const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 80;

export interface Sized {
  where: string;
  name: string;
  lines: number;
}

/** Every function-like body in a source text (functions, methods, arrows, accessors), with its length in lines. */
export function functionSizes(file: string, text: string): Sized[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Sized[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named = node.name;
      const parent = node.parent;
      const name = named ? named.getText(sf) : ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) ? parent.name.getText(sf) : '(anonymous)';
      out.push({ where: `${file}:${start + 1}`, name, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('sizes', () => {
  const all = filesUnder(SRC).map((f) => ({ file: path.relative(path.dirname(SRC), f), text: readFileSync(f, 'utf8') }));

  it(`no file in server/src is over ${MAX_FILE_LINES} lines`, () => {
    const long = all.map(({ file, text }) => `${file}: ${text.split('\n').length}`).filter((l) => Number(l.split(': ')[1]) > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`no function in server/src is over ${MAX_FUNCTION_LINES} lines`, () => {
    const fns = all.flatMap(({ file, text }) => functionSizes(file, text)).sort((a, b) => b.lines - a.lines);
    // the longest five, for the record
    console.info(
      `longest functions:\n${fns
        .slice(0, 5)
        .map((f) => `  ${f.lines} lines: ${f.name} (${f.where})`)
        .join('\n')}`,
    );
    expect(fns.filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${f.where} ${f.name}: ${f.lines} lines`)).toEqual([]);
  });

  it('a long function is caught with its place and name', () => {
    const body = Array.from({ length: 90 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    expect(functionSizes('x.ts', `export function big() {\n${body}\n}\nconst small = () => 1;\n`).map((f) => [f.where, f.name, f.lines])).toEqual([
      ['x.ts:1', 'big', 92],
      ['x.ts:93', 'small', 1],
    ]);
  });
});
