import { describe, expect, it } from 'vitest';
import { CommitAssistant, stagedSecrets } from '../../server/src/git/assistant.js';
import { budgetDiff } from '../../server/src/git/budget.js';
import { describeChange, formatMessage } from '../../server/src/git/deterministic.js';
import { parseDiff } from '../../server/src/git/diff.js';
import { recentCommits } from '../../server/src/git/history.js';
import { repairMessage, wrapBody } from '../../server/src/git/repair.js';
import { stagedChange } from '../../server/src/git/repo.js';
import { learnStyle, scopeFor, ticketFromBranch } from '../../server/src/git/style.js';
import { conventionalRepo, GitFixture, plainRepo } from '../support/git-fixtures.js';

const offlineAssistant = () => new CommitAssistant({});

describe('style learned from history', () => {
  it('conventional monorepo: types by frequency and the path -> scope map', async () => {
    const g = conventionalRepo();
    const style = learnStyle(await recentCommits(g.root));
    expect(style.kind).toBe('conventional');
    expect(style.types.slice(0, 2)).toEqual(['feat', 'fix']);
    expect(scopeFor(style, ['packages/api/src/new.ts'])).toBe('api');
    expect(scopeFor(style, ['packages/web/src/x.tsx', 'packages/web/src/y.tsx'])).toBe('web');
    expect(style.capitalized).toBe(false);
  });

  it('plain history: capitalised subjects, no prefix; team config can force a style', async () => {
    const g = plainRepo();
    const history = await recentCommits(g.root);
    expect(learnStyle(history)).toMatchObject({ kind: 'plain', capitalized: true });
    expect(learnStyle(history, { style: 'gitmoji', maxSubject: 50 })).toMatchObject({ kind: 'gitmoji', maxSubject: 50 });
  });

  it("a scope once used under a path in a mostly unscoped history is not that path's scope", () => {
    const past = (subject: string, i: number) => ({ hash: `h${i}`, subject, body: '', author: 'a', files: ['lib/request.js'] });
    const subjects = ['fix(validation): keep coerced values', ...Array.from({ length: 11 }, (_, i) => `fix: handle case ${i}`)];
    expect(scopeFor(learnStyle(subjects.map(past)), ['lib/request.js'])).toBeUndefined();
    // where most commits under the path carry the scope, it is the path's scope
    const scoped = [...Array.from({ length: 4 }, (_, i) => `fix(request): case ${i}`), ...subjects.slice(1, 9)];
    expect(scopeFor(learnStyle(scoped.map(past)), ['lib/request.js'])).toBe('request');
  });

  it('tickets come from branch names', () => {
    expect(ticketFromBranch('feature/SHOP-142-refunds')).toBe('SHOP-142');
    expect(ticketFromBranch('fix/88-empty-cart')).toBe('#88');
    expect(ticketFromBranch('main')).toBeUndefined();
  });
});

