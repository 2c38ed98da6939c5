import { describe, expect, it } from 'vitest';
import { composeDraft } from '../../server/src/git/compose.js';
import { fileKind } from '../../server/src/git/features.js';
import { bumps, versionChange } from '../../server/src/git/compose-versions.js';
import { continuations, vocabulary } from '../../server/src/git/continue.js';
import { parseDiff } from '../../server/src/git/diff.js';
import { HistoryCache } from '../../server/src/git/history-cache.js';
import { parseLog, parseLogAsync, recentCommits, type PastCommit } from '../../server/src/git/history.js';
import { learnRepo, learnRepoAsync } from '../../server/src/git/learn.js';
import { extractJson } from '../../server/src/model/structured.js';
import { cutMidPhrase, stripped } from '../../eval/commits.js';
import { GitFixture } from '../support/git-fixtures.js';

/** A history written for these tests: `n` commits of each kind, newest first. */
function history(spec: [string, string[], { added?: number; removed?: number; status?: 'added' }?][], times = 8): PastCommit[] {
  const out: PastCommit[] = [];
  for (let k = 0; k < times; k++) {
    spec.forEach(([subject, files, st], i) => {
      out.push({
        hash: `${k}${i}`.padEnd(40, '0'),
        subject,
        body: '',
        author: 'a',
        files,
        stats: files.map((path) => ({ path, added: st?.added ?? 5, removed: st?.removed ?? 2, ...(st?.status ? { status: st.status } : {}) })),
      });
    });
  }
  return out;
}

const diff = (...files: [string, string[], 'added'?][]) =>
  parseDiff(
    files
      .map(
        ([p, lines, status]) =>
          `diff --git a/${p} b/${p}\n${status === 'added' ? 'new file mode 100644\n' : ''}--- a/${p}\n+++ b/${p}\n@@ -1,3 +1,3 @@ function ignoredContext() {\n${lines.join('\n')}\n`,
      )
      .join(''),
  );

const CONV = history([
  ['fix(router): handle trailing slashes', ['packages/router/src/match.ts']],
  ['feat(router): add route groups', ['packages/router/src/groups.ts'], { added: 40, removed: 0, status: 'added' }],
  ['docs: describe route groups', ['docs/routing.md']],
  ['test(router): cover trailing slashes', ['packages/router/test/match.test.ts']],
  ['chore(deps): update dependency vite to v7.1.2 (main)', ['package.json', 'pnpm-lock.yaml']],
  ['fix(cli): keep the port flag', ['packages/cli/src/args.ts']],
  ['ci: cache the pnpm store', ['.github/workflows/ci.yml']],
  ['chore(release): v3.1.0', ['package.json', 'CHANGELOG.md']],
]);

