import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Developer } from './team-ship.js';

/** The `[user] email` of the user's global git configuration, when there is one. */
function gitEmail(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HOME || os.homedir();
  const files = [path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'git', 'config'), path.join(home, '.gitconfig')];
  for (const f of files) {
    try {
      const user = /\[user\]([^[]*)/i.exec(readFileSync(f, 'utf8'))?.[1] ?? '';
      const email = /^\s*email\s*=\s*(.+)$/im.exec(user)?.[1]?.trim();
      if (email) return email.toLowerCase();
    } catch {
      // no such file
    }
  }
  return undefined;
}

/**
 * This developer as the team store sees them: a salted hash of their git email (or user@host when git has none),
 * the same on every run and on every machine with the same email; the readable name only when they set one
 * (`kibitz.feedback.team.name`).
 */
export function thisDeveloper(name: string | undefined, env: NodeJS.ProcessEnv = process.env): Developer {
  const who = gitEmail(env) ?? `${os.userInfo().username}@${os.hostname()}`;
  const id = createHash('sha256').update(`kibitz-team:${who}`).digest('hex').slice(0, 16);
  return name?.trim() ? { id, name: name.trim() } : { id };
}
