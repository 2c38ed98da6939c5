import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_MAN } from '../support/fixtures.js';
import { positionOf } from '../support/lsp-client.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv({ KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-idx-')), KIBITZ_INDEX_ON_START: '1' });

describe('background indexing and related passages in hovers', () => {
  let c: InProcessClient;
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-ws-'));
  beforeAll(async () => {
    writeFileSync(path.join(root, 'RELEASING.md'), '# Releasing\n\n## Archives\n\nRelease archives are made with tar and gzip compression, then uploaded.\n');
    c = new InProcessClient();
    c.workspaceSettings = { manpath: [FIXTURE_MAN], useManCommand: false };
    await c.initialize({
      initializationOptions: c.workspaceSettings,
      capabilities: { window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
      rootUri: 'file://' + root,
    });
  });
  afterAll(() => c.dispose());

  it('reports $/progress for the man and docs indexes, then hovers cite related passages', async () => {
    const progress = () => c.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as any).value);
    for (let i = 0; i < 250 && progress().filter((v) => v.kind === 'end').length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    const values = progress();
    expect(values.filter((v) => v.kind === 'begin').map((v) => v.title)).toEqual(['kibitz: indexing man pages', 'kibitz: indexing workspace docs']);
    expect(values.filter((v) => v.kind === 'end')).toHaveLength(2);
    expect(values.some((v) => v.kind === 'report' && typeof v.percentage === 'number')).toBe(true);

    const uri = 'file://' + root + '/release.sh';
    const text = 'tar -czf release.tgz dist\n';
    await c.open(uri, 'shellscript', text);
    const p = positionOf(text, 'release.tgz');
    let value = '';
    // the first hover starts loading the indexes; it never waits for them (man pages and docs load separately)
    for (let i = 0; i < 100 && !value.includes('RELEASING.md'); i++) {
      value = (await c.hover(uri, p.line, p.character)).contents.value;
      if (!value.includes('RELEASING.md')) await new Promise((r) => setTimeout(r, 50));
    }
    const related = value.split('**Related**')[1]!;
    expect(related).toContain('`RELEASING.md:3` Archives');
    // tar(1) is already cited as the source of the parts, so it is not repeated
    expect(related).not.toContain('tar(1)');
  });
});
