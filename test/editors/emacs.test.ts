import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/lsp-client.js';
import { editorScenario } from './scenario.js';
import { SERVER_CMD, editorEnv, editorWorkspace, runEditor } from './workspace.js';

// batch Emacs (28 on Debian) with Eglot 1.9 and clients/emacs/kibitz.el; sh-mode, dockerfile-mode, and
// magit's git-commit (whose buffers are text-mode with the git-commit minor mode)
editorScenario('batch Emacs with Eglot and clients/emacs', 'emacs', { script: 'sh-mode', dockerfile: 'dockerfile-mode', commit: 'text-mode' }, () => {
  const repo = editorWorkspace();
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-emacs-')), 'result.json');
  const env = editorEnv({
    KIBITZ_TEST_REPO: repo.root,
    KIBITZ_TEST_OUT: out,
    KIBITZ_CLIENT_DIR: path.join(ROOT, 'clients/emacs'),
    KIBITZ_SERVER_CMD: JSON.stringify(SERVER_CMD),
    HOME: mkdtempSync(path.join(tmpdir(), 'kibitz-emacs-home-')),
  });
  const driver = path.join(ROOT, 'test/editors/emacs/driver.el');
  return runEditor('emacs', ['--batch', '-Q', '-l', driver], env, out, 100_000);
});
