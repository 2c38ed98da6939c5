import { pino, type Logger } from 'pino';

/**
 * The server log. Never stdout: stdout carries the LSP wire. Writes go to stderr (fd 2) or a file.
 * Level from KIBITZ_LOG_LEVEL, then the `logLevel` setting.
 */
let current: Logger | undefined;

function create(level: string, file: string): Logger {
  const dest = file ? pino.destination({ dest: file, sync: true, mkdir: true }) : pino.destination({ fd: 2, sync: true });
  return pino({ level, base: { name: 'kibitz' } }, dest);
}

export function log(): Logger {
  current ??= create(process.env.KIBITZ_LOG_LEVEL ?? 'warn', process.env.KIBITZ_LOG_FILE ?? '');
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
