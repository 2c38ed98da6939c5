import type { Bound } from '../bind.js';
import { modelCommand, type CommandModel, type WrapperUse } from '../command.js';
import type { CommandDoc, DocOption } from '../docs/index.js';
import type { Source } from '../manpages/index.js';
import { EXPANSIONS } from './tables.js';
import { languageOf, markProgram } from './programs.js';
import type { Run } from './run.js';
import type { Word } from './words.js';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash']);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** Called for a nested script (`bash -c '...'`): parse and explain it at `offset` of the outer text. */
export type NestedScript = (run: Run, word: Word, depth: number) => void;

/**
 * One simple command given as words: its program (through wrappers: sudo, env, timeout, xargs...), its options
 * bound to their arguments from the documentation, subcommands and verbs, operands, and the commands it runs
 * (find -exec, sh -c). Used for commands in the tree and for the ones wrappers name.
 */
export function commandParts(run: Run, nameWord: Word, args: Word[], depth: number, range: [number, number], nested: NestedScript): void {
  if (run.signal?.aborted) return;
  const [ns, ne] = run.abs(nameWord);
  const host = run.opaqueAt(nameWord);
  // the word a host variable was resolved to (below) is the program itself
  const opaque = host?.program && host.program === nameWord.value ? undefined : host;
  if (opaque?.program && opaque.start === ns && opaque.end === ne) {
    // a host variable that names the program (`$(MAKE) -C sub`, `$(GO) build`): explained as that program
    const from = run.parts.length;
    commandParts(run, { ...nameWord, value: opaque.program, raw: opaque.program }, args, depth, range, nested);
    const named = run.parts[from];
    if (named && named.start === ns && named.kind === 'command') named.explanation = `${opaque.note}. ${named.explanation}`;
    return;
  }
  if (opaque || nameWord.value === undefined) {
    run.push({
      start: ns,
      end: ne,
      kind: opaque ? 'host' : 'command',
      explanation: opaque ? `${opaque.note}; the command it names is not known until then.` : 'Command name computed at run time (it contains an expansion), so it cannot be looked up.',
      source: null,
      depth,
      commandRange: range,
    });
    for (const a of args) operandPart(run, a, undefined, '', depth);
    return;
  }
  const full = nameWord.value;
  const hasPath = full.includes('/');
  const name = hasPath ? full.slice(full.lastIndexOf('/') + 1) : full;
  const fn = !hasPath ? run.functions.get(name) : undefined;
  if (fn) {
    const where = `defined in this script at line ${fn.lines[0]}`;
    run.push({
      start: ns,
      end: ne,
      kind: 'function',
      explanation: `Function \`${name}\`, ${where}${fn.comment ? `: ${fn.comment}` : '.'}`,
      source: { path: 'script', page: 'this script', section: `${name}()`, lines: fn.lines },
      command: name,
      depth,
      commandRange: range,
    });
    args.forEach((a, k) => operandPart(run, a, undefined, name, depth, `Argument $${k + 1} of the function \`${name}\`.`));
    return;
  }
  modelParts(run, modelCommand(run.docs, nameWord, args, { dashless: run.dashless, argFlags: (n) => languageOf(n)?.flags }), depth, range, nested);
}

/** Parts for a command of the shared model: the command, its options, arguments, operands, what it wraps. */
function modelParts(run: Run, m: CommandModel, depth: number, range: [number, number], nested: NestedScript): void {
  if (run.signal?.aborted) return;
  const { name, doc, args } = m;
  const [ns, ne] = run.abs(m.nameWord);
  run.push({
    start: ns,
    end: ne,
    kind: 'command',
    explanation: doc
      ? `${doc.kind === 'builtin' ? '' : `${name} — `}${doc.summary || '(no summary in its documentation)'}`
      : `No manual page or CLI spec for \`${name}\` on this machine, and it is not a shell builtin; kibitz does not know what it does.`,
    source: doc?.source ?? null,
    command: name,
    depth,
    commandRange: range,
  });
  if (m.wrapper) return wrapperParts(run, m, m.wrapper, depth, range, nested);
  if (name === 'find') return findParts(run, doc, args, depth, range, nested);
  const programs = markProgram(run, name, m.binding.doc, m.binding.tokens, depth, m.label);
  boundParts(
    run,
    m.binding.tokens.filter((t) => !programs.includes(t)),
    name,
    m.binding.doc ?? doc,
    depth,
  );
  if (SHELLS.has(name)) shellDashC(run, args, depth, nested);
}

