// Bundles the extension and the server for VS Code (`npm run build` runs it): dist/extension.js (CommonJS, as
// VS Code loads extensions) and dist/server.mjs (the server and its JavaScript dependencies in one ES module),
// plus the files the server reads at run time: grammars/, docs/rules.md, web-tree-sitter's runtime wasm.
// hnswlib-node is a native addon built for the machine's Node, not VS Code's: the bundled server uses exact
// search instead (it says so in its log), which is fast enough for the man page corpus.
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

await build({ ...common, entryPoints: [path.join(here, 'src/extension.ts')], outfile: path.join(dist, 'extension.js'), format: 'cjs', external: ['vscode'] });

// the server, and the process it starts to build the man index (found beside it)
for (const [entry, out] of [[path.join(here, 'src/server.ts'), 'server.mjs'], [path.join(root, 'server/src/services/man-index-worker.ts'), 'man-index-worker.mjs']]) {
  await build({
    ...common,
    entryPoints: [entry],
    outfile: path.join(dist, out),
    format: 'esm',
    external: ['hnswlib-node', 'pg-native'],
    // CommonJS dependencies bundled into an ES module still call require() for Node's own modules
    banner: { js: "import { createRequire as __kibitzRequire } from 'node:module'; const require = __kibitzRequire(import.meta.url);" },
  });
}

const require = createRequire(import.meta.url);
copyFileSync(path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
for (const dir of ['grammars', 'docs']) {
  rmSync(path.join(here, dir), { recursive: true, force: true });
  cpSync(path.join(root, dir), path.join(here, dir), { recursive: true });
}
copyFileSync(path.join(root, 'LICENSE'), path.join(here, 'LICENSE'));
