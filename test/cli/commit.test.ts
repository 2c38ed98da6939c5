import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conventionalRepo } from '../support/git-fixtures.js';
import { BIN, cleanEnv, runCli } from '../support/lsp-client.js';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SAMPLE_SECRETS } from '../support/secrets.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });
const env = (model = false) => ({
  ...cleanEnv(),
  KIBITZ_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'kibitz-cm-')),
  ...(model ? { KIBITZ_MODEL: 'fake-chat', KIBITZ_BASE_URL: endpoint.fake.url } : {}),
});
const run = (args: string[], model = false) => runCli(args, env(model));

describe('kibitz commit-msg', () => {
  it('--json prints the drafts for the staged change with their source', async () => {
    const g = conventionalRepo().stage({ 'packages/api/src/coupons.ts': 'export function applyCoupon() {}\n' });
    const r = await run(['commit-msg', '--json', '--repo', g.root]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.style).toBe('conventional');
    expect(j.drafts.map((d: { source: string }) => d.source)).toContain('offline');
    expect(j.drafts.find((d: { source: string }) => d.source === 'offline').message.split('\n')[0]).toBe('feat(api): add applyCoupon');
  });

  it('with a model: few-shot examples from the history in the request, secrets absent, the model draft first', async () => {
    const secret = SAMPLE_SECRETS.find((s) => s.format === 'openai-key')!.secret;
    const g = conventionalRepo().stage({ 'packages/api/src/pay.ts': `export const key = "${secret}";\nexport function pay() {}\n`, '.env': `OPENAI_API_KEY=${secret}\n` });
    endpoint.fake.reply({ json: { subject: 'feat(api): add the payment entry point.', body: 'Adds pay().' } });
    const r = await run(['commit-msg', '--json', '--repo', g.root], true);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.drafts[0]).toEqual({ message: 'feat(api): add the payment entry point\n\nAdds pay().', source: 'model' });
    expect(j.secrets.map((s: { path: string }) => s.path).sort()).toEqual(['.env', 'packages/api/src/pay.ts']);
    const sent = endpoint.fake.chats[0]!.raw;
    expect(sent).toContain('fix(api): handle empty cart');
    expect(sent).toContain('refactor(api): split the order module');
    expect(sent).not.toContain(secret);
    expect(sent).toContain('.env (secret-file)');
    expect(r.stderr).toContain('staged .env looks like it contains a secret');
  });

  it.each([
    ['a markdown fence', '```json\n{"subject": "feat(api): add the coupon code.", "body": ""}\n```'],
    ['a reasoning block', '<think>The diff adds {applyCoupon}. Type: feat.</think>\n{"subject": "feat(api): add the coupon code.", "body": ""}'],
    ['an explanation after the answer', '{"subject": "feat(api): add the coupon code.", "body": ""}\n\nI used feat because a {function} was added.'],
  ])('answers written the way model families write them (%s) are parsed and repaired to the style', async (_kind, text) => {
    const g = conventionalRepo().stage({ 'packages/api/src/coupon.ts': 'export function applyCoupon() {}\n' });
    endpoint.fake.reply({ text });
    const r = await run(['commit-msg', '--json', '--repo', g.root], true);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).drafts[0]).toEqual({ message: 'feat(api): add the coupon code', source: 'model' });
    // the prompt carries the learned style and the offline guess
    const sent = endpoint.fake.chats[0]!.raw;
    expect(sent).toContain('Types by frequency:');
    expect(sent).toContain("kibitz's offline guess");
  });

  it('outside a repository: a clear error', async () => {
    const r = await run(['commit-msg', '--repo', tmpdir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not inside a git repository');
  });
});

describe('kibitz hook install', () => {
  it('adds the drafts as comments to a normal commit, records which was kept, and stays out of -m commits', async () => {
    const g = conventionalRepo();
    const state = mkdtempSync(path.join(tmpdir(), 'kibitz-hookstate-'));
    const hookEnv = { ...env(), KIBITZ_STATE_DIR: state };
    const r = spawnSync(process.execPath, [BIN, 'hook', 'install', '--repo', g.root], { env: hookEnv, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('post-commit');
    g.stage({ 'docs/faq.md': '# FAQ\n' });
    // an editor that keeps the first draft: uncomment the first kibitz line
    const editor = `sh -c 'msg=$(grep -m1 "^# docs: add" "$1" | sed "s/^# //"); printf "%s\\n" "$msg" > "$1.new"; cat "$1" >> "$1.new"; mv "$1.new" "$1"' -`;
    const c = spawnSync('git', ['-C', g.root, 'commit', '-q'], { env: { ...hookEnv, GIT_EDITOR: editor }, encoding: 'utf8' });
    expect(c.status, c.stderr).toBe(0);
    expect(g.git('log', '-1', '--format=%s')).toBe('docs: add FAQ in faq.md\n');
    // the drafts were recorded as offered, and the one committed as accepted, with what was committed
    const events = readFileSync(path.join(state, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.filter((e) => e.type === 'offered' && e.feature === 'commit').length).toBeGreaterThanOrEqual(2);
    const settled = events.find((e) => e.type === 'kept' || e.type === 'edited');
    expect(settled).toMatchObject({ feature: 'commit', final: 'docs: add FAQ in faq.md' });
    expect(events.some((e) => e.type === 'accepted' && e.proposal === settled.proposal)).toBe(true);
    g.stage({ 'docs/more.md': '# More\n' });
    spawnSync('git', ['-C', g.root, 'commit', '-q', '-m', 'docs: by hand'], { env: env(), encoding: 'utf8' });
    expect(g.git('log', '-1', '--format=%B').trim()).toBe('docs: by hand');
    expect(readFileSync(path.join(g.root, '.git/hooks/prepare-commit-msg'), 'utf8')).toContain('case "$2" in merge|squash|commit|message) exit 0');
  });
});

describe('kibitz pr-draft', () => {
  it('title and description from the branch against main, following the PR template', async () => {
    const g = conventionalRepo();
    g.commit('chore: add a PR template', { '.github/pull_request_template.md': '## Summary\n\n<!-- what and why -->\n\n## Testing\n\n- [ ] tests pass\n' });
    g.git('checkout', '-q', '-b', 'feature/SHOP-12-gift-cards');
    g.commit('feat(api): add gift card balance', { 'packages/api/src/gift.ts': 'export function balance() {}\n' });
    g.commit('test(api): cover gift card balance', { 'packages/api/test/gift.test.ts': 'test("g", () => {});\n' });
    const r = await run(['pr-draft', '--json', '--repo', g.root]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ base: 'main', commits: 2, source: 'offline', title: 'Gift cards' });
    expect(d.body).toContain('## Summary\n\n- feat(api): add gift card balance\n- test(api): cover gift card balance');
    expect(d.body).toContain('## Testing\n\n- packages/api/test/gift.test.ts');
    expect(d.body).toContain('- [ ] tests pass');
    expect(d.body).not.toContain('<!--');
  });
});
