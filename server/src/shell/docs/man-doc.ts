import { argShape, formShape } from '../manpages/tag.js';
import type { BuiltinEntry, LoadedPage, ManPages, Source } from '../manpages/index.js';
import type { ManItem, ManOption, ManPage } from '../manpages/types.js';
import type { CommandDoc, DocOption, DocSubcommand } from './types.js';

/** Sections that list a command's verbs (systemctl's COMMANDS, apt's "COMMANDS", ip's "OBJECT"). */
const VERB_SECTIONS = /COMMAND|VERB|ACTION|OPERATION|OBJECT/i;

function optionOf(o: ManOption, path: string, page: string): DocOption {
  // an action whose placeholder is a list (dpkg's `-i, --install package-file...`): the files are its operands
  const shape = /ACTION|COMMAND/.test(o.section) && /(?:\.\.\.|…)$/.test(o.arg) ? 'none' : argShape(o.arg);
  const shapes: Record<string, DocOption['shape']> = {};
  for (const f of o.flags) {
    const s = o.forms && formShape(o.forms, f);
    if (s && s !== shape) shapes[f] = s;
  }
  return {
    flags: o.flags,
    arg: o.arg,
    shape,
    ...(Object.keys(shapes).length ? { shapes } : {}),
    text: o.description,
    tag: o.tag,
    source: { path, page, section: o.section, lines: o.lines },
    ...(o.values ? { values: o.values } : {}),
  };
}

function itemSource(i: ManItem, path: string, page: string): Source {
  return { path, page, section: i.section, lines: i.lines };
}

/** The first word of an entry's tag: `enable UNIT..., enable PATH...` → enable. */
function verbOf(tag: string): string {
  return /^([a-z][a-z0-9-]*)/.exec(tag.trim())?.[1] ?? '';
}

/**
 * Options a synopsis names that the entries below it do not describe: bundles (`echo [-neE]`, `perl [ -pna ]`),
 * an optional attached value (`-i[extension]`), a required one (`-s sigspec`, `-Idir`).
 */
