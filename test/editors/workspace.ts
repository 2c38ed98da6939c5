import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GitFixture } from '../support/git-fixtures.js';
import { EventLog } from '../../server/src/feedback/log.js';
import { requiredInCi } from '../support/system.js';
import { BIN, ROOT, serverEnv } from '../support/lsp-client.js';

export const SCRIPT = '#!/bin/sh\nset -eu\ntar -xzf release.tgz -C /opt\ngit push --force origin main\n';
export const DOCKERFILE = 'FROM debian:12\nRUN tar -xzf /tmp/app.tgz -C /opt\nRUN curl -fsSL https://get.example.com/install.sh | sh\n';
const COMMIT_TEMPLATE = "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n";

/** The temp git repository every editor test opens: a shell script, a Dockerfile, a history and a staged change. */
export function editorWorkspace(): GitFixture {
  const g = new GitFixture('editor');
  g.commit('feat(deploy): add the deploy script', { 'deploy.sh': SCRIPT });
  g.commit('feat(docker): add the image', { Dockerfile: DOCKERFILE });
  g.commit('docs: describe deploying', { 'docs/deploy.md': '# Deploying\n\nRun deploy.sh.\n' });
  g.stage({ 'docs/deploy.md': '# Deploying\n\nRun deploy.sh from the repository root.\n\n## Rollback\n\nPush the previous tag.\n' });
  g.write('.git/COMMIT_EDITMSG', COMMIT_TEMPLATE);
  return g;
}

/** Whether an editor's tests can run: skipped on a developer machine without it, a failure in CI (.ci/run installs it). */
export function editorPresent(present: boolean, what: string): boolean {
  return requiredInCi(present, what);
}

export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const SERVER_CMD = [process.execPath, BIN, '--stdio'];

/** A fresh workspace and the environment an editor driver reads: repo, result file, client folder, server command. */
export function editorRun(editor: string, client: string, extra: Record<string, string> = {}): { env: NodeJS.ProcessEnv; out: string } {
  const repo = editorWorkspace();
  const out = path.join(mkdtempSync(path.join(tmpdir(), `kibitz-${editor}-`)), 'result.json');
  const home = (what: string) => mkdtempSync(path.join(tmpdir(), `kibitz-${editor}-${what}-`));
  // the editor passes its environment on to the server it starts
  const env = serverEnv({
    KIBITZ_LOG_LEVEL: 'warn',
    KIBITZ_TEST_REPO: repo.root,
    KIBITZ_TEST_OUT: out,
    KIBITZ_CLIENT_DIR: path.join(ROOT, 'clients', client),
    KIBITZ_SERVER_CMD: JSON.stringify(SERVER_CMD),
    // no user configuration of the editor is read
    HOME: home('home'),
    XDG_CONFIG_HOME: home('config'),
    XDG_DATA_HOME: home('data'),
    ...extra,
  });
  return { env, out };
}

/** Run an editor process to completion (killed after `ms`), then read the JSON it wrote to `out`. */
export async function runEditor(cmd: string, args: string[], env: NodeJS.ProcessEnv, out: string, ms: number, label = path.basename(cmd)): Promise<{ result: any; log: string }> {
  writeFileSync(out, '');
  const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => (log += d.toString()));
  proc.stderr.on('data', (d) => (log += d.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), ms);
  await new Promise((resolve) => proc.on('close', resolve));
  clearTimeout(timer);
  const text = readFileSync(out, 'utf8').trim();
  if (!text) throw new Error(`${cmd} wrote no result; its output:\n${log.slice(-4000)}`);
  // what the editor showed, kept for people reading a CI run (and for the closing notes)
  mkdirSync(path.join(ROOT, '.cache/editors'), { recursive: true });
  writeFileSync(path.join(ROOT, '.cache/editors', `${label}.json`), JSON.stringify(JSON.parse(text), null, 2));
  return { result: JSON.parse(text), log };
}

/** What the server recorded about docs answers in an editor run: each ask event's type and input. */
export function askEvents(env: NodeJS.ProcessEnv): [string, string | undefined][] {
  return new EventLog(env.KIBITZ_STATE_DIR!)
    .read()
    .filter((e) => e.feature === 'ask')
    .map((e) => [e.type, e.input]);
}
