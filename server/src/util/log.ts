import { closeSync, constants, fstatSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { stateDir } from './paths.js';

/**
 * The server log. Never stdout: stdout carries the LSP wire. Writes go to stderr (fd 2) or a file.
 * Level from KIBITZ_LOG_LEVEL, then the `logLevel` setting. A log file is opened without following a symlink
 * and must be a regular file; a relative name is a file in kibitz's own state directory (`logs/`). Every string a
 * log line carries passes through the scrubber the server installs (secret redaction), so a log never holds a key.
 */
let current: Logger | undefined;
let scrub: (s: string) => string = (s) => s;

/** Install the function every logged string passes through (set once by the server: secret redaction). */
export function setLogScrubber(fn: (s: string) => string): void {
  scrub = fn;
  current = undefined;
}

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return scrub(v);
  if (depth > 6 || typeof v !== 'object' || v === null) return v;
  if (v instanceof Error) return { type: v.name, message: scrub(v.message), stack: v.stack ? scrub(v.stack) : undefined };
  if (Array.isArray(v)) return v.slice(0, 100).map((x) => scrubDeep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1);
  return out;
}

/** Where a log file named by the user goes: as named when absolute, else inside the state directory. */
export function logFilePath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.isAbsolute(file) ? file : path.join(stateDir(env), 'logs', file);
}

/** Open a log file for appending: never through a symlink, only a regular file, inside the state dir when relative. */
export function openLogFile(file: string, env: NodeJS.ProcessEnv = process.env): number {
  const target = logFilePath(file, env);
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  if (!path.isAbsolute(file)) {
    const dir = realpathSync(path.dirname(target));
    const state = realpathSync(stateDir(env));
    if (path.relative(state, dir).startsWith('..')) throw new Error(`log directory ${dir} is outside ${state}`);
  }
  const fd = openSync(target, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Error(`${target} is not a regular file`);
  }
  return fd;
}

function create(level: string, file: string): Logger {
  const dest = file ? pino.destination({ fd: openLogFile(file), sync: true }) : pino.destination({ fd: 2, sync: true });
  return pino(
    {
      level,
      base: { name: 'kibitz' },
      formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    dest,
  );
}

export function log(): Logger {
  if (!current) {
    try {
      current = create(process.env.KIBITZ_LOG_LEVEL ?? 'warn', process.env.KIBITZ_LOG_FILE ?? '');
    } catch {
      current = create(process.env.KIBITZ_LOG_LEVEL ?? 'warn', '');
    }
  }
  return current;
}

export function configureLog(level: string, file: string): void {
  const effective = process.env.KIBITZ_LOG_LEVEL ?? level;
  const target = process.env.KIBITZ_LOG_FILE ?? file;
  try {
    current = create(effective, target);
  } catch (err) {
    current = create(effective, '');
    current.warn({ err }, 'cannot open log file; logging to stderr');
  }
}