describe('offline drafts from the staged change', () => {
  it.each([
    ['docs-only', { 'docs/install.md': '# Install\n' }, 'docs: add install.md'],
    ['tests-only', { 'packages/api/test/refunds.test.ts': 'test("r", () => {});\n' }, 'test(api): add tests for refunds'],
    ['new feature with a symbol', { 'packages/api/src/coupons.ts': 'export function applyCoupon(code: string) {\n  return code;\n}\n' }, 'feat(api): add applyCoupon'],
    ['ci-only', { '.github/workflows/release.yml': 'on: tag\n' }, 'ci: update release workflow'],
  ])('%s', async (_name, files, subject) => {
    const g = conventionalRepo().stage(files);
    const d = await offlineAssistant().draftsFor(g.root, { useModel: false });
    expect(d.drafts.find((x) => x.source === 'offline')!.message.split('\n')[0]).toBe(subject);
  });

  it('a rename-only change is a refactor that names both paths', async () => {
    const g = conventionalRepo();
    g.git('mv', 'packages/web/src/price.ts', 'packages/web/src/money.ts');
    const d = await offlineAssistant().draftsFor(g.root, { useModel: false });
    expect(d.drafts.find((x) => x.source === 'offline')!.message.split('\n')[0]).toBe('refactor(web): rename price.ts to money.ts');
  });

  it('a fix in an existing function; plain style follows the history; Refs from the branch', async () => {
    const g = plainRepo();
    g.git('checkout', '-q', '-b', 'fix/TOOL-7-empty-config');
    g.stage({ 'src/config.c': 'int parse_config(void) {\n  if (1) return 2;\n  return 1;\n}\n' });
    const d = await offlineAssistant().draftsFor(g.root, { useModel: false });
    const msg = d.drafts.find((x) => x.source === 'offline')!.message;
    expect(msg.split('\n')[0]).toMatch(/^Fix /);
    expect(msg).toContain('- src/config.c: modified');
    expect(msg.trimEnd().endsWith('Refs: TOOL-7')).toBe(true);
  });

  it('similar past commits give a second draft adapted to this change', async () => {
    const g = conventionalRepo().stage({ 'packages/web/src/cart.tsx': 'export function Cart() { return "kept"; }\n' });
    const d = await offlineAssistant().draftsFor(g.root, { useModel: false });
    const similar = d.drafts.find((x) => x.source === 'similar-commits');
    expect(similar, JSON.stringify(d.drafts)).toBeDefined();
    expect(similar!.message).toMatch(/^fix\(web\): /);
  });

  it("no draft carries a neighbour's ticket key: the similar-commits draft takes its words only", async () => {
    const g = new GitFixture('tickets');
    ['SHOP-1: Keep the cart after login', 'SHOP-2: Keep the cart total', 'SHOP-3: Add refunds', 'SHOP-4: Keep the cart items'].forEach((m, i) =>
      g.commit(m, { 'src/cart.ts': `export const cart${i} = ${i};\n` }),
    );
    g.stage({ 'src/cart.ts': 'export const cart = 9;\n' });
    const d = await offlineAssistant().draftsFor(g.root, { useModel: false });
    expect(d.drafts.length).toBeGreaterThan(0);
    for (const x of d.drafts) expect(x.message.split('\n')[0]).toMatch(/^SHOP-XXXX: (?!SHOP|Shop)/);
  });

  it('nothing staged: no drafts', async () => {
    expect((await offlineAssistant().draftsFor(conventionalRepo().root, { useModel: false })).drafts).toEqual([]);
  });
});

describe('diff budget', () => {
  it('drops lockfiles (5 MB), binaries and secret files by name, never silently; redacts; summarises what does not fit', async () => {
    const g = conventionalRepo();
    const lock = JSON.stringify({
      packages: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`node_modules/p${i}`, { version: '1.0.0', resolved: `https://registry.example/p${i}.tgz` }])),
    });
    expect(lock.length).toBeGreaterThan(5_000_000);
    g.stage({
      'package-lock.json': lock,
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 0xff]),
      '.env': 'STRIPE_KEY=sk_live_' + 'a1B2c3D4e5F6g7H8i9J0kLmN\n',
      'packages/api/src/pay.ts': 'export function pay() {\n  const key = "ghp_' + 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ";\n  return key;\n}\n',
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`packages/web/test/big${i}.test.ts`, Array.from({ length: 80 }, (_, j) => `export const v${j} = ${j};`).join('\n') + '\n'])),
    });
    const change = await stagedChange(g.root);
    const b = budgetDiff(change.files, 12_000);
    expect(b.dropped).toEqual(
      expect.arrayContaining([
        { path: 'package-lock.json', reason: 'lockfile' },
        { path: 'assets/logo.png', reason: 'binary' },
        { path: '.env', reason: 'secret-file' },
      ]),
    );
    expect(b.text).toContain('- package-lock.json (lockfile)');
    expect(b.text).not.toContain('registry.example');
    expect(b.text).not.toContain('sk_live_');
    expect(b.text).not.toContain('ghp_a1B2');
    expect(b.secrets['github-token']).toBe(1);
    expect(b.included[0]).toBe('packages/api/src/pay.ts');
    expect(b.summarized.length).toBeGreaterThan(0);
    for (const f of b.summarized) expect(b.text).toContain(`- ${f}: added, +80 -0`);
    expect(b.text.length).toBeLessThan(16_000);
    expect(
      stagedSecrets(change.files)
        .map((s) => s.path)
        .sort(),
    ).toEqual(['.env', 'packages/api/src/pay.ts']);
  });

  it('parses renames, binaries and new files', () => {
    const files = parseDiff(
      [
        'diff --git a/a.txt b/b.txt',
        'similarity index 100%',
        'rename from a.txt',
        'rename to b.txt',
        'diff --git a/x.png b/x.png',
        'new file mode 100644',
        'Binary files /dev/null and b/x.png differ',
        '',
      ].join('\n'),
    );
    expect(files).toEqual([
      expect.objectContaining({ path: 'b.txt', oldPath: 'a.txt', status: 'renamed', added: 0, removed: 0 }),
      expect.objectContaining({ path: 'x.png', status: 'added', binary: true }),
    ]);
  });
});

