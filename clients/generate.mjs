// Writes the editor settings generated from the server schema: `npm run gen:clients` (after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingsManifest } from '../server/out/config/manifest.js';
import { emacsSettings, vscodeConfiguration, withGenerated } from './settings.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest = settingsManifest();

const pkgFile = path.join(here, 'vscode/package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
pkg.contributes.configuration = vscodeConfiguration(manifest);
writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');

const elFile = path.join(here, 'emacs/kibitz-lsp.el');
writeFileSync(elFile, withGenerated(readFileSync(elFile, 'utf8'), emacsSettings(manifest)));
console.log(`${manifest.length} settings written to ${path.relative(process.cwd(), pkgFile)} and ${path.relative(process.cwd(), elFile)}`);
