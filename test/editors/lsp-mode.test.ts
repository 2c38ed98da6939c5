import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/lsp-client.js';
import { expectAskedHelpfulAndFollowed } from './scenario.js';
import { askEvents, editorPresent, editorRun, hasProgram, runEditor } from './workspace.js';

// lsp-mode from Debian (elpa-lsp-mode, installed by .ci/run) with clients/emacs/kibitz-lsp.el
const ELPA = '/usr/share/emacs/site-lisp/elpa';
const present = editorPresent(hasProgram('emacs') && existsSync(ELPA) && readdirSync(ELPA).some((d) => d.startsWith('lsp-mode-')), 'emacs with elpa-lsp-mode');

describe.skipIf(!present)('batch Emacs with lsp-mode and clients/emacs/kibitz-lsp.el', () => {
  let r: any;
  beforeAll(async () => {
    const { env, out } = editorRun('lsp-mode', 'emacs');
    ({ result: r } = await runEditor('emacs', ['--batch', '-Q', '-l', path.join(ROOT, 'test/editors/emacs/lsp-mode-driver.el')], env, out, 100_000, 'lsp-mode'));
    r.steps = { ask: r.ask, askEvents: askEvents(env) };
  }, 120_000);

  it('attaches as an add-on client and hovers a flag with its man-page explanation', () => {
    expect(r.errors).toEqual([]);
    expect(r.attached).toBe(true);
    expect(r.hover).toMatch(/-x, --extract/);
  });

  it('sends the generated defcustoms as settings: the severity override turns the error into a warning', () => {
    expect(r.diagnostics).toEqual([{ code: 'git-push-force', severity: 2, line: 3 }]);
  });

  it('M-x kibitz-lsp-ask: the answer in a help buffer, marked helpful, its citation opened', () => {
    expect(r.ask.text).toBe('how do I rollback a deploy?\n\nPush the previous tag.\n  docs/deploy.md:7  (Rollback)\n\nDid this help?  Helpful  Not helpful\n');
    expectAskedHelpfulAndFollowed(r.steps);
  });

  it('applies the quick fix to the buffer', () => {
    expect(r.picked).toBe('Use --force-with-lease instead of --force');
    expect(r.after).toBe(r.before.replace('push --force origin', 'push --force-with-lease origin'));
  });
});