describe('learning a repository from its history', () => {
  const model = learnRepo(CONV);

  it('types and scopes from where changes are; verbs by type; release and bump formats', () => {
    expect(model.type.predict(['k:doc', 'only:doc', 't:docs'])[0]!.label).toBe('docs');
    expect(model.scope.predict(['t:packages', 't2:packages/cli', 'd:cli'])[0]!.label).toBe('cli');
    expect(model.verbs.get('fix')![0]).toBe('handle');
    expect(model.release).toBe('chore(release): v{version}');
    expect(model.bump).toBe('chore(deps): update dependency {name} to v{to} (main)');
  });

  it('the async learner gives the same model, in slices', async () => {
    const slow = await learnRepoAsync(CONV, {}, 5);
    expect(slow.type.labels()).toEqual(model.type.labels());
    expect(slow.release).toBe(model.release);
  });

  it("drafts a release with the version the change sets, in the repository's release format", () => {
    const d = composeDraft(diff(['package.json', ['-  "version": "3.1.0",', '+  "version": "3.2.0",']], ['CHANGELOG.md', ['+## 3.2.0']]), model);
    expect(d.subject).toBe('chore(release): v3.2.0');
    expect(versionChange(diff(['crates/ignore/Cargo.toml', ['-version = "0.4.1"', '+version = "0.4.2"']]))).toEqual({ version: '0.4.2', name: 'ignore' });
    // the package's own name when the hunk shows it; a version under a dependency table is no release
    expect(versionChange(diff(['crates/searcher/Cargo.toml', [' [package]', ' name = "grep-searcher"', '-version = "0.1.16"', '+version = "0.1.17"']]))).toEqual({
      version: '0.1.17',
      name: 'grep-searcher',
    });
    expect(versionChange(diff(['Cargo.toml', [' [dependencies.jemalloc]', '-version = "0.6.0"', '+version = "0.7.0"']]))).toBeUndefined();
  });

  it('a workspace member is released in the form the history gives named packages, the root in its own', () => {
    const m = learnRepo(
      history([
        ['15.1.0', ['Cargo.toml', 'Cargo.lock']],
        ['globset-0.4.19', ['crates/globset/Cargo.toml', 'Cargo.lock']],
        ['fix: keep the order', ['crates/core/main.rs']],
      ]),
    );
    expect(m.release).toBe('{version}');
    expect(m.releaseNamed).toBe('{name}-{version}');
    const member = diff(['crates/ignore/Cargo.toml', [' [package]', ' name = "ignore"', '-version = "0.4.29"', '+version = "0.4.30"']], ['Cargo.lock', ['-x', '+y']]);
    expect(composeDraft(member, m).subject).toBe('ignore-0.4.30');
    const root = diff(['Cargo.toml', [' [package]', ' name = "ripgrep"', '-version = "15.1.0"', '+version = "15.2.0"']], ['Cargo.lock', ['-x', '+y']]);
    expect(composeDraft(root, m).subject).toBe('15.2.0');
  });

  it('reads bumps in go.mod and pnpm catalogs; a bump with a few adapted lines is still a bump', () => {
    expect(
      bumps(diff(['go.mod', ['-\tgolang.org/x/net v0.30.0', '+\tgolang.org/x/net v0.31.0', '-require golang.org/x/sys v0.1.0 // indirect', '+require golang.org/x/sys v0.2.0 // indirect']])),
    ).toEqual([
      { name: 'golang.org/x/net', from: '0.30.0', to: '0.31.0' },
      { name: 'golang.org/x/sys', from: '0.1.0', to: '0.2.0' },
    ]);
    expect(bumps(diff(['pnpm-workspace.yaml', ['-  rolldown: "1.2.3"', '+  rolldown: "1.2.4"', '-    vite: ^8.2.0', '+    vite: ^8.2.1']])).map((b) => `${b.name} ${b.to}`)).toEqual([
      'rolldown 1.2.4',
      'vite 8.2.1',
    ]);
    // a workflow's settings are not dependencies
    expect(bumps(diff(['.github/workflows/ci.yml', ['-      node-version: "20"', '+      node-version: "22"']]))).toEqual([]);
    const adapted = diff(
      ['package.json', ['-    "undici": "^7.11.0",', '+    "undici": "^8.0.0",']],
      ['test/server.test.js', ['-const { Agent } = require("undici")', '+const { Agent } = require("undici/agent")']],
    );
    expect(composeDraft(adapted, model).subject).toMatch(/undici.*8\.0\.0/);
  });

  it("two packages by name, more in the words of the history's own many-package updates; Maven plugins and coordinates", () => {
    const renovate = learnRepo(
      history([
        ['chore(deps): update dependency vitest to v3.2.4 (main)', ['package.json', 'pnpm-lock.yaml']],
        ['chore(deps): update all non-major dependencies (main)', ['package.json', 'pnpm-lock.yaml']],
        ['fix(kit): keep the order', ['packages/kit/src/a.ts']],
      ]),
    );
    expect(renovate.bumpMany).toBe('chore(deps): update all non-major dependencies (main)');
    const two = diff(['pnpm-workspace.yaml', ['-  vite: "8.2.0"', '+  vite: "8.2.1"', '-  rolldown: "1.2.3"', '+  rolldown: "1.2.4"']], ['pnpm-lock.yaml', ['-x', '+y']]);
    expect(composeDraft(two, renovate).subject).toBe('chore(deps): update vite and rolldown (main)');
    const three = diff(
      ['package.json', ['-    "a": "^1.0.0",', '+    "a": "^1.1.0",', '-    "b": "^2.0.0",', '+    "b": "^2.1.0",', '-    "c": "^3.0.0",', '+    "c": "^3.1.0",']],
      ['pnpm-lock.yaml', ['-x', '+y']],
    );
    expect(composeDraft(three, renovate).subject).toBe('chore(deps): update all non-major dependencies (main)');
    // a plugin's own <version> is a bump of that plugin, not a release of the project
    const plugin = diff(['pom.xml', ['       <plugin>', '         <artifactId>dependency-check-maven</artifactId>', '-        <version>12.1.0</version>', '+        <version>12.1.6</version>']]);
    expect(versionChange(plugin)).toBeUndefined();
    expect(bumps(plugin)).toEqual([{ name: 'dependency-check-maven', from: '12.1.0', to: '12.1.6' }]);
    const maven = learnRepo(
      history([
        ['Bump com.fasterxml.jackson.core:jackson-core from 2.15.2 to 2.18.1', ['pom.xml']],
        ['Fix the session timeout', ['src/Session.java']],
      ]),
    );
    expect(maven.bump).toBe('Bump {name} from {from} to {to}');
  });

  it('several dependencies moved the way a routine past commit moved them: its words', () => {
    const routine = learnRepo(
      history([
        ['go.mod: update golang.org/x dependencies', ['go.mod', 'go.sum']],
        ['http2: fix a race', ['http2/transport.go']],
      ]),
    );
    const change = diff(['go.mod', ['-\tgolang.org/x/net v0.30.0', '+\tgolang.org/x/net v0.31.0', '-\tgolang.org/x/text v0.1.0', '+\tgolang.org/x/text v0.2.0']], ['go.sum', ['-a', '+b']]);
    expect(composeDraft(change, routine)).toMatchObject({ subject: 'go.mod: update golang.org/x dependencies', label: expect.stringContaining('the same kind of change') });
  });

  it("drafts a dependency bump in the repository's phrasing, with this change's package and version", () => {
    const d = composeDraft(diff(['package.json', ['-    "vitest": "^3.2.0"', '+    "vitest": "^3.2.4"']], ['pnpm-lock.yaml', ['-x', '+y']]), model);
    expect(d.subject).toBe('chore(deps): update dependency vitest to v3.2.4 (main)');
  });

  it('builds the subject from what changed: a new function, in the right package; never from hunk headers', () => {
    const d = composeDraft(diff(['packages/cli/src/serve.ts', ['+export function servePreview(port: number) {', '+  return port;', '+}']]), model);
    expect(d.subject).toMatch(/^\w+\(cli\): add servePreview/);
    expect(d.subject).not.toContain('ignoredContext');
    expect(d.label).toContain('learned from history');
  });

  it('a change that removes things is a refactor where the history uses the type, not a fix or a feature', () => {
    const withRefactor = learnRepo([...CONV, ...history([['refactor(router): split the matcher', ['packages/router/src/match.ts']]], 2)]);
    // (it also adds lines, so it is not only a deletion)
    const removal = diff(['packages/router/src/legacy.ts', ['-export function legacyMatch(path: string) {', '-  return path;', '-}', '+// matching lives in match.ts now', '+// (see matchRoute)']]);
    expect(composeDraft(removal, withRefactor).subject).toMatch(/^refactor(\(router\))?: remove legacyMatch/);
    // without refactor in the history, the learned type stays
    expect(composeDraft(removal, model).subject).not.toMatch(/^refactor/);
  });

  it("never borrows a neighbour's ticket key, pull request number or version", () => {
    const h = history([
      ['ZK-42: Bump commons-io to 2.16.1 (#99)', ['pom.xml']],
      ['ZK-7: Fix the session timeout', ['src/Session.java']],
    ]);
    const m = learnRepo(h);
    const d = composeDraft(diff(['pom.xml', ['-    <jackson.version>2.18.7</jackson.version>', '+    <jackson.version>2.18.8</jackson.version>']]), m);
    // the repository's ticket form, with the number left for the user: never a neighbour's key
    expect(d.subject).toMatch(/^ZK-XXXX: /);
    expect(d.subject).not.toMatch(/ZK-42|ZK-7|#99|2\.16\.1|commons-io/);
    expect(d.subject).toContain('jackson');
    expect(d.subject).toContain('2.18.8');
    // a Maven property spelled `<x-version>`, with the bundled licence files renamed for the new version
    const renamed = diff(['pom.xml', ['-    <logback-version>1.3.15</logback-version>', '+    <logback-version>1.5.37</logback-version>']], ['lib/logback-core-1.5.37.LICENSE.txt', []]);
    expect(composeDraft(renamed, m).subject).toMatch(/logback.*1\.5\.37/);
    // actions pinned to a commit, with the version in a comment
    const sha = 'a'.repeat(40);
    const pinned = diff([
      '.github/workflows/ci.yml',
      ['-    - uses: actions/checkout@v6', `+    - uses: actions/checkout@${sha} # v7.0.0`, '-      uses: actions/cache@v4', `+      uses: actions/cache@${'b'.repeat(40)} # v6.0.0`],
    ]);
    expect(bumps(pinned).map((b) => `${b.name} ${b.to}`)).toEqual(['actions/checkout 7.0.0', 'actions/cache 6.0.0']);
    expect(composeDraft(pinned, m).subject).toMatch(/actions\/checkout and actions\/cache/);
  });

  it("fits the subject to the repository's length by naming fewer things, never by cutting a phrase", () => {
    const long = [
      '+export function aVeryLongFunctionNameThatDescribesEverything() {}',
      '+export function anotherEquallyLongFunctionNameForTheSameModule() {}',
      '+export function yetAnotherLongName() {}',
    ];
    const d = composeDraft(diff(['packages/router/src/verylongmodulename.ts', long]), model);
    expect(d.subject.length).toBeLessThanOrEqual(model.limit);
    expect(cutMidPhrase(d.subject)).toBe(false);
  });
});

describe('reading history once, then incrementally', () => {
  it('reads numstat and created files; the async parser gives the same commits', async () => {
    const g = new GitFixture('hist');
    g.commit('feat: one', { 'a.ts': 'export const a = 1;\n' });
    g.commit('fix: two', { 'a.ts': 'export const a = 2;\n', 'b.ts': 'x\n' });
    const commits = await recentCommits(g.root, 10);
    expect(commits[0]!.stats).toEqual([
      { path: 'a.ts', added: 1, removed: 1 },
      { path: 'b.ts', added: 1, removed: 0, status: 'added' },
    ]);
    const raw = g.git('log', '--format=%x1e%H%x1f%an <%ae>%x1f%s%x1f%b%x1f', '--numstat', '--summary', '--no-renames');
    expect(await parseLogAsync(raw, 1)).toEqual(parseLog(raw));
  });

  it('a new commit is read on its own and put in front; a rewritten history is read again', async () => {
    const g = new GitFixture('inc');
    for (let i = 0; i < 5; i++) g.commit(`feat: step ${i}`, { [`f${i}.ts`]: `${i}\n` });
    const cache = new HistoryCache();
    expect((await cache.commits(g.root)).map((c) => c.subject)[0]).toBe('feat: step 4');
    g.commit('fix: step 5', { 'f5.ts': '5\n' });
    const after = await cache.commits(g.root);
    expect(after.map((c) => c.subject).slice(0, 2)).toEqual(['fix: step 5', 'feat: step 4']);
    expect(after).toHaveLength(6);
    g.git('reset', '-q', '--hard', 'HEAD~3');
    expect((await cache.commits(g.root)).map((c) => c.subject)[0]).toBe('feat: step 2');
    expect((await cache.model(g.root)).style.kind).toBe('conventional');
  });
});

describe('names in subjects', () => {
  it('written as code where the history does, and a declaration file named without its .d', () => {
    const plain = learnRepo(
      history([
        ['fix(router): keep the hash on redirect', ['src/router.ts']],
        ['feat(router): add base option', ['src/router.ts']],
      ]),
    );
    const spans = learnRepo(
      history([
        ['fix(router): keep `hash` on redirect', ['src/router.ts']],
        ['feat(router): add `base` option', ['src/router.ts']],
      ]),
    );
    const change = diff(['src/router.ts', ['-export function resolveHash(to: string) {', '+export function resolveHash(to: string, keep = true) {']]);
    expect(composeDraft(change, spans).subject).toContain('`resolveHash`');
    expect(composeDraft(change, plain).subject).not.toContain('`');
    const types = diff(['types/fastify.d.ts', ['-  close(): void', '+  close(): Promise<void>']]);
    expect(composeDraft(types, plain).subject).not.toMatch(/fastify\.d\b/);
    // a change that defines nothing is named by the identifier its changed lines are about, not only by its file
    const tweak = diff([
      'lib/request.js',
      ['   const hops = options.hops', '-  if (trustProxy === true) return all', '+  if (trustProxy === true && !numericHops) return all', '-  return trustProxy', '+  return trustProxy || null'],
    ]);
    expect(composeDraft(tweak, plain).subject).toMatch(/trustProxy in request$/);
    // a dotfile keeps its name; type tests (tstyche's .tst.ts, tsd's .test-d.ts) are tests
    expect(composeDraft(diff(['.npmrc', ['+min-release-age=3']]), plain).subject).toMatch(/\.npmrc$/);
    expect(['test/types/logger.tst.ts', 'types/index.test-d.ts'].map(fileKind)).toEqual(['test', 'test']);
  });
});

describe('tickets in subjects', () => {
  const h = history([
    ['SHOP-12: Keep the cart after login', ['src/cart.ts']],
    ['SHOP-9: Add refunds', ['src/refund.ts']],
    ['Update the readme', ['README.md']],
  ]);
  const change = diff(['src/cart.ts', ['+export function emptyCart() {}']]);

  it("a repository whose subjects carry one project's key: the branch's ticket, else the key with a slot for the number", () => {
    const m = learnRepo(h);
    expect(m.style).toMatchObject({ ticket: 'colon', ticketKey: 'SHOP' });
    expect(composeDraft(change, m).subject).toMatch(/^SHOP-XXXX: \S/);
    expect(composeDraft(change, m, 'feature/SHOP-77-empty-cart').subject).toMatch(/^SHOP-77: \S/);
    expect(stripped(composeDraft(change, m).subject)).not.toMatch(/SHOP|XXXX/);
  });

  it('no slot where keys are mixed or subjects carry none', () => {
    const mixed = learnRepo(
      history([
        ['SHOP-12: Keep the cart', ['src/cart.ts']],
        ['PAY-3: Add refunds', ['src/refund.ts']],
        ['OPS-1: Fix deploy', ['ci.yml']],
      ]),
    );
    expect(mixed.style.ticket).toBe('colon');
    expect(mixed.style.ticketKey).toBeUndefined();
    expect(composeDraft(change, mixed).subject).not.toMatch(/XXXX/);
    const none = learnRepo(history([['Keep the cart after login', ['src/cart.ts']]]));
    expect(composeDraft(change, none, 'feature/SHOP-77-x').subject).not.toMatch(/SHOP/);
  });

  it('the ticket the user typed fills the slot of a draft it continues', () => {
    const c = continuations('SHOP-77: Add em', ['SHOP-XXXX: Add emptyCart in cart'], []);
    expect(c[0]).toMatchObject({ kind: 'draft', text: 'ptyCart in cart', line: 'SHOP-77: Add emptyCart in cart' });
  });
});

describe('continuing a typed subject', () => {
  it("the rest of a draft that starts the same way, keeping the user's type; names from the change for the word being typed", () => {
    const drafts = ['feat(server): read the port from the environment', 'fix(server): read PORT'];
    const words = vocabulary(diff(['src/server.ts', ['+const port = readPortFromEnvironment();']]), drafts);
    const c = continuations('fix(server): read the port fr', drafts, words);
    expect(c[0]).toMatchObject({ kind: 'draft', text: 'om the environment', line: 'fix(server): read the port from the environment' });
    const w = continuations('fix(server): use readPo', drafts, words).find((x) => x.kind === 'word')!;
    expect(w).toMatchObject({ text: 'readPortFromEnvironment', replace: 6 });
  });
});

describe('model answers as real model families write them', () => {
  it.each([
    ['bare JSON', '{"subject":"fix(api): keep the port","body":""}'],
    ['a markdown fence', 'Here it is:\n```json\n{"subject":"fix(api): keep the port","body":""}\n```'],
    ['a reasoning block first', '<think>The diff changes {port}; so {x}.</think>\n{"subject":"fix(api): keep the port","body":""}'],
    ['an explanation after', '{"subject":"fix(api): keep the port","body":""}\n\nI chose fix because {it} repairs a bug.'],
  ])('%s', (_name, text) => {
    expect(extractJson(text)).toEqual({ subject: 'fix(api): keep the port', body: '' });
  });
});

describe('evaluation helpers', () => {
  it('strips forge PR numbers and ticket keys; recognises phrases cut at a limit', () => {
    expect(stripped('ZOOKEEPER-5064: Upgrade jackson (#12)')).toBe('Upgrade jackson');
    expect(stripped('ZOOKEEPER-XXXX: Upgrade jackson')).toBe('Upgrade jackson');
    expect(cutMidPhrase('fix: handle a, b and')).toBe(true);
    expect(cutMidPhrase('feat: add x and 11 more')).toBe(true);
    expect(cutMidPhrase('fix: keep the port')).toBe(false);
  });
});
