import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/lsp-client.js';
import { editorPresent, editorRun, hasProgram, runEditor } from './workspace.js';

/** The code block that follows `<!-- readme-test: NAME -->` in README.md, exactly as a user would copy it. */
export function readmeSnippet(name: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- readme-test: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!m) throw new Error(`README.md has no snippet marked readme-test: ${name}`);
  return m[1]!;
}

/** A PATH on which `kibitz` is this checkout, as `npm install -g .` from the README's quick start leaves it. */
function pathWithKibitz(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-bin-'));
  const shim = path.join(dir, 'kibitz');
  writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(shim, 0o755);
  return `${dir}:${process.env.PATH}`;
}

describe('README editor snippets, pasted as written', () => {
  it.runIf(editorPresent(hasProgram('nvim'), 'Neovim'))(
    'Neovim: the snippet attaches kibitz, hovers explain, a commit buffer offers drafts',
    async () => {
      const { env, out } = editorRun('nvim', 'neovim', { PATH: pathWithKibitz() });
      const init = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-init-')), 'init.lua');
      writeFileSync(init, readmeSnippet('neovim'));
      const { result, log } = await runEditor(
        'nvim',
        ['--headless', '-u', init, '-i', 'NONE', '-c', `luafile ${path.join(ROOT, 'test/editors/neovim/readme-driver.lua')}`],
        env,
        out,
        100_000,
        'nvim-readme',
      );
      expect(result.errors, log).toEqual([]);
      expect(result.steps.script).toMatchObject({ filetype: 'sh', attached: true });
      expect(result.steps.script.hover).toContain('tar');
      expect(result.steps.dockerfile).toMatchObject({ filetype: 'dockerfile', attached: true });
      expect(result.steps.dockerfile.hover).toContain('-z');
      expect(result.steps.commit).toMatchObject({ filetype: 'gitcommit', attached: true, omnifunc: 'v:lua.vim.lsp.omnifunc' });
      expect(result.steps.commit.completion.join('\n')).toMatch(/docs/);
      // no warning about settings on start (an empty Lua table reached the server as [] before)
      expect(log).not.toMatch(/must be an object/);
    },
    120_000,
  );

  it.runIf(editorPresent(hasProgram('emacs'), 'Emacs'))(
    'Emacs with Eglot: the snippet attaches kibitz, hovers explain, a commit buffer offers drafts',
    async () => {
      const { env, out } = editorRun('emacs', 'emacs', { PATH: pathWithKibitz() });
      const init = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-init-')), 'init.el');
      writeFileSync(init, readmeSnippet('emacs'));
      // no -Q: a user's Emacs, whose site-start activates the installed packages (Debian's elpa-*)
      const { result, log } = await runEditor('emacs', ['--batch', '-l', init, '-l', path.join(ROOT, 'test/editors/emacs/readme-driver.el')], env, out, 100_000, 'emacs-readme');
      expect(result.errors, log).toEqual([]);
      expect(result.steps.script).toMatchObject({ mode: 'sh-mode', attached: true });
      expect(result.steps.script.hover).toContain('tar');
      expect(result.steps.dockerfile).toMatchObject({ mode: 'dockerfile-mode', attached: true });
      expect(result.steps.dockerfile.hover).toContain('-z');
      expect(result.steps.commit).toMatchObject({ attached: true });
      expect(result.steps.commit.completion.join('\n')).toMatch(/docs/);
    },
    120_000,
  );
});
