import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/lsp-client.js';
import { editorScenario } from './scenario.js';
import { SERVER_CMD, editorEnv, editorWorkspace, runEditor } from './workspace.js';

// headless Neovim (0.7 on Debian) with clients/neovim's setup module and Neovim's own LSP client
editorScenario('headless Neovim with clients/neovim', 'nvim', { script: 'sh', dockerfile: 'dockerfile', commit: 'gitcommit' }, () => {
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
  return runEditor('nvim', ['--headless', '--clean', '-c', `luafile ${driver}`], env, out, 100_000);
});
