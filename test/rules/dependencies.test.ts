// Runtime dependencies hold only what the server loads at run time; everything else is a devDependency.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../support/files.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Run-time packages the server uses without naming them in an import. */
const INDIRECT: Record<string, string> = {
  'vscode-jsonrpc': 'the message reader and writer lsp/transport.ts extends, through vscode-languageserver/node',
};

/** The packages server/src imports (import, export from, dynamic import, createRequire), by package name. */
function imported(): Set<string> {
  const out = new Set<string>();
  for (const f of filesUnder(path.join(ROOT, 'server/src'))) {
    for (const m of readFileSync(f, 'utf8').matchAll(
      /^\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^'.][^']*)'|^\s*import\s+'([^'.][^']*)'|\bimport\(\s*'([^'.][^']*)'\s*\)|createRequire\(import\.meta\.url\)\(\s*'([^'.][^']*)'\s*\)/gm,
    )) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4]!;
      if (spec.startsWith('node:')) continue;
      out.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return out;
}

describe('dependencies', () => {
  const used = imported();
  const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies };

  it('every package the server imports is a runtime (or optional) dependency', () => {
    expect([...used].filter((p) => !(p in runtime))).toEqual([]);
  });

  it('every runtime dependency is loaded by the server; test, build and lint tools are devDependencies', () => {
    expect(Object.keys(runtime).filter((p) => !used.has(p) && !(p in INDIRECT))).toEqual([]);
    for (const dev of ['vitest', 'typescript', 'eslint', 'prettier', 'tsx']) expect(pkg.devDependencies, dev).toHaveProperty(dev);
  });
});
