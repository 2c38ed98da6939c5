import type { ManValue } from '../manpages/types.js';
import type { Source } from '../manpages/index.js';

export type { Source } from '../manpages/index.js';

/** One documented option of a command, from whichever source documents it. */
export interface DocOption {
  /** Every spelling: ['-n', '--lines']; numeric forms as `-<number>`. */
  flags: string[];
  /** The argument placeholder as documented ('' when none). */
  arg: string;
  /** none: a switch; required: takes a value (separate, attached or after `=`); optional: only attached. */
  shape: 'none' | 'required' | 'optional';
  /** The whole documented text. */
  text: string;
  /** The tag as documented (`-exec command {} +`). */
  tag: string;
  source: Source;
  /** Documented values of the argument (`-type f` → regular file). */
  values?: ManValue[];
  /** Long form that needs `=` for its value (`--color=auto`, never `--color auto`). */
  equals?: boolean;
  /** Spellings whose shape differs from `shape` (diff's -u beside -U NUM). */
  shapes?: Record<string, 'none' | 'required' | 'optional'>;
}

/** A subcommand or verb: `git log` (git-log(1)), `systemctl enable` (a COMMANDS entry), `docker run` (a spec). */
export interface DocSubcommand {
  name: string;
  summary: string;
  source: Source;
  /** The subcommand's own documentation, when it has its own options (git-log(1), a spec). */
  doc?: CommandDoc;
}

/** What one source knows about a command. */
export interface CommandDoc {
  kind: 'man' | 'builtin' | 'spec';
  name: string;
  /** tar(1), bash(1) builtin, spec: docker */
  ref: string;
  summary: string;
  /** Where the summary is documented (NAME, the builtin's entry, the spec). */
  source: Source;
  synopsis?: Source;
  options: DocOption[];
  /** A subcommand or verb named by `word`, when this source documents one. */
  subcommand(word: string): DocSubcommand | undefined;
  /** BSD-style letters without a dash (`ps aux`): the letter's own entry when the page has one. */
  dashless?(letter: string): DocOption | undefined;
  /** Whether the command takes subcommands at all (a spec with subcommands, git, systemctl). */
  hasSubcommands: boolean;
}
