import path from 'node:path';
import { ROOT } from '../support/lsp-client.js';
import { editorScenario } from './scenario.js';
import { editorRun, runEditor } from './workspace.js';

// batch Emacs (28 on Debian) with Eglot 1.9 and clients/emacs/kibitz.el; sh-mode, dockerfile-mode, and
// magit's git-commit (whose buffers are text-mode with the git-commit minor mode)
editorScenario('batch Emacs with Eglot and clients/emacs', 'emacs', { script: 'sh-mode', dockerfile: 'dockerfile-mode', commit: 'text-mode' }, () => {
  const { env, out } = editorRun('emacs', 'emacs');
  return runEditor('emacs', ['--batch', '-Q', '-l', path.join(ROOT, 'test/editors/emacs/driver.el')], env, out, 100_000);
});