describe('repair', () => {
  const style = learnStyle([]);
  it('keeps the subject within the limit, drops the trailing period, fixes unknown types, wraps the body at 72, strips invisible characters', () => {
    const long = 'feature: ' + 'make the checkout page remember the selected shipping method across reloads and tabs.';
    const out = repairMessage(`${long}\n\n${'This body line is deliberately very long so that it has to be wrapped by the repair step at seventy-two columns.'}\u200B`, {
      ...style,
      kind: 'conventional',
    })!;
    const [subject, blank, ...body] = out.split('\n');
    expect(subject!.length).toBeLessThanOrEqual(72);
    expect(subject!.startsWith('chore: make the checkout')).toBe(true);
    expect(subject!.endsWith('.')).toBe(false);
    expect(blank).toBe('');
    expect(body.every((l) => l.length <= 72)).toBe(true);
    expect(out).not.toContain('\u200B');
  });

  it('wrapBody leaves trailers and code alone and hang-indents bullets', () => {
    const w = wrapBody(`- ${'word '.repeat(30).trim()}\n    code line that is long ${'x'.repeat(80)}\nSigned-off-by: A Very Long Name Indeed <a.very.long.email.address.that.goes.on@example.com>`, 40);
    const lines = w.split('\n');
    expect(lines[1]!.startsWith('  word')).toBe(true);
    expect(w).toContain(`    code line that is long ${'x'.repeat(80)}`);
    expect(lines.at(-1)!.startsWith('Signed-off-by: A Very Long Name')).toBe(true);
  });

  it('formatMessage: gitmoji and ticket prefixes', () => {
    const facts = describeChange(parseDiff('diff --git a/docs/a.md b/docs/a.md\nnew file mode 100644\n@@ -0,0 +1 @@\n+# A\n'), style, 'docs/SHOP-9-a');
    expect(formatMessage(facts, { ...style, kind: 'gitmoji' }, { body: false }).split('\n')[0]).toBe('📝 add a.md');
    expect(formatMessage(facts, { ...style, kind: 'plain', capitalized: true, ticket: 'colon' }, { body: false })).toBe('SHOP-9: Add a.md');
  });
});

describe('a fresh repository', () => {
  it('works without history: default style, offline draft', async () => {
    const g = new GitFixture('fresh').stage({ 'hello.sh': '#!/bin/sh\necho hi\n' });
    const d = await offlineAssistant().draftsFor(g.root, { useModel: false });
    expect(d.style.learnedFrom).toBe(0);
    expect(d.drafts[0]!.message.split('\n')[0]).toBe('feat: add hello');
  });
});
