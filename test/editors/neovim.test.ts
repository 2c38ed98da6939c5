import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lsp-client.js';
import { SERVER_CMD, editorEnv, editorWorkspace, hasProgram, runEditor } from './workspace.js';

// CI installs neovim (.ci/run); on a developer machine without it these tests are skipped, in CI they must run.
const present = hasProgram('nvim');
if (!present && process.env.CI) throw new Error('CI must have neovim installed (.ci/run installs it)');

describe.skipIf(!present)('headless Neovim with clients/neovim', () => {
  let r: any;
  let log = '';

  beforeAll(async () => {
    const repo = editorWorkspace();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-nvim-')), 'result.json');
    const env = editorEnv({
      KIBITZ_TEST_REPO: repo.root,
      KIBITZ_TEST_OUT: out,
      KIBITZ_CLIENT_DIR: path.join(ROOT, 'clients/neovim'),
      KIBITZ_SERVER_CMD: JSON.stringify(SERVER_CMD),
      XDG_CONFIG_HOME: mkdtempSync(path.join(tmpdir(), 'kibitz-nvim-config-')),
      XDG_DATA_HOME: mkdtempSync(path.join(tmpdir(), 'kibitz-nvim-data-')),
    });
    const driver = path.join(ROOT, 'test/editors/neovim/driver.lua');
    ({ result: r, log } = await runEditor('nvim', ['--headless', '--clean', '-c', `luafile ${driver}`], env, out, 100_000));
  }, 120_000);

  afterAll(() => {
    if (r?.errors?.length) console.error('neovim driver errors:', r.errors, log.slice(-2000));
  });

  it('runs every step without a Lua error', () => {
    expect(r.errors).toEqual([]);
  });

  it('shell script: attaches, hovers a bundled flag from tar(1), shows the risk, applies the quick fix', () => {
    const s = r.steps.script;
    expect(s.filetype).toBe('sh');
    expect(s.attached).toBe(true);
    expect(s.hover).toMatch(/-x, --extract/);
    expect(s.hover).toMatch(/tar\(1\)/);
    expect(s.diagnostics).toEqual([expect.objectContaining({ code: 'git-push-force', lnum: 3, col: 9 })]);
    expect(s.diagnostics[0].message).toContain('--force');
    expect(s.action.picked).toContain('--force-with-lease');
    expect(s.action.after).toBe(s.action.before.replace('git push --force origin', 'git push --force-with-lease origin'));
  });

  it('Dockerfile: hover inside RUN, pipe-to-shell diagnostic, download-then-verify fix', () => {
    const s = r.steps.dockerfile;
    expect(s.filetype).toBe('dockerfile');
    expect(s.attached).toBe(true);
    expect(s.hover).toMatch(/-z, --gzip/);
    expect(s.diagnostics).toEqual([expect.objectContaining({ code: 'pipe-to-shell', lnum: 2 })]);
    expect(s.action.picked).toContain('verify its checksum');
    expect(s.action.after).toBe(s.action.before.replace('install.sh | sh', 'install.sh -o install.sh && echo "<sha256 published for this file>  install.sh" | sha256sum --check - && sh install.sh'));
  });

  it('COMMIT_EDITMSG: completion offers a whole-message draft for the staged change', () => {
    const s = r.steps.commit;
    expect(s.filetype).toBe('gitcommit');
    expect(s.attached).toBe(true);
    const drafts = s.completion.filter((i: any) => /^docs/.test(i.text ?? ''));
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts[0].text).toMatch(/^docs(\([^)]*\))?: /);
  });
});
