// The layering of server/src (DESIGN.md, "imports only point downward"): a folder imports only from folders of a
// lower layer, or from the few neighbours of its own layer listed here. Any other import fails, naming the line.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../support/files.js';

const SRC = path.resolve(import.meta.dirname, '../../server/src');

/** Layers, top to bottom. */
const LAYERS: string[][] = [['main'], ['cli', 'lsp'], ['services'], ['shell', 'git', 'assist'], ['model', 'retrieval', 'safety', 'feedback', 'config'], ['util']];

/** Imports within a layer that are allowed (the reverse direction never is). */
const SIDEWAYS: [string, string][] = [
  ['assist', 'shell'], // model-backed actions explain and check the commands they propose
  ['model', 'config'], // the endpoint settings
  ['model', 'safety'], // redaction of what is sent
  ['retrieval', 'model'], // the endpoint's embeddings
  ['retrieval', 'safety'], // nothing secret is indexed
  ['feedback', 'safety'], // nothing secret is logged or exported
];

/** Packages only the LSP layer may import. */
const LSP_ONLY = /^vscode-(languageserver|jsonrpc)/;

const folderOf = (file: string, src = SRC) => path.relative(src, file).split(path.sep)[0]!.replace(/\.ts$/, '');
const layerOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));

export interface ImportViolation {
  where: string;
  from: string;
  to: string;
}

/** Every import in server/src that the table does not allow, as `file:line`. */
export function violations(src = SRC): ImportViolation[] {
  const out: ImportViolation[] = [];
  for (const file of filesUnder(src)) {
    const from = folderOf(file, src);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/.exec(line);
        const spec = m?.[1] ?? m?.[2];
        if (!spec) return;
        const where = `${path.relative(path.dirname(src), file)}:${i + 1}`;
        if (!spec.startsWith('.')) {
          if (LSP_ONLY.test(spec) && from !== 'lsp') out.push({ where, from, to: spec });
          return;
        }
        const to = folderOf(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'), src);
        if (to === from) return;
        const ok = layerOf(to) > layerOf(from) || SIDEWAYS.some(([a, b]) => a === from && b === to);
        if (!ok || layerOf(to) < 0) out.push({ where, from, to });
      });
  }
  return out;
}

describe('layering', () => {
  it('an upward import, a sideways one against the table, and LSP in an engine are each caught with their line', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'kibitz-layers-'));
    for (const d of ['util', 'shell', 'lsp', 'model', 'retrieval']) mkdirSync(path.join(src, d));
    writeFileSync(path.join(src, 'util', 'a.ts'), "import { x } from '../shell/b.js';\n");
    writeFileSync(path.join(src, 'model', 'c.ts'), "\nimport type { Y } from '../retrieval/d.js';\n");
    writeFileSync(path.join(src, 'shell', 'b.ts'), "import { Connection } from 'vscode-languageserver/node';\nimport { z } from '../util/a.js';\n");
    writeFileSync(path.join(src, 'lsp', 'e.ts'), "import { Connection } from 'vscode-languageserver/node';\nimport { b } from '../shell/b.js';\n");
    expect(
      violations(src)
        .map((v) => `${v.where}: ${v.from} -> ${v.to}`)
        .sort(),
    ).toEqual([
      `${path.basename(src)}/model/c.ts:2: model -> retrieval`,
      `${path.basename(src)}/shell/b.ts:1: shell -> vscode-languageserver/node`,
      `${path.basename(src)}/util/a.ts:1: util -> shell`,
    ]);
  });

  it('every folder of server/src is in the table', () => {
    const folders = readdirSync(SRC).map((f) => f.replace(/\.ts$/, ''));
    expect(folders.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('imports only point downward (or to an allowed neighbour), and only lsp/ speaks LSP', () => {
    const bad = violations().map((v) => `${v.where}: ${v.from} -> ${v.to}`);
    expect(bad, `imports the layering does not allow:\n${bad.join('\n')}`).toEqual([]);
  });
});
