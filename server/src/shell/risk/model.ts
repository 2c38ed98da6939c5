import type { Node, Tree } from '../parse.js';
import { initParser, parseText } from '../parse.js';
import { innerScript, wordFromNode, type Word } from '../explain/words.js';
import { baseName, chain, modelCommand, NO_DOCS, type Docs } from '../command.js';
import { WRAPPERS } from '../wrappers.js';
import { varFacts, type VarFacts } from './vars.js';

/** One executed simple command, after unwrapping sudo/env/xargs/bash -c and friends. */
export interface SimpleCommand {
  /** Command name after quote removal and path stripping (`\rm`, `/bin/rm`, `r''m` -> rm). */
  name: string;
  nameWord: Word;
  args: Word[];
  redirects: { op: string; target: Word | undefined; start: number; end: number }[];
  sudo: boolean;
  /** Arguments come from stdin (xargs). */
  viaXargs: boolean;
  /** The command whose output feeds this one through a pipe. */
  pipedFrom?: SimpleCommand;
  /** Where the whole command starts, wrappers included (`sudo -E bash` -> at sudo). */
  outerStart: number;
  start: number;
  end: number;
}

export interface ScriptModel {
  commands: SimpleCommand[];
  /** Function names defined that call themselves through a background pipe (fork bombs). */
  forkBombs: { start: number; end: number; name: string }[];
  /** Command/process substitutions that download: `$(curl ...)`, `<(wget ...)`, with where they are used. */
  substitutions: { kind: string; text: string; start: number; end: number; commands: SimpleCommand[] }[];
  /** Trees parsed for nested scripts (`bash -c '...'`), owned by the model. */
  nested: Tree[];
  /** Documentation options are bound with. */
  docs: Docs;
  /** What the script tells about its variables (values that cannot be empty, word lists, `${X:?}` checks). */
  readonly facts: VarFacts;
  /** Every `NAME=value` (plain, `export`, `local`, `declare`), for rules about the shell itself (HISTFILE). */
  readonly assignments: { name: string; value: string; start: number; end: number; unset?: boolean }[];
}

