import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { postgresBin, startPostgres } from './postgres.js';
import { requiredInCi } from './system.js';

/** A developer's own home (with a git email) and state dir: two of these are two developers. */
export function developerHome(email: string): { env: NodeJS.ProcessEnv; dir: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'kibitz-dev-'));
  writeFileSync(path.join(home, '.gitconfig'), `[user]\n\tname = Dev\n\temail = ${email}\n`);
  const dir = path.join(home, 'state');
  mkdirSync(dir);
  return { env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), KIBITZ_STATE_DIR: dir }, dir };
}

/** One query against the store, connection opened and closed around it. */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, values)).rows;
  } finally {
    await c.end();
  }
}

/** A fresh database on the server for one test (so tests do not see each other's rows). */
export async function freshDatabase(url: string, name: string): Promise<string> {
  await query(url, `DROP DATABASE IF EXISTS ${name}`);
  await query(url, `CREATE DATABASE ${name}`);
  return url.replace(/\/[^/]*$/, `/${name}`);
}

export const waitFor = async (ok: () => boolean, ms = 30_000): Promise<void> => {
  for (const t0 = Date.now(); !ok();) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

export type Postgres = Awaited<ReturnType<typeof startPostgres>>;

/**
 * A describe block against a private PostgreSQL (started before its tests, stopped after). .ci/run installs
 * PostgreSQL from Debian; a machine without it skips these, CI fails.
 */
export function describeWithPostgres(title: string, body: (server: () => Postgres) => void): void {
  describe.skipIf(!requiredInCi(!!postgresBin(), 'PostgreSQL (Debian postgresql)'))(title, () => {
    let server: Postgres | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(() => server?.stop());
    body(() => server!);
  });
}
