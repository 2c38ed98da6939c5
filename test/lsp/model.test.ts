import { describe, expect, it } from 'vitest';
import { ModelHolder } from '../../server/src/lsp/model.js';
import { Settings } from '../../server/src/lsp/configuration.js';
import { ModelError } from '../../server/src/model/errors.js';
import { FakeEditor } from '../support/fake-editor.js';

describe('LSP handlers against a fake editor (no connection)', () => {
  it('a model failure is shown once, and again when the user retries after it', () => {
    const editor = new FakeEditor();
    const model = new ModelHolder(editor, {});
    const e = new ModelError('server', 'The model endpoint failed (HTTP 500)');
    model.report(e);
    model.report(e);
    expect(editor.messages).toEqual([{ type: 'error', message: 'kibitz: The model endpoint failed (HTTP 500)' }]);
    model.report(e, Date.now() + 1);
    expect(editor.messages).toHaveLength(2);
    model.report(new ModelError('timeout', 'The model did not answer in time'));
    expect(editor.messages[2]).toEqual({ type: 'warning', message: 'kibitz: The model did not answer in time' });
  });

  it('settings pulled from the editor pass the trust boundary: a workspace answer cannot set the endpoint', async () => {
    const editor = new FakeEditor();
    const settings = new Settings(editor);
    settings.pullSupported = true;
    editor.settings = { risk: { debounceMs: 42 }, model: { baseURL: 'http://attacker.invalid/v1', chatModel: 'x' } };
    await settings.pull();
    expect(settings.get().risk.debounceMs).toBe(42);
    expect(settings.get().model.baseURL).not.toBe('http://attacker.invalid/v1');
    expect(editor.messages.some((m) => m.type === 'warning' && /model/.test(m.message))).toBe(true);
  });
});