export function disposeModel(model: ScriptModel): void {
  for (const t of model.nested) t.delete();
  model.nested.length = 0;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash']);

export { baseName };

/**
 * The executed-command model of a parsed script. Words keep their tree nodes, so `tree` must live while the
 * model is used; trees parsed for nested `bash -c` scripts are in `model.nested`: call `disposeModel` when done.
 */
export function modelOfTree(tree: Tree, parser: P, docs: Docs = NO_DOCS, text?: string): ScriptModel {
  // facts and assignments walk the whole tree: only when a rule asks (most scripts never need them)
  let facts: VarFacts | undefined;
  let assignments: ScriptModel['assignments'] | undefined;
  const root = tree.rootNode;
  const model: ScriptModel = {
    commands: [],
    forkBombs: [],
    substitutions: [],
    nested: [],
    docs,
    get facts() {
      facts ??= varFacts(text ?? root.text);
      return facts;
    },
    get assignments() {
      if (!assignments) {
        assignments = [];
        if (/HIST/.test(text ?? root.text)) collectAssignments(root, 0, assignments);
      }
      return assignments;
    },
  };
  collect(root, 0, model, parser, 0);
  return model;
}

function collectAssignments(node: Node, offset: number, out: ScriptModel['assignments']): void {
  if (node.type === 'variable_assignment') {
    const name = node.childForFieldName('name')?.text ?? '';
    const value = node.childForFieldName('value')?.text ?? '';
    out.push({ name, value, start: node.startIndex + offset, end: node.endIndex + offset });
  }
  if (node.type === 'unset_command') {
    for (const c of node.namedChildren) if (c && c.type !== 'comment') out.push({ name: c.text, value: '', start: c.startIndex + offset, end: c.endIndex + offset, unset: true });
    return;
  }
  if (node.type === 'heredoc_body' || node.type === 'comment') return;
  for (const c of node.namedChildren) if (c) collectAssignments(c, offset, out);
}

/** Nodes that can hold neither a command nor a substitution: the walk does not descend into them. */
const LEAVES = new Set([
  'word',
  'number',
  'raw_string',
  'ansi_c_string',
  'variable_name',
  'simple_expansion',
  'special_variable_name',
  'file_descriptor',
  'regex',
  'heredoc_start',
  'heredoc_end',
  'test_operator',
  'string_content',
  'comment',
  'heredoc_body',
]);

export type P = Awaited<ReturnType<typeof initParser>>;

const WORDLIKE = new Set([
  'variable_assignment',
  'variable_assignments',
  'declaration_command',
  'string',
  'concatenation',
  'expansion',
  'array',
  'test_command',
  'binary_expression',
  'unary_expression',
  'parenthesized_expression',
  'arithmetic_expansion',
  'regex',
  'translated_string',
]);

function shift(w: Word, offset: number): Word {
  return { ...w, start: w.start + offset, end: w.end + offset };
}

function collect(node: Node, offset: number, model: ScriptModel, parser: P, depth: number, pipedFrom?: () => SimpleCommand | undefined): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const type = node.type;
  if (LEAVES.has(type)) return out;
  // values and tests hold a command only inside a substitution: one look at their text saves walking them
  if (WORDLIKE.has(type) && !/\$\(|[<>]\(|`/.test(node.text)) return out;
  switch (type) {
    case 'function_definition': {
      const name = node.childForFieldName('name')?.text ?? '';
      const body = node.childForFieldName('body');
      if (name && body && new RegExp(`(^|[^\\w])${escapeRe(name)}\\s*\\|\\s*${escapeRe(name)}\\s*&`).test(body.text)) {
        model.forkBombs.push({ start: node.startIndex + offset, end: node.endIndex + offset, name });
      }
      break;
    }
    case 'pipeline': {
      // a pipeline after a here-document (`cat <<EOF | tee x`) is fed by the command before it
      let prev: SimpleCommand | undefined = pipedFrom?.();
      for (const c of node.namedChildren) {
        if (!c) continue;
        const from = prev;
        const cmds = collect(c, offset, model, parser, depth, () => from);
        out.push(...cmds);
        prev = cmds[cmds.length - 1] ?? prev;
      }
      return out;
    }
    case 'redirected_statement': {
      // `> /var/log/syslog` alone: the statement is only its redirection
      const first = node.childForFieldName('body') ?? node.namedChildren[0];
      const body = first && !first.type.endsWith('_redirect') ? first : undefined;
      const cmds = body ? collect(body, offset, model, parser, depth, pipedFrom) : [];
      const last = cmds[cmds.length - 1];
      for (const r of node.namedChildren) {
        if (!r || r === body || !r.type.endsWith('_redirect')) continue;
        const red = redirectOf(r, offset);
        if (last) last.redirects.push(red);
        else model.commands.push(pseudo(red, offset));
        collectSubs(r, offset, model, parser, depth);
        // `cat <<EOF > /etc/hosts` and `cat <<EOF | sudo tee /etc/hosts`: what follows the delimiter on its line
        if (r.type === 'heredoc_redirect') {
          for (const inner of r.namedChildren) {
            if (!inner || inner.type === 'heredoc_body' || inner.type === 'heredoc_start' || inner.type === 'heredoc_end') continue;
            if (inner.type.endsWith('_redirect')) {
              if (last) last.redirects.push(redirectOf(inner, offset));
            } else out.push(...collect(inner, offset, model, parser, depth, () => last));
          }
        }
      }
      out.push(...cmds);
      return out;
    }
    case 'command': {
      const cmd = simple(node, offset, pipedFrom?.());
      if (cmd) {
        for (const c of unwrap(cmd, model, parser, depth)) {
          model.commands.push(c);
          out.push(c);
        }
      }
      collectSubs(node, offset, model, parser, depth);
      return out;
    }
  }
  for (const c of node.namedChildren) if (c) out.push(...collect(c, offset, model, parser, depth));
  return out;
}

function pseudo(red: SimpleCommand['redirects'][number], _offset: number): SimpleCommand {
  const w: Word = { start: red.start, end: red.start, raw: '', value: '', node: undefined };
  return { name: '', nameWord: w, args: [], redirects: [red], sudo: false, viaXargs: false, outerStart: red.start, start: red.start, end: red.end };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function redirectOf(r: Node, offset: number): SimpleCommand['redirects'][number] {
  let op = '';
  for (const c of r.children) if (c && !c.isNamed) op = op || c.type;
  const dest = r.childForFieldName('destination') ?? r.namedChildren.find((c) => c && c.type !== 'file_descriptor') ?? undefined;
  return { op, target: dest ? shift(wordFromNode(dest), offset) : undefined, start: r.startIndex + offset, end: r.endIndex + offset };
}

/** Substitutions inside a command's words: `$(curl ...)`, `<(curl ...)`. */
function collectSubs(node: Node, offset: number, model: ScriptModel, parser: P, depth: number): void {
  // most commands have no substitution at all: one look at the text saves walking every word
  if (!/\$\(|[<>]\(|`/.test(node.text)) return;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'command_substitution' || c.type === 'process_substitution') {
      const before = model.commands.length;
      for (const inner of c.namedChildren) if (inner) collect(inner, offset, model, parser, depth);
      model.substitutions.push({ kind: c.type, text: c.text, start: c.startIndex + offset, end: c.endIndex + offset, commands: model.commands.slice(before) });
    } else if (c.type !== 'command' && !LEAVES.has(c.type)) {
      collectSubs(c, offset, model, parser, depth);
    }
  }
}

