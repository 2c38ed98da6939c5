import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../support/lsp-client.js';
import { freePort } from '../../support/system.js';

/** code-server as scripts/install-code-server.sh installs it (or KIBITZ_CODE_SERVER), and Debian's Chromium. */
export function codeServerBin(): string | undefined {
  const p = process.env.KIBITZ_CODE_SERVER || path.join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
  return existsSync(p) ? p : undefined;
}

export function chromiumBin(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}

/** The extension as users get it: `vsce package` of clients/vscode (built by `npm run build`). */
export function packageVsix(dir: string): string {
  const out = path.join(dir, 'kibitz.vsix');
  execFileSync(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], { cwd: path.join(ROOT, 'clients/vscode'), stdio: 'pipe' });
  return out;
}

export interface CodeServer {
  url: string;
  userSettings: string;
  log: () => string;
  stop(): Promise<void>;
}

/**
 * code-server on 127.0.0.1 with its own user-data and extensions folders, the `.vsix` installed, no auth, no
 * telemetry, no update check, and `settings` as the user settings. The workspace is opened by the browser.
 */
export async function startCodeServer(vsix: string, settings: Record<string, unknown>, baseEnv: NodeJS.ProcessEnv): Promise<CodeServer> {
  const bin = codeServerBin();
  if (!bin) throw new Error('code-server is not installed: run scripts/install-code-server.sh');
  // code-server runs on the Node 24 installed beside it, never on the Node that runs the tests
  const node = path.join(path.dirname(bin), '../node/bin/node');
  if (!existsSync(node)) throw new Error(`Node 24 is missing beside code-server (${node}): run scripts/install-code-server.sh`);
  const entry = realpathSync(bin);
  const env = { ...baseEnv, PATH: `${path.dirname(node)}:${baseEnv.PATH ?? ''}` };
  const base = mkdtempSync(path.join(tmpdir(), 'kibitz-vscode-'));
  const userData = path.join(base, 'user-data');
  const extensions = path.join(base, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  const userSettings = path.join(userData, 'User', 'settings.json');
  writeFileSync(userSettings, JSON.stringify(settings, null, 2));
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(node, [entry, ...dirs, '--install-extension', vsix], { env, stdio: 'pipe' });
  const port = await freePort();
  let log = '';
  const proc: ChildProcess = spawn(
    bin,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...dirs, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (const t0 = Date.now(); ;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`code-server did not start:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    userSettings,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill();
      }),
  };
}
