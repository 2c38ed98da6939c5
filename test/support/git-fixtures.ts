import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A throwaway git repository for tests, with helpers to write files, stage and commit. */
export class GitFixture {
  readonly root: string;

  constructor(name = 'repo') {
    this.root = mkdtempSync(path.join(tmpdir(), `kibitz-${name}-`));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Ada Lovelace');
    this.git('config', 'user.email', 'ada@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.root, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' } });
  }

  write(file: string, content: string | Buffer): this {
    const p = path.join(this.root, file);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
    return this;
  }

  /** Write files, stage everything, commit with `message` (as another author when given). */
  commit(message: string, files: Record<string, string>, author?: string): this {
    for (const [f, c] of Object.entries(files)) this.write(f, c);
    this.git('add', '-A');
    this.git('commit', '-q', '--no-verify', ...(author ? ['--author', author] : []), '-m', message);
    return this;
  }

  stage(files: Record<string, string | Buffer>): this {
    for (const [f, c] of Object.entries(files)) this.write(f, c);
    this.git('add', '-A');
    return this;
  }
}

/** A monorepo with a Conventional Commits history and per-package scopes. */
export function conventionalRepo(): GitFixture {
  const g = new GitFixture('conv');
  g.commit('chore: initial commit', { 'README.md': '# Shop\n', 'package.json': '{"name":"shop"}\n' });
  const subjects: [string, Record<string, string>][] = [
    ['feat(api): add order endpoint', { 'packages/api/src/orders.ts': 'export function createOrder() {}\n' }],
    ['fix(api): handle empty cart', { 'packages/api/src/cart.ts': 'export function total(items: number[]) { return items.length ? 1 : 0; }\n' }],
    ['feat(web): add checkout page', { 'packages/web/src/checkout.tsx': 'export function Checkout() { return null; }\n' }],
    ['fix(web): keep the cart after reload', { 'packages/web/src/cart.tsx': 'export function Cart() { return null; }\n' }],
    ['docs: describe the release process', { 'docs/release.md': '# Release\n' }],
    ['test(api): cover order totals', { 'packages/api/test/orders.test.ts': 'test("x", () => {});\n' }],
    ['feat(api): add refunds', { 'packages/api/src/refunds.ts': 'export function refund() {}\n' }],
    ['ci: cache dependencies', { '.github/workflows/ci.yml': 'on: push\n' }],
    ['fix(web): correct the price format', { 'packages/web/src/price.ts': 'export const fmt = (n: number) => n.toFixed(2);\n' }],
    ['refactor(api): split the order module', { 'packages/api/src/order-items.ts': 'export const items = [];\n' }],
  ];
  subjects.forEach(([s, f], i) => g.commit(s, f, i % 3 === 1 ? 'Grace Hopper <grace@example.com>' : undefined));
  return g;
}

/** A repository whose history is plain capitalised subjects. */
export function plainRepo(): GitFixture {
  const g = new GitFixture('plain');
  g.commit('Initial import', { 'README.md': '# Tool\n', 'src/main.c': 'int main(void) { return 0; }\n' });
  for (const [s, f] of [
    ['Add a parser for the config file', { 'src/config.c': 'int parse_config(void) { return 0; }\n' }],
    ['Fix a crash when the config is empty', { 'src/config.c': 'int parse_config(void) { return 1; }\n' }],
    ['Update the README with build steps', { 'README.md': '# Tool\n\nmake\n' }],
    ['Add logging to the main loop', { 'src/log.c': 'void log_line(void) {}\n' }],
    ['Remove the unused helpers', { 'src/helpers.c': '\n' }],
  ] as [string, Record<string, string>][])
    g.commit(s, f);
  return g;
}
