import { describe, expect, it } from 'vitest';
import { buildDocsIndex } from '../../server/src/assist/ask.js';
import { passagesOf } from '../../server/src/assist/passages.js';
import { definitionsOf, nameAt } from '../../server/src/assist/definitions.js';

const docs = buildDocsIndex([
  ...passagesOf(
    'docs/configuration.md',
    '# Configuration\n\nSet `retries` in courier.toml; see below.\n\n## Options\n\n- `retries` (default: 3): how many times an upload is tried again.\n- **timeout**: how long one upload may take.\n\n```toml\nconcurrency = 4\n```\n',
  ),
  ...passagesOf('docs/api.md', '# API\n\n## upload()\n\nUploads the files given.\n'),
]);

describe('definitions of a name in the docs', () => {
  it('finds the line that defines a setting, not the lines that mention it', () => {
    expect(definitionsOf('retries', docs).map((d) => [d.path, d.lines[0], d.text])).toEqual([['docs/configuration.md', 7, '- `retries` (default: 3): how many times an upload is tried again.']]);
    expect(definitionsOf('timeout', docs).map((d) => d.lines[0])).toEqual([8]);
    expect(definitionsOf('concurrency', docs).map((d) => d.text)).toEqual(['concurrency = 4']);
    // a heading that is the name defines it: its first line is shown
    expect(definitionsOf('upload', docs).map((d) => [d.heading, d.text])).toEqual([['upload()', 'Uploads the files given.']]);
    expect(definitionsOf('courier', docs)).toEqual([]);
  });

  it('the name under the cursor: a code span in Markdown, a key or word in config files', () => {
    const md = 'Raise `retries` when uploads fail.';
    expect(nameAt(md, md.indexOf('retries') + 2, 'markdown')).toBe('retries');
    expect(nameAt(md, md.indexOf('uploads'), 'markdown')).toBeUndefined();
    const yaml = 'upload:\n  retries: 5\n';
    expect(nameAt(yaml, yaml.indexOf('retries') + 3, 'yaml')).toBe('retries');
    expect(nameAt(yaml, yaml.indexOf('5'), 'yaml')).toBeUndefined();
    expect(nameAt('{"timeout": 30}', 3, 'json')).toBe('timeout');
    expect(nameAt('retries = 2', 1, 'shellscript')).toBeUndefined();
  });
});
