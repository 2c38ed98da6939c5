import { argShape } from '../manpages/tag.js';
import type { BuiltinEntry, LoadedPage, ManPages, Source } from '../manpages/index.js';
import type { ManItem, ManOption } from '../manpages/page.js';
import type { CommandDoc, DocOption, DocSubcommand } from './types.js';

/** Sections that list a command's verbs (systemctl's COMMANDS, apt's "COMMANDS", ip's "OBJECT"). */
const VERB_SECTIONS = /COMMAND|VERB|ACTION|OPERATION|OBJECT/i;

function optionOf(o: ManOption, path: string, page: string): DocOption {
  return {
    flags: o.flags,
    arg: o.arg,
    shape: argShape(o.arg),
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

/** A command documented by a man page on this machine. */
export function manDoc(man: ManPages, name: string, loaded: LoadedPage, depth = 0): CommandDoc {
  const p = loaded.page;
  const verbs = depth === 0 ? p.items.filter((i) => VERB_SECTIONS.test(i.section) && verbOf(i.tag) && i.description) : [];
  const doc: CommandDoc = {
    kind: 'man',
    name,
    ref: loaded.ref,
    summary: p.summary,
    source: { path: loaded.path, page: loaded.ref, section: 'NAME', lines: p.nameLines },
    ...(p.synopsisLines[0] ? { synopsis: { path: loaded.path, page: loaded.ref, section: 'SYNOPSIS', lines: p.synopsisLines } } : {}),
    options: p.options.map((o) => optionOf(o, loaded.path, loaded.ref)),
    hasSubcommands: verbs.length > 0 || depth === 0,
    subcommand(word: string): DocSubcommand | undefined {
      if (depth > 0 || !/^[a-z][a-z0-9-]*$/.test(word)) return undefined;
      // git-style: a page of its own (git-log(1), docker-run(1))
      const own = man.subcommand(name, word);
      if (own) {
        const sub = manDoc(man, `${name} ${word}`, own, depth + 1);
        // options the parent documents still apply after the subcommand (git -C, systemctl --now)
        sub.options.push(...doc.options.filter((o) => !sub.options.some((s) => s.flags.some((f) => o.flags.includes(f)))));
        return { name: word, summary: own.page.summary, source: sub.source, doc: sub };
      }
      // a verb documented in a COMMANDS section of this page (systemctl enable, apt-get install)
      const verb = verbs.find((v) => v.tag.split(/,\s*/).some((t) => verbOf(t) === word));
      if (verb) return { name: word, summary: verb.description, source: itemSource(verb, loaded.path, loaded.ref) };
      return undefined;
    },
    dashless(letter: string): DocOption | undefined {
      // BSD-style entries are tagged by the bare letter (ps(1): `a`, `u`, `x`)
      const item = p.items.find((i) => i.tag === letter || i.tag.startsWith(`${letter} `));
      if (item) return { flags: [letter], arg: '', shape: 'none', text: item.description, tag: item.tag, source: itemSource(item, loaded.path, loaded.ref) };
      const o = p.options.find((x) => x.flags.includes(`-${letter}`));
      return o ? optionOf(o, loaded.path, loaded.ref) : undefined;
    },
  };
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
  for (const m of synopsis.matchAll(/(?:^|[[\s|])-([A-Za-z])\s+([a-z][\w]*)(?=[\s\]|])/g)) {
    const flag = `-${m[1]}`;
    if (!options.some((o) => o.flags.includes(flag))) options.push({ flags: [flag], arg: m[2]!, shape: 'required', text: `${flag} ${m[2]} (from the synopsis of ${name}): ${b.description}`, tag: `${flag} ${m[2]}`, source: b.source });
  }
  for (const m of synopsis.matchAll(/(?:^|[[\s|])-([a-z][a-z_]{2,})(?=[\s\]|])/g)) {
    options.push({ flags: [`-<${m[1]}>`], arg: '', shape: 'none', text: `-${m[1]} (from the synopsis of ${name}): ${b.description}`, tag: `-${m[1]}`, source: b.source });
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
