import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with clients/generate.mjs
import { EMACS_BEGIN, EMACS_END, emacsName, emacsSettings, emacsUserOnly, vscodeConfiguration, vscodeUserOnly } from '../../clients/settings.mjs';
import { settingsManifest } from '../../server/src/config/manifest.js';
import { USER_ONLY_SETTINGS, defaultConfig } from '../../server/src/config/schema.js';
import { ROOT } from '../support/lsp-client.js';

const manifest = settingsManifest();
const FIX = 'run `npm run gen:clients` after changing server/src/config/schema.ts';

describe('editor settings never drift from the zod schema', () => {
  it('the manifest has every leaf setting with its default', () => {
    const defaults = defaultConfig() as Record<string, any>;
    expect(manifest.length).toBeGreaterThan(30);
    for (const s of manifest) {
      const value = s.path.reduce((o: any, k) => o?.[k], defaults);
      expect(s.schema.default, s.key).toEqual(value);
    }
    expect(manifest.filter((s) => s.userOnly).map((s) => s.key)).toEqual(expect.arrayContaining(['kibitz.model.baseURL', 'kibitz.model.apiKey', 'kibitz.logFile', 'kibitz.feedback.postgresUrl']));
  });

  it('VS Code contributes every setting, user-only ones machine-scoped', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'clients/vscode/package.json'), 'utf8'));
    expect(pkg.contributes.configuration, FIX).toEqual(vscodeConfiguration(manifest));
    expect(Object.keys(pkg.contributes.configuration.properties)).toEqual(manifest.map((s) => s.key));
    expect(pkg.contributes.configuration.properties['kibitz.model.apiKey'].scope).toBe('machine');
    expect(pkg.contributes.configuration.properties['kibitz.risk.disabledRules'].scope).toBe('resource');
  });

  it('Emacs lsp-mode has a defcustom per setting, registered under its server key', () => {
    const el = readFileSync(path.join(ROOT, 'clients/emacs/kibitz-lsp.el'), 'utf8');
    const block = el.slice(el.indexOf(EMACS_BEGIN), el.indexOf(EMACS_END) + EMACS_END.length);
    expect(block, FIX).toBe(emacsSettings(manifest));
    for (const s of manifest) {
      expect(block).toContain(`(defcustom ${emacsName(s.path)} `);
      expect(block).toContain(`("${s.key}" ${emacsName(s.path)}`);
    }
    expect(emacsName(['model', 'baseURL'])).toBe('kibitz-lsp-model-base-url');
    expect(block).toMatch(/\(defcustom kibitz-lsp-model-api-key ""\n[^]*?:risky t/);
  });

  it('Emacs Eglot keeps the same user-only settings out of directory-local configuration', () => {
    const el = readFileSync(path.join(ROOT, 'clients/emacs/kibitz.el'), 'utf8');
    const block = el.slice(el.indexOf(EMACS_BEGIN), el.indexOf(EMACS_END) + EMACS_END.length);
    expect(block, FIX).toBe(emacsUserOnly(USER_ONLY_SETTINGS));
    expect(block).toContain("'((:model) (:logFile) (:feedback :postgresUrl) (:feedback :teamName) (:manpath))");
  });

  it('the VS Code extension sends the same user-only settings as initializationOptions', () => {
    expect(readFileSync(path.join(ROOT, 'clients/vscode/src/user-only.ts'), 'utf8'), FIX).toBe(vscodeUserOnly(manifest));
    expect(readFileSync(path.join(ROOT, 'clients/vscode/src/extension.ts'), 'utf8')).toContain('initializationOptions: () => userOnlySettings()');
  });
});