function simple(node: Node, offset: number, pipedFrom: SimpleCommand | undefined): SimpleCommand | undefined {
  let nameWord: Word | undefined;
  const args: Word[] = [];
  const redirects: SimpleCommand['redirects'] = [];
  for (const c of node.namedChildren) {
    if (!c || c.type === 'variable_assignment' || c.type === 'comment') continue;
    if (c.type.endsWith('_redirect')) redirects.push(redirectOf(c, offset));
    else if (c.type === 'command_name') nameWord = shift(wordFromNode(c.namedChildren[0] ?? c), offset);
    else args.push(shift(wordFromNode(c), offset));
  }
  if (!nameWord) return undefined;
  return {
    name: nameWord.value !== undefined ? baseName(nameWord.value) : '',
    nameWord,
    args,
    redirects,
    sudo: false,
    viaXargs: false,
    pipedFrom,
    outerStart: node.startIndex + offset,
    start: node.startIndex + offset,
    end: node.endIndex + offset,
  };
}

/** sudo rm -> rm (sudo=true); xargs rm -> rm (viaXargs); bash -c 'rm -rf /' -> the inner commands. */
function unwrap(cmd: SimpleCommand, model: ScriptModel, parser: P, depth: number): SimpleCommand[] {
  // the wrappers, resolved by the same command model the explainer uses
  const links = WRAPPERS[cmd.name] ? chain(modelCommand(model.docs, cmd.nameWord, cmd.args, { dashless: [] })) : [];
  const seen = [cmd];
  let cur = cmd;
  for (let k = 1; k < links.length; k++) {
    const outer = links[k - 1]!;
    const next = links[k]!;
    if (!next.name) return seen;
    cur = {
      ...cur,
      name: next.name,
      nameWord: next.nameWord,
      args: next.args,
      sudo: cur.sudo || outer.name === 'sudo' || outer.name === 'doas',
      viaXargs: cur.viaXargs || outer.name === 'xargs',
      start: next.nameWord.start,
    };
    seen.push(cur);
  }
  if (SHELLS.has(cur.name) && depth < 4) {
    const idx = cur.args.findIndex((a) => a.value !== undefined && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.value));
    const script = idx >= 0 ? cur.args[idx + 1] : undefined;
    const inner = script ? innerScript(script) : undefined;
    if (inner) {
      const t = parseText(parser, inner.text);
      if (t) {
        model.nested.push(t);
        const nested: ScriptModel = Object.create(model, { commands: { value: [] } }) as ScriptModel;
        collect(t.rootNode, inner.offset, nested, parser, depth + 1);
        for (const n of nested.commands) if (cur.sudo) n.sudo = true;
        return [...seen, ...nested.commands];
      }
    }
  }
  return seen;
}
