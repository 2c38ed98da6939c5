import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportOpenAiChat } from '../../server/src/feedback/export.js';
import { SYSTEM_BY_KIND } from '../../server/src/assist/prompts.js';
import { EventLog } from '../../server/src/feedback/log.js';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { FIXTURE_MAN } from '../support/fixtures.js';
import { GitFixture } from '../support/git-fixtures.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';
import { leaked, SAMPLE_SECRETS } from '../support/secrets.js';

inProcessEnv();
const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });

/** Everything secret in text form: the secret itself and its JSON-escaped spelling. */
function holdsSecret(text: string): string[] {
  return SAMPLE_SECRETS.filter((s) => leaked(text, s.secret) || text.includes(JSON.stringify(s.secret).slice(1, -1))).map((s) => s.format);
}

const secretText = SAMPLE_SECRETS.map((s) => s.context(s.secret)).join('\n');
/** Self-identifying tokens that can be part of a branch name (`fix/ghp_…`). */
const branchable = SAMPLE_SECRETS.filter((s) => ['github-pat-classic', 'openai-key', 'huggingface-token'].includes(s.format));

async function until(pred: () => boolean, ms = 8000): Promise<void> {
  for (let i = 0; i < ms / 25 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe(`${SAMPLE_SECRETS.length} secret formats in documents, staged diffs, branch names and prompts`, () => {
  let c: InProcessClient;
  let g: GitFixture;
  const state = () => process.env.KIBITZ_STATE_DIR!;

  beforeAll(async () => {
    g = new GitFixture('secrets');
    g.commit('feat: first', { 'README.md': '# App\n' });
    g.git('checkout', '-q', '-b', `feature/${branchable.map((s) => s.secret).join('/')}`);
    g.stage({
      'deploy.sh': `#!/bin/bash\n${secretText
        .split('\n')
        .map((l) => `# ${l}`)
        .join('\n')}\nrm -rf $OUT/x\n`,
      'config/settings.yml': secretText,
      '.env': 'DB_PASSWORD=hunter2hunter2\n',
      'prod.env': 'API_TOKEN=abc123def456ghi789\n',
    });
    c = new InProcessClient();
    await c.initialize({
      rootUri: pathToFileURL(g.root).href,
      capabilities: {
        textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true }, completion: { completionItem: { snippetSupport: false } } },
        workspace: { configuration: true },
      },
      initializationOptions: {
        manpath: [FIXTURE_MAN],
        useManCommand: false,
        risk: { debounceMs: 10 },
        model: { baseURL: endpoint.fake.url, chatModel: 'fake-chat', cache: { enable: false } },
        actions: { custom: [{ name: 'Tidy', prompt: 'Tidy this up: {{selection}}' }] },
      },
    });
  });
  afterAll(() => c.dispose());

  it('none reaches the model, a feedback event, a few-shot example or an export, whatever the feature', async () => {
    endpoint.fake.handler = (req) => {
      const body = JSON.stringify(req.body);
      // every answer echoes the secrets back, as an obedient model would: they must not be stored either
      if (body.includes('replacement')) return { json: { replacement: `rm -rf "\${OUT:?}"/x # ${secretText.split('\n')[0]}\n` } };
      if (body.includes('doc comment')) return { json: { lines: ['Does it.'] } };
      if (body.includes('pull_request')) return { json: { title: 'Add the deploy script', body: `Uses ${secretText.split('\n')[3]}` } };
      if (body.includes('"command"')) return { json: { command: 'ls -la', summary: secretText.split('\n')[5]! } };
      if (body.includes('"subject"') || /commit/i.test(body)) return { json: { subject: 'feat: add the deploy script', body: secretText.split('\n')[7] } };
      return { json: { summary: 'Deletes the output folder.' } };
    };
    const uri = pathToFileURL(path.join(g.root, 'deploy.sh')).href;
    const text = readFileSync(path.join(g.root, 'deploy.sh'), 'utf8') + '# deploy with the key above\n';
    await c.open(uri, 'shellscript', text);
    const at = (needle: string) => {
      const before = text.slice(0, text.indexOf(needle)).split('\n');
      return { line: before.length - 1, character: before.at(-1)!.length };
    };
    const rmLine = at('rm -rf');
    const diag = { range: { start: rmLine, end: { line: rmLine.line, character: 6 } }, message: 'SC2115: use "${var:?}"', source: 'shellcheck' };
    const lists = [
      await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: rmLine, end: { line: rmLine.line, character: 13 } }, context: { diagnostics: [diag] } }),
      await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: at('deploy with'), end: at('deploy with') }, context: { diagnostics: [] } }),
    ] as any[][];
    const resolved: any[] = [];
    for (const a of lists.flat().filter((x) => x.data)) resolved.push(await c.conn.sendRequest('codeAction/resolve', a));
    // apply one, report it applied, save: every step writes feedback
    const r = resolved.find((x) => x.edit && x.command);
    const edits = r.edit.changes?.[uri] ?? r.edit.documentChanges[0].edits;
    await c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: edits.map((e: any) => ({ range: e.range, text: e.newText })) });
    await c.conn.sendRequest('workspace/executeCommand', r.command);
    expect(resolved.filter((x) => x.edit).length).toBeGreaterThanOrEqual(3);
    await c.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
    // a commit buffer: drafts from the staged diff and the branch
    const msg = pathToFileURL(path.join(g.root, '.git/COMMIT_EDITMSG')).href;
    await c.open(msg, 'gitcommit', '\n# Please enter the commit message\n');
    const list: any = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: msg }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
    expect(list.items.length).toBeGreaterThan(0);
    await c.conn.sendRequest('workspace/executeCommand', { command: 'kibitz.draftPullRequest', arguments: [{ root: g.root, base: 'main' }] });

    expect(endpoint.fake.chats.length).toBeGreaterThanOrEqual(4);
    const sent = endpoint.fake.requests.map((r) => r.raw).join('\n');
    if (process.env.DUMP_SENT) (await import('node:fs')).writeFileSync(process.env.DUMP_SENT, sent);
    expect(holdsSecret(sent)).toEqual([]);
    expect(sent).not.toContain('hunter2hunter2');
    expect(sent).not.toContain('abc123def456ghi789');

    await until(() => new EventLog(state()).read().some((e) => e.type === 'accepted'));
    const stored = readdirSync(state())
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(path.join(state(), f), 'utf8'))
      .join('\n');
    expect(stored.length).toBeGreaterThan(0);
    expect(holdsSecret(stored)).toEqual([]);

    // an export of corrected proposals whose texts held secrets
    const events = new EventLog(state()).read();
    const poisoned = events.map((e) => ({ ...e, type: 'edited' as const, input: secretText, final: secretText }));
    const exported = exportOpenAiChat(poisoned, SYSTEM_BY_KIND).lines.join('\n');
    expect(holdsSecret(exported)).toEqual([]);
  }, 60_000);
});
