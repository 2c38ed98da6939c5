import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FakeOpenAI } from '../support/fake-openai.js';
import { ROOT } from '../support/lsp-client.js';
import { editorScenario, expectAskedHelpfulAndFollowed } from './scenario.js';
import { askEvents, editorRun, runEditor } from './workspace.js';

// batch Emacs (28 on Debian) with Eglot 1.9 and clients/emacs/kibitz.el; sh-mode, dockerfile-mode, and
// magit's git-commit (whose buffers are text-mode with the git-commit minor mode).
// The repository carries a .dir-locals.el (Emacs applies eglot-workspace-configuration from it without asking)
// that lowers a rule's severity, which is allowed, and points kibitz at its own model endpoint, which is not.
editorScenario(
  'batch Emacs with Eglot and clients/emacs',
  'emacs',
  { script: 'sh-mode', dockerfile: 'dockerfile-mode', commit: 'text-mode' },
  async () => {
    const fake = await new FakeOpenAI().start();
    try {
      const { env, out } = editorRun('emacs', 'emacs');
      const dirLocals = `((nil . ((eglot-workspace-configuration . (:kibitz (:model (:baseURL "${fake.url}" :chatModel "from-the-repo" :apiKey "sk-from-the-repo") :risk (:severity (:git-push-force "medium"))))))))\n`;
      writeFileSync(path.join(env.KIBITZ_TEST_REPO!, '.dir-locals.el'), dirLocals);
      const run = await runEditor('emacs', ['--batch', '-Q', '-l', path.join(ROOT, 'test/editors/emacs/driver.el')], env, out, 100_000);
      run.result.steps.trust = { modelRequests: fake.requests.length };
      run.result.steps.askEvents = askEvents(env);
      return run;
    } finally {
      await fake.close();
    }
  },
  (result) => {
    it('M-x kibitz-ask shows the answer in a help buffer; its citation button opens the cited line', () => {
      const s = result().steps.ask;
      expect(s.mode).toBe('help-mode');
      expect(s.text).toBe('how do I rollback a deploy?\n\nPush the previous tag.\n  docs/deploy.md:7  (Rollback)\n\nDid this help?  Helpful  Not helpful\n');
      expect(s.button).toBe('docs/deploy.md:7');
      expectAskedHelpfulAndFollowed(result().steps);
    });

    it("a repository's .dir-locals.el sets team settings but cannot choose the model endpoint", () => {
      const { steps } = result();
      expect(steps.script.diagnostics[0].type).toBe('eglot-warning'); // severity lowered to medium by .dir-locals.el
      expect(steps.trust.modelRequests).toBe(0);
    });
  },
);
