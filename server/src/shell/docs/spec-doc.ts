import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resourceRoot } from '../../util/resources.js';
import type { CommandDoc, DocOption, DocSubcommand, Source } from './types.js';

/**
 * CLIs without a man page on the machine (docker, kubectl, npm, terraform, gh, cargo, ...), from the Fig
 * completion specs converted at build time into data (scripts/build-specs.mjs): the server reads JSON only, and
 * never runs anything from the package.
 */
interface SpecArg {
  n: string;
  o?: 1;
  v?: 1;
  c?: 1;
  s?: { n: string; d?: string }[];
}
interface SpecOption {
  n: string[];
  d?: string;
  a?: SpecArg[];
  eq?: 1;
}
interface SpecCommand {
  n: string[];
  d?: string;
  o?: SpecOption[];
  a?: SpecArg[];
  s?: SpecCommand[];
  /** Another spec that holds this subcommand (`docker compose` → docker-compose). */
  l?: string;
}

export function specsDir(): string {
  return process.env.KIBITZ_SPECS_DIR || path.join(resourceRoot(), 'specs');
}

let provenance: { version: string } | undefined | null;

function specVersion(): string {
  if (provenance === undefined) {
    try {
      provenance = JSON.parse(readFileSync(path.join(specsDir(), 'PROVENANCE.json'), 'utf8')) as { version: string };
    } catch {
      provenance = null;
    }
  }
  return provenance?.version ?? '?';
}

const loaded = new Map<string, SpecCommand | null>();

function load(name: string): SpecCommand | undefined {
  if (!/^[a-z0-9][\w.+-]*$/i.test(name)) return undefined;
  if (!loaded.has(name)) {
    const file = path.join(specsDir(), `${name}.json`);
    let spec: SpecCommand | null = null;
    try {
      if (existsSync(file)) spec = JSON.parse(readFileSync(file, 'utf8')) as SpecCommand;
    } catch {
      spec = null;
    }
    loaded.set(name, spec);
  }
  return loaded.get(name) ?? undefined;
}

/** `spec: docker › run › --rm (@withfig/autocomplete 2.692.3)` */
function source(trail: string[], entry?: string): Source {
  const where = [...trail, ...(entry ? [entry] : [])].join(' › ');
  return { path: `spec:${trail.join('/')}`, page: `spec: ${where} (@withfig/autocomplete ${specVersion()})`, section: trail.join(' › '), lines: null };
}

function optionOf(o: SpecOption, trail: string[]): DocOption {
  const arg = o.a?.[0];
  const shape = !arg ? 'none' : arg.o ? 'optional' : 'required';
  const tag = `${o.n.join(', ')}${arg ? ` ${arg.o ? `[${arg.n}]` : arg.n}` : ''}`;
  const values = arg?.s?.map((s) => ({ value: s.n, text: s.d ?? '', lines: [0, 0] as [number, number] }));
  return {
    flags: o.n,
    arg: arg?.n ?? '',
    shape,
    text: o.d ?? '',
    tag,
    source: source(trail, o.n.find((f) => f.startsWith('--')) ?? o.n[0]),
    ...(values?.length ? { values } : {}),
    ...(o.eq ? { equals: true } : {}),
  };
}

function docOf(spec: SpecCommand, trail: string[], inherited: DocOption[]): CommandDoc {
  const own = (spec.o ?? []).map((o) => optionOf(o, trail));
  const options = [...own, ...inherited.filter((i) => !own.some((o) => o.flags.some((f) => i.flags.includes(f))))];
  return {
    kind: 'spec',
    name: trail.join(' '),
    ref: `spec: ${trail.join(' › ')}`,
    summary: spec.d ?? '',
    source: source(trail),
    options,
    hasSubcommands: !!spec.s?.length,
    subcommand(word: string): DocSubcommand | undefined {
      const found = spec.s?.find((s) => s.n.includes(word));
      if (!found) return undefined;
      const linked = found.l ? load(found.l) : undefined;
      const sub = linked ? { ...linked, n: found.n, d: found.d ?? linked.d } : found;
      // global options of the parent keep applying (kubectl -n, docker --context)
      const doc = docOf(sub, [...trail, word], options);
      return { name: word, summary: sub.d ?? '', source: doc.source, doc };
    },
  };
}

/** The spec of a CLI, when one ships with kibitz. */
export function specDoc(name: string): CommandDoc | undefined {
  const spec = load(name);
  return spec ? docOf(spec, [name], []) : undefined;
}

/**
 * What a CLI's spec says about it, as text for search: its summary, and its options' and subcommands' texts (at
 * most ~1,500 characters). A second description, in other words than the man page's.
 */
export function specText(name: string): { summary: string; details: string } | undefined {
  const spec = load(name);
  if (!spec) return undefined;
  const details = [...(spec.o ?? []).map((o) => o.d ?? ''), ...(spec.s ?? []).map((s) => `${s.n.join(' ')} ${s.d ?? ''}`)].join(' ').slice(0, 1500);
  return { summary: spec.d ?? '', details };
}