/** Parts for bound tokens; `name` grows with each subcommand (`git commit`). */
function boundParts(run: Run, tokens: Bound[], name: string, doc: CommandDoc | undefined, depth: number): void {
  let label = name;
  for (const t of tokens) {
    const [start, end] = run.abs(t);
    switch (t.kind) {
      case 'flag':
        flagPart(run, start, end, t.flag, t.option, label, doc, depth);
        break;
      case 'argument':
        argumentPart(run, start, end, t.flag, t.option, run.text.slice(start, end), label, depth);
        break;
      case 'subcommand':
        run.push({ start, end, kind: 'subcommand', explanation: `${label} ${t.sub.name} — ${t.sub.summary}`, source: t.sub.source, command: label, depth });
        label = `${label} ${t.sub.name}`;
        break;
      case 'end-of-options': {
        // a command that documents `--` itself (`set --`) is cited for it; else the convention's own documentation
        const own = doc?.options.find((o) => o.flags.includes('--'));
        if (own) flagPart(run, start, end, '--', own, label, doc, depth);
        else
          run.push({
            start,
            end,
            kind: 'operator',
            explanation: 'End of options: every word after it is an operand, even if it starts with -.',
            source: run.docs.endOfOptions(doc, label) ?? null,
            command: label,
            depth,
          });
        break;
      }
      case 'operand':
        operandPart(run, t.word, doc, label, depth);
        break;
    }
  }
}

/** Commands whose `-NUM` is an old spelling of an option with that number (`head -1` is `head -n 1`). */
const NUMBER_FLAG: Record<string, string> = { head: '-n', tail: '-n', fmt: '-w' };

function flagPart(run: Run, start: number, end: number, flag: string, o: DocOption | undefined, command: string, doc: CommandDoc | undefined, depth: number): void {
  const long = !o && /^-\d+$/.test(flag) ? NUMBER_FLAG[command] : undefined;
  const numbered = long ? doc?.options.find((x) => x.flags.includes(long)) : undefined;
  if (numbered) {
    const text = `\`${flag}\` is the old spelling of \`${long} ${flag.slice(1)}\`. ${numbered.tag}: ${numbered.text}`;
    run.push({ start, end, kind: 'flag', flag, explanation: text, ...(numbered.text ? { documented: numbered.text } : {}), source: numbered.source, command, depth });
    return;
  }
  if (o) {
    run.push({
      start,
      end,
      kind: 'flag',
      flag,
      explanation: `${o.tag}: ${o.text || '(no description in its documentation)'}`,
      ...(o.text ? { documented: o.text } : {}),
      source: o.source,
      command,
      depth,
    });
    return;
  }
  const why = doc
    ? `\`${flag}\` is not listed in ${doc.kind === 'spec' ? `the ${doc.ref}` : `the ${doc.ref} manual page`} on this machine.`
    : `Unknown option \`${flag}\`: nothing on this machine documents \`${command}\`.`;
  run.push({ start, end, kind: 'flag', flag, explanation: why, source: null, command, depth });
}

function argumentPart(run: Run, start: number, end: number, flag: string, o: DocOption, text: string, command: string, depth: number): void {
  const value = o.values?.find((v) => v.value === text || v.value.split(/[\s,]/)[0] === text);
  // `[=WHEN]` names WHEN; `=VALUE` (a bare `--since=`) names a value
  const placeholder = o.arg
    .replace(/^\[=?(.*)\]$/, '$1')
    .replace(/^=/, '')
    .trim();
  const what = `Argument ${placeholder && placeholder !== 'VALUE' ? placeholder : 'value'} of \`${flag}\``;
  if (value) {
    const source: Source = value.lines[0] ? { ...o.source, lines: value.lines } : o.source;
    run.push({ start, end, kind: 'argument', flag, explanation: `${what}: \`${value.value}\` = ${value.text}`, source, command, depth });
    return;
  }
  run.push({ start, end, kind: 'argument', flag, explanation: `${what}.`, source: o.source, command, depth });
}

function operandPart(run: Run, w: Word, doc: CommandDoc | undefined, command: string, depth: number, note?: string, cite = !note): void {
  const [s, e] = run.abs(w);
  const opaque = run.opaqueAt(w);
  if (opaque) {
    run.push({ start: s, end: e, kind: 'host', explanation: `${opaque.note}.`, source: null, command, depth });
    return;
  }
  const what = note ?? (command ? `Operand of \`${command}\`${doc?.synopsis ? ' (see its SYNOPSIS)' : ''}.` : 'Operand.');
  run.push({ start: s, end: e, kind: 'operand', explanation: what, source: cite ? (doc?.synopsis ?? doc?.source ?? null) : null, command, depth });
}

