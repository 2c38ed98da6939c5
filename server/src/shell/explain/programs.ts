import type { CommandDoc } from '../docs/index.js';
import type { Source } from '../manpages/index.js';
import type { Bound } from '../bind.js';
import type { Run } from './run.js';

/**
 * Program text inside arguments: awk programs, sed scripts, jq filters, code given to perl -e, python -c, node -e,
 * ruby -e. Labelled as a program in that language, with the page section that documents the language (sed's `s`
 * command when the script is a substitution).
 */
interface Language {
  label: string;
  /** Options whose argument is the program (-e for sed and perl, -c for python). */
  flags: string[];
  /** Without such an option, the first operand is the program. */
  firstOperand: boolean;
  /** Sections of the page that describe the language, best first. */
  sections: RegExp[];
}

const LANGUAGES: Record<string, Language> = {
  awk: { label: 'awk program (pattern { action } rules)', flags: [], firstOperand: true, sections: [/AWK LANGUAGE|PROGRAM STRUCTURE|PATTERNS AND ACTIONS|OVERVIEW/i, /DESCRIPTION/] },
  sed: { label: 'sed script (editing commands applied to each line)', flags: ['-e', '--expression'], firstOperand: true, sections: [/COMMAND SYNOPSIS|COMMANDS/i, /DESCRIPTION/] },
  jq: { label: 'jq filter (a program that transforms the JSON input)', flags: [], firstOperand: true, sections: [/BASIC FILTERS/i, /DESCRIPTION/] },
  perl: { label: 'Perl code', flags: ['-e', '-E'], firstOperand: false, sections: [] },
  python: { label: 'Python code', flags: ['-c'], firstOperand: false, sections: [] },
  node: { label: 'JavaScript code', flags: ['-e', '--eval', '-p', '--print'], firstOperand: false, sections: [] },
  ruby: { label: 'Ruby code', flags: ['-e'], firstOperand: false, sections: [] },
};
const ALIASES: Record<string, string> = { gawk: 'awk', mawk: 'awk', nawk: 'awk', gsed: 'sed', python3: 'python', python2: 'python', nodejs: 'node' };

export function languageOf(name: string): Language | undefined {
  return LANGUAGES[ALIASES[name] ?? name] ?? (/^python3\.\d+$/.test(name) ? LANGUAGES.python : undefined);
}

function sectionSource(doc: CommandDoc | undefined, run: Run, name: string, patterns: RegExp[]): Source | undefined {
  if (!doc || doc.kind !== 'man') return doc?.source;
  const page = run.docs.man.page(name);
  if (!page) return doc.source;
  for (const re of patterns) {
    const s = page.page.sections.find((x) => re.test(x.title));
    if (s) return { path: page.path, page: page.ref, section: s.title, lines: s.lines };
  }
  return doc.source;
}

/** sed's own entry for the command a script starts with (`s/regexp/replacement/`, `d`, `p`). */
function sedCommand(run: Run, name: string, script: string): { text: string; source: Source } | undefined {
  const cmd = /^\s*(?:\d+|\$|\/[^/]*\/)?,?(?:\d+|\$|\/[^/]*\/)?\s*!?\s*([a-zA-Z=])/.exec(script)?.[1];
  if (!cmd) return undefined;
  const page = run.docs.man.page(name);
  const item = page?.page.items.find((i) => i.tag.startsWith(cmd === 's' ? 's/' : cmd) && (cmd === 's' || i.tag.length <= 3 || /^[a-zA-Z=]\s/.test(i.tag)));
  if (!page || !item) return undefined;
  return { text: `${item.tag}: ${item.description}`, source: { path: page.path, page: page.ref, section: item.section, lines: item.lines } };
}

/** The words given as program text to one of the language's options (each `-e` of sed -e ... -e ...). */
function programArguments(lang: Language, tokens: Bound[]): { token: Bound; flag: string }[] {
  const out: { token: Bound; flag: string }[] = [];
  tokens.forEach((t, k) => {
    if (t.kind === 'argument' && lang.flags.includes(t.flag)) out.push({ token: t, flag: t.flag });
    // an option the page does not document (perl -e when perlrun(1) is not installed) binds its word as an operand
    const prev = tokens[k - 1];
    if (t.kind === 'operand' && prev?.kind === 'flag' && !prev.option && lang.flags.includes(prev.flag) && prev.word !== t.word) out.push({ token: t, flag: prev.flag });
  });
  return out;
}

/** Turn the operands or option arguments that hold program text into `program` parts; returns the tokens used. */
export function markProgram(run: Run, name: string, doc: CommandDoc | undefined, tokens: Bound[], depth: number, command: string): Bound[] {
  const lang = languageOf(name);
  if (!lang) return [];
  const viaFlags = programArguments(lang, tokens);
  const usesFile = tokens.some((t) => t.kind === 'flag' && (t.flag === '-f' || t.flag === '--file'));
  const first = !viaFlags.length && lang.firstOperand && !usesFile ? tokens.find((t) => t.kind === 'operand') : undefined;
  const targets = first ? [{ token: first, flag: undefined }] : viaFlags;
  for (const { token, flag } of targets) programPart(run, name, doc, lang, token, flag, depth, command);
  return targets.map((t) => t.token);
}

function programPart(run: Run, name: string, doc: CommandDoc | undefined, lang: Language, target: Bound, flag: string | undefined, depth: number, command: string): void {
  const [start, end] = run.abs(target);
  const script = target.word.value ?? target.word.raw;
  const lead = ALIASES[name] ?? name;
  const sub = lead === 'sed' ? sedCommand(run, name, script) : undefined;
  const source = sub?.source ?? sectionSource(doc, run, name, lang.sections) ?? null;
  const what = `${lang.label}, run by ${command}${flag ? ` (the argument of ${flag})` : ''}.`;
  run.push({ start, end, kind: 'program', explanation: sub ? `${what} It starts with the ${sub.text}` : what, source, command, depth, ...(flag ? { flag } : {}) });
}
