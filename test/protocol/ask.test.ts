import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';

inProcessEnv();

describe('kibitz.ask over the protocol', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-askp-'));
  cpSync(path.resolve(import.meta.dirname, '../fixtures/ask/project'), root, { recursive: true });
  let c: InProcessClient;
  beforeAll(async () => {
    c = new InProcessClient();
    const init = await c.initialize({ rootUri: pathToFileURL(root).href });
    expect(init.capabilities.executeCommandProvider.commands).toContain('kibitz.ask');
  });
  afterAll(() => c.dispose());

  it('answers with Markdown whose links open the cited lines; says when the docs do not answer', async () => {
    const r = await c.conn.sendRequest<{ markdown: string; answer: { answered: boolean } }>('workspace/executeCommand', {
      command: 'kibitz.ask',
      arguments: [{ question: 'how do I run the integration tests?' }],
    });
    expect(r.answer.answered).toBe(true);
    expect(r.markdown).toContain(`[README.md:14-16](${pathToFileURL(path.join(root, 'README.md')).href}#L14)`);
    expect(r.markdown).toMatch(/The docs' own sentences\._$/);
    const no = await c.conn.sendRequest<{ markdown: string }>('workspace/executeCommand', { command: 'kibitz.ask', arguments: ['how do I deploy to kubernetes?'] });
    expect(no.markdown).toMatch(/^\*\*Not in these docs\.\*\*/);
    expect(await c.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.ask', arguments: [] })).toBeNull();
  });
});