export function synopsisOptions(synopsis: string, known: DocOption[], text: string, source: Source): DocOption[] {
  const out: DocOption[] = [];
  const add = (flag: string, arg: string, shape: DocOption['shape']) => {
    if ([...known, ...out].some((o) => o.flags.includes(flag))) return;
    out.push({ flags: [flag], arg, shape, text, tag: arg ? `${flag} ${arg}` : flag, source });
  };
  // perl [ [-e|-E] 'command' ]: either spelling takes the value after the group
  for (const m of synopsis.matchAll(/\[\s*-([A-Za-z])\s*\|\s*-([A-Za-z])\s*\]\s+'?([\w-]+)/g)) for (const f of [m[1]!, m[2]!]) add(`-${f}`, m[3]!, 'required');
  for (const m of synopsis.matchAll(/(?:^|[[\s|])-([A-Za-z])\[([^\]\s]+)\]/g)) add(`-${m[1]}`, `[${m[2]}]`, 'optional');
  for (const m of synopsis.matchAll(/\[\s*-([A-Z])([a-z]{3,})\s*\]/g)) add(`-${m[1]}`, m[2]!, 'required');
  for (const m of synopsis.matchAll(/(?:^|[[\s|])-([A-Za-z])\s+([a-z][\w-]*)(?=\s*[\]|])/g)) add(`-${m[1]}`, m[2]!, 'required');
  for (const m of synopsis.matchAll(/\[\s*-([A-Za-z0-9]+)\s*\]/g)) for (const c of m[1]!) add(`-${c}`, '', 'none');
  return out;
}

/** Expression operators documented as items (find's `expr1 -o expr2`, `-not expr`): options that take nothing. */
function operatorOptions(items: ManItem[], loaded: LoadedPage): DocOption[] {
  const out: DocOption[] = [];
  for (const i of items) {
    const m = /^(?:expr\d?\s+)?(-[a-z]+)\s+expr\d?$/.exec(i.tag.trim());
    if (m) out.push({ flags: [m[1]!], arg: '', shape: 'none', text: i.description, tag: i.tag, source: itemSource(i, loaded.path, loaded.ref) });
  }
  return out;
}

/** `(alias: new)` in tmux's entries. */
function aliasesOf(i: ManItem): string[] {
  return [...`${i.tag} ${i.description}`.matchAll(/\(alias(?:es)?:\s*([\w-]+)\)/g)].map((m) => m[1]!);
}

/**
 * Entries that are the command's verbs: those of a COMMANDS-like section; those the synopsis lists as
 * alternatives (`apt-get {update | upgrade | install pkg...}`); and, when the synopsis takes a `command`, entries
 * that open with their own usage (tmux's `new-session [-AdDEPX] ...`).
 */
function verbItems(p: ManPage): ManItem[] {
  const listed = new Set<string>();
  for (const group of p.synopsis.matchAll(/\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)) for (const alt of group[1]!.split('|')) if (verbOf(alt)) listed.add(verbOf(alt));
  const takesCommand = /\[?\b(?:command|COMMAND|subcommand)\b/.test(p.synopsis);
  return p.items.filter((i) => {
    const verb = verbOf(i.tag);
    if (!verb || !i.description) return false;
    if (VERB_SECTIONS.test(i.section) || listed.has(verb)) return true;
    return takesCommand && (/^[a-z][a-z-]+ \[-/.test(i.tag.trim()) || (/^[a-z][a-z-]+$/.test(i.tag.trim()) && /^\[-/.test(i.description)));
  });
}

/** A command documented by a man page on this machine. */
export function manDoc(man: ManPages, name: string, loaded: LoadedPage, depth = 0): CommandDoc {
  const p = loaded.page;
  const verbs = depth === 0 ? verbItems(p) : [];
  const doc: CommandDoc = {
    kind: 'man',
    name,
    ref: loaded.ref,
    summary: p.summary,
    source: { path: loaded.path, page: loaded.ref, section: 'NAME', lines: p.nameLines },
    ...(p.synopsisLines[0] ? { synopsis: { path: loaded.path, page: loaded.ref, section: 'SYNOPSIS', lines: p.synopsisLines } } : {}),
    options: [],
    hasSubcommands: verbs.length > 0 || depth === 0,
    subcommand(word: string): DocSubcommand | undefined {
      if (depth > 0 || !/^[a-z][a-z0-9-]*$/.test(word)) return undefined;
      if (!subs.has(word)) subs.set(word, findSub(word) ?? null);
      return subs.get(word) ?? undefined;
    },
  };
  const subs = new Map<string, DocSubcommand | null>();
  const findSub = (word: string): DocSubcommand | undefined => {
    // git-style: a page of its own (git-log(1), docker-run(1))
    const own = man.subcommand(name, word);
    if (own) {
      const sub = manDoc(man, `${name} ${word}`, own, depth + 1);
      // options the parent documents still apply after the subcommand (git -C, systemctl --now)
      sub.options.push(...doc.options.filter((o) => !sub.options.some((s) => s.flags.some((f) => o.flags.includes(f)))));
      return { name: word, summary: own.page.summary, source: sub.source, doc: sub };
    }
    // a verb documented in a COMMANDS section of this page (systemctl enable, apt-get install)
    const verb = verbs.find((v) => v.tag.split(/,\s*/).some((t) => verbOf(t) === word)) ?? verbs.find((v) => aliasesOf(v).includes(word));
    if (!verb) return abbreviatedObject(word);
    // a verb the page says another page documents (apt(8): `install, remove (apt-get(8))`): its options are there
    const elsewhere = /\(([\w.+-]+)\(\d\w*\)\)\s*$/.exec(verb.tag)?.[1];
    const other = elsewhere && elsewhere !== name ? man.page(elsewhere) : undefined;
    const sub = other ? manDoc(man, `${name} ${word}`, other, depth + 1) : undefined;
    if (sub) sub.options.push(...doc.options.filter((o) => !sub.options.some((s) => s.flags.some((f) => o.flags.includes(f)))));
    return { name: word, summary: verb.description, source: itemSource(verb, loaded.path, loaded.ref), ...(sub ? { doc: sub } : {}) };
  };
  // ip(8): "objects may be written in full or abbreviated form" (`ip a`, `ip addr` → address, ip-address(8)):
  // the first object of the synopsis's `OBJECT := { … }` list that the word begins
  const abbreviatedObject = (word: string): DocSubcommand | undefined => {
    const objects = /\bOBJECT\s*:=\s*\{([^}]*)\}/
      .exec(p.synopsis)?.[1]
      ?.split('|')
      .map((o) => o.replace(/["\\]/g, '').trim());
    const full = objects?.find((o) => o.startsWith(word) && o !== word);
    if (!full || !man.lineIn(loaded.path, /abbreviated/)) return undefined;
    const page = man.subcommand(name, full);
    if (!page) return undefined;
    const sub = manDoc(man, `${name} ${full}`, page, depth + 1);
    return { name: word, summary: `${full}: ${page.page.summary}`, source: sub.source, doc: sub };
  };
  // BSD-style entries are tagged by the bare letter (ps(1): `a`, `u`, `x`)
  doc.dashless = (letter: string): DocOption | undefined => {
    const item = p.items.find((i) => i.tag === letter || i.tag.startsWith(`${letter} `));
    if (item) return { flags: [letter], arg: '', shape: 'none', text: item.description, tag: item.tag, source: itemSource(item, loaded.path, loaded.ref) };
    const o = p.options.find((x) => x.flags.includes(`-${letter}`));
    return o ? optionOf(o, loaded.path, loaded.ref) : undefined;
  };
  doc.options = [...p.options.map((o) => optionOf(o, loaded.path, loaded.ref)), ...operatorOptions(p.items, loaded)];
  if (doc.synopsis) doc.options.push(...synopsisOptions(p.synopsis, doc.options, `Listed in the SYNOPSIS of ${loaded.ref}; the page does not describe it further.`, doc.synopsis));
  return doc;
}

/**
 * A bash builtin documented in bash(1). Its options are the ones nested under its entry, plus those its synopsis
 * names inline (`kill [-s sigspec | -n signum | -sigspec]`): `-sigspec` becomes a `-<sigspec>` form that any
 * `-9` or `-KILL` matches.
 */
export function builtinDoc(name: string, b: BuiltinEntry): CommandDoc {
  const options: DocOption[] = b.options.map((o) => optionOf(o, b.source.path, b.source.page));
  const synopsis = b.tag ?? '';
  options.push(...synopsisOptions(synopsis, options, `(from the synopsis of ${name}) ${b.description}`, b.source));
  // set [+abe...] [+o option-name]: a + spelling turns the option off
  if (/\[\+[A-Za-z]/.test(synopsis)) for (const o of options) o.flags = [...o.flags, ...o.flags.filter((f) => /^-[A-Za-z]$/.test(f)).map((f) => `+${f[1]}`)];
  for (const m of synopsis.matchAll(/(?:^|[[\s|])-([a-z][a-z_]{2,})(?=[\s\]|])/g)) {
    options.push({
      flags: [`-<${m[1]}>`],
      arg: '',
      shape: 'none',
      text: `(from the synopsis of ${name}: a signal given by its number or name, like -9 or -KILL) ${b.description}`,
      tag: `-${m[1]}`,
      source: b.source,
    });
  }
  return {
    kind: 'builtin',
    name,
    ref: b.source.page,
    summary: `Shell builtin: ${b.description}`,
    source: b.source,
    options,
    hasSubcommands: false,
    subcommand: () => undefined,
  };
}
