import net from 'node:net';
import { existsSync } from 'node:fs';

/**
 * Whether tests that need something from the machine can run: skipped on a developer machine without it, a
 * failure in CI, where .ci/run installs it.
 */
export function requiredInCi(present: boolean, what: string): boolean {
  if (!present && process.env.CI) throw new Error(`CI must have ${what} installed (.ci/run installs it)`);
  return present;
}

const SECTIONS = ['1', '8', '7'];

/** Every named page is installed under /usr/share/man (`ssh`, `systemctl`, `apt-get`). */
export function systemPages(...names: string[]): boolean {
  const missing = names.filter((n) => !SECTIONS.some((s) => existsSync(`/usr/share/man/man${s}/${n}.${s}.gz`)));
  return requiredInCi(missing.length === 0, `the man pages of ${missing.join(', ')}`);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
