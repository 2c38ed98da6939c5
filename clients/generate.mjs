// Writes the editor settings generated from the server schema: `npm run gen:clients` (after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingsManifest } from '../server/out/config/manifest.js';
import { USER_ONLY_SETTINGS } from '../server/out/config/schema.js';
import { emacsSettings, emacsUserOnly, vscodeConfiguration, vscodeUserOnly, withGenerated } from './settings.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest = settingsManifest();

const pkgFile = path.join(here, 'vscode/package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
pkg.contributes.configuration = vscodeConfiguration(manifest);
writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');

writeFileSync(path.join(here, 'vscode/src/user-only.ts'), vscodeUserOnly(manifest));

const elFile = path.join(here, 'emacs/kibitz-lsp.el');
writeFileSync(elFile, withGenerated(readFileSync(elFile, 'utf8'), emacsSettings(manifest)));
const eglotFile = path.join(here, 'emacs/kibitz.el');
writeFileSync(eglotFile, withGenerated(readFileSync(eglotFile, 'utf8'), emacsUserOnly(USER_ONLY_SETTINGS)));
console.log(`${manifest.length} settings written to ${path.relative(process.cwd(), pkgFile)} and ${path.relative(process.cwd(), elFile)}; user-only settings to ${path.relative(process.cwd(), eglotFile)}`);
