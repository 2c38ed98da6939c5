/** What the man page parser produces: NAME, SYNOPSIS, sections, options with their arguments, other tagged items. */
import type { TagForm } from './tag.js';

/** A value an option's argument may take, documented in a list under the option (`-type f`: "regular file"). */
export interface ManValue {
  value: string;
  text: string;
  lines: [number, number];
}

/** One option (or keyword operand such as dd's `of=FILE`) of a man page. */
export interface ManOption {
  /** Every spelling: ['-x', '--extract', '--get'] */
  flags: string[];
  /** Argument placeholder, e.g. 'ARCHIVE', '<commit>', '[=WHEN]'; '' if none (see tag.ts argShape). */
  arg: string;
  /** The tag line as written, rendered to text. */
  tag: string;
  description: string;
  /** 1-based inclusive line range in the page source. */
  lines: [number, number];
  section: string;
  /** Nesting depth (.RS / .Bl) at which the tag appeared. */
  depth: number;
  /** Documented values of the argument, from a list nested under the option. */
  values?: ManValue[];
  /** Spellings with their own placeholders, when they differ (see tag.ts formShape). */
  forms?: TagForm[];
}

export interface ManSection {
  title: string;
  lines: [number, number];
  /** Subsection titles (.SS) with their ranges. */
  subsections: { title: string; lines: [number, number] }[];
}

/** A tagged paragraph that is not an option: builtins in bash(1), verbs in a COMMANDS section, keywords. */
export interface ManItem {
  tag: string;
  description: string;
  lines: [number, number];
  section: string;
  depth: number;
}

export interface ManPage {
  name: string;
  /** The NAME line's description: "an archiving utility". */
  summary: string;
  nameLines: [number, number];
  synopsis: string;
  synopsisLines: [number, number];
  options: ManOption[];
  items: ManItem[];
  sections: ManSection[];
  /** `.so man1/other.1` pages redirect; the locator follows this. */
  alias?: string;
}
