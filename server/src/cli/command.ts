import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** One option of a command: `--name VALUE` / `--name=VALUE` for strings, `--name` for flags. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's name in the usage (`--since WHEN`). */
  value?: string;
  description: string;
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** A terminal command: its name, help text, options, and what it does. Exit codes: 0 ok, 1 findings or failure, 2 usage. */
export interface CliCommand {
  name: string;
  summary: string;
  /** What follows the options in the usage line (`-- '<command line>'`, `FILE...`). */
  operands?: string;
  options: Record<string, OptionSpec>;
  /** At least this many operands (default 0). */
  minOperands?: number;
  maxOperands?: number;
  /** Extra lines for --help (examples, notes). */
  details?: string;
  run(args: Parsed, io: CliIO, env: NodeJS.ProcessEnv): Promise<number> | number;
}

export const EXIT_CODES = 'exit codes: 0 ok, 1 findings or failure, 2 usage error';

export function usageLine(c: CliCommand): string {
  const opts = Object.entries(c.options).map(([name, o]) => `[--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}]`);
  return ['kibitz', c.name, ...opts, ...(c.operands ? [c.operands] : [])].join(' ');
}

export function helpText(c: CliCommand): string {
  const rows = Object.entries(c.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(26)} ${o.description}`;
  });
  return [
    `${c.summary}\n`,
    `usage: ${usageLine(c)}`,
    ...(rows.length ? ['', 'options:', ...rows] : []),
    `  ${'-h, --help'.padEnd(26)} this help`,
    ...(c.details ? ['', c.details] : []),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

/** Parse and run: unknown or missing options and operands are usage errors (exit 2) that print the usage line. */
export async function runCommand(c: CliCommand, argv: string[], io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(c.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    io.err(`kibitz ${c.name}: ${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}\nusage: ${usageLine(c)}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(helpText(c));
    return 0;
  }
  const n = parsed.positionals.length;
  if (n < (c.minOperands ?? 0) || n > (c.maxOperands ?? Infinity)) {
    io.err(`kibitz ${c.name}: ${n < (c.minOperands ?? 0) ? 'missing' : 'too many'} operands\nusage: ${usageLine(c)}\n`);
    return 2;
  }
  return c.run(parsed, io, env);
}

/** A string option's value, when given. */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}
