import { describe, expect, it } from 'vitest';
import { ModelHolder } from '../../server/src/services/model-holder.js';
import { ModelError } from '../../server/src/model/errors.js';
import { FakeEditor } from '../support/fake-editor.js';

describe('the model holder against a fake editor (no connection)', () => {
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
});