/** sudo, env, nice, timeout, xargs...: their own options, then the command they run (one level deeper). */
function wrapperParts(run: Run, m: CommandModel, w: WrapperUse, depth: number, range: [number, number], nested: NestedScript): void {
  boundParts(run, m.binding.tokens, m.name, m.doc, depth);
  for (const a of w.assignments) {
    const [s, e] = run.abs(a);
    const syn = run.syntax(EXPANSIONS.variable_assignment, 'expansions', 'assignment');
    run.push({
      start: s,
      end: e,
      kind: 'assignment',
      explanation: `Sets this variable in the environment of the command that ${m.name} runs.`,
      source: m.doc?.synopsis ?? syn.source,
      command: m.name,
      depth,
    });
  }
  for (const o of w.operands) operandPart(run, o, m.doc, m.name, depth, w.query ? `The command \`${m.name}\` looks up (it is not run).` : undefined, true);
  if (w.wrapped) commandParts(run, w.wrapped.nameWord, w.wrapped.args, depth + 1, [run.abs(w.wrapped.nameWord)[0], range[1]], nested);
}

/** The `-exec` form documented for this terminator: `-exec command ;` or `-exec command {} +`. */
function execOption(doc: CommandDoc | undefined, flag: string, terminator: string | undefined): DocOption | undefined {
  const forms = doc?.options.filter((o) => o.flags.includes(flag)) ?? [];
  return forms.find((o) => (terminator === '+' ? /\+\s*$/.test(o.tag) : /;\s*$/.test(o.tag))) ?? forms[0];
}

function findParts(run: Run, doc: CommandDoc | undefined, args: Word[], depth: number, range: [number, number], nested: NestedScript): void {
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v !== undefined && (v.startsWith('-') || v === '(' || v === '!' || v === ')')) break;
    operandPart(run, args[i]!, doc, 'find', depth, 'Starting point: a directory (or file) where find begins searching.', true);
  }
  for (; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    const [s, e] = run.abs(w);
    if (v !== undefined && FIND_EXEC.has(v)) {
      let j = i + 1;
      while (j < args.length && args[j]!.value !== ';' && args[j]!.value !== '+') j++;
      const terminator = args[j]?.value;
      const o = execOption(doc, v, terminator);
      flagPart(run, s, e, v, o, 'find', doc, depth);
      if (j > i + 1) {
        const from = run.parts.length;
        commandParts(run, args[i + 1]!, args.slice(i + 2, j), depth + 1, [run.abs(args[i + 1]!)[0], j < args.length ? run.abs(args[j]!)[1] : range[1]], nested);
        // {} is find's: the path of each file found goes there
        for (const p of run.parts.slice(from))
          if (p.text === '{}' && p.kind === 'operand')
            Object.assign(p, { explanation: `Replaced by find with the path of each file found${terminator === '+' ? ' (as many as fit, with +)' : ''}.`, source: o?.source ?? null });
      }
      if (j < args.length) {
        const [ts, te] = run.abs(args[j]!);
        run.push({
          start: ts,
          end: te,
          kind: 'operator',
          command: 'find',
          depth,
          source: o?.source ?? null,
          explanation: terminator === ';' ? `Ends the ${v} command; it runs once per file found.` : `Ends the ${v} command; file names are appended in batches (like xargs).`,
        });
      }
      i = j;
      continue;
    }
    if (v === '!' || v === '(' || v === ')' || v === ',') {
      run.push({
        start: s,
        end: e,
        kind: 'operator',
        explanation: v === '!' ? 'Negates the next expression (find operator).' : v === ',' ? 'List operator of find.' : 'Groups find expressions.',
        source: null,
        command: 'find',
        depth,
      });
      continue;
    }
    if (v !== undefined && /^-[a-zA-Z]/.test(v)) {
      const o = doc?.options.find((x) => x.flags.includes(v));
      flagPart(run, s, e, v, o, 'find', doc, depth);
      if (o && o.shape === 'required' && i + 1 < args.length) {
        const a = args[++i]!;
        const [as, ae] = run.abs(a);
        argumentPart(run, as, ae, v, o, run.text.slice(as, ae), 'find', depth);
      }
      continue;
    }
    operandPart(run, w, doc, 'find', depth);
  }
}

/** `bash -c 'cmd'`: the string is explained as a nested command line. */
function shellDashC(run: Run, args: Word[], depth: number, nested: NestedScript): void {
  const idx = args.findIndex((a) => a.value !== undefined && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.value));
  const script = idx >= 0 ? args[idx + 1] : undefined;
  if (!script || run.nestedBudget-- <= 0) return;
  nested(run, script, depth + 1);
}
