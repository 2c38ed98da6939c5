import type { Source } from '../manpages/index.js';

export type PartKind =
  'command' | 'subcommand' | 'flag' | 'argument' | 'operand' | 'program' | 'function' | 'operator' | 'test-operator' | 'redirection' | 'assignment' | 'expansion' | 'keyword' | 'host';

export interface Part {
  /** The exact text of the command line at [start, end). */
  text: string;
  start: number;
  end: number;
  kind: PartKind;
  /** The full documented meaning (a hover's table shows its first sentence). */
  explanation: string;
  /** The documented text alone when `explanation` starts with the tag (`-L port:host:hostport: Specifies...`). */
  documented?: string;
  source: Source | null;
  /** The command this part belongs to (for flags, operands, subcommands). */
  command?: string;
  /** Canonical flag for split bundles: `-z` for the z in `-xzvf`. */
  flag?: string;
  /** Nesting: 0 at top level, +1 inside sudo/xargs/find -exec/bash -c. */
  depth: number;
  /** Offset range of the whole simple command this part belongs to. */
  commandRange?: [number, number];
}

export interface Explanation {
  text: string;
  parts: Part[];
}

export interface ExplainOptions {
  dashlessBundles?: string[];
  /** Ranges substituted by the host before the shell runs (`${{ }}`, make variables). */
  opaque?: { start: number; end: number; note: string }[];
  signal?: AbortSignal;
}
