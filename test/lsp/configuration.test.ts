import { describe, expect, it } from 'vitest';
import { Settings } from '../../server/src/lsp/configuration.js';
import { FakeEditor } from '../support/fake-editor.js';

describe('settings against a fake editor (no connection)', () => {
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
