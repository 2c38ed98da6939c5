import { Parser as TSParser } from 'web-tree-sitter';
import { initParser, onParserReset, parseShell, parseText, type Node } from '../parse.js';
import { findOption, takesArgument, type ManOption, type ManPages, type Source } from '../manpages/index.js';
import { BUILTINS, EXPANSIONS, KEYWORDS, OPERATORS, REDIRECTIONS, type SyntaxEntry } from './tables.js';
import { innerScript, wordFromNode, type Word } from './words.js';
import { WRAPPERS } from '../wrappers.js';

export type PartKind =
  | 'command'
  | 'subcommand'
  | 'flag'
  | 'argument'
  | 'operand'
  | 'operator'
  | 'redirection'
  | 'assignment'
  | 'expansion'
  | 'keyword'
  | 'host';

export interface Part {
  /** The exact text of the command line at [start, end). */
  text: string;
  start: number;
  end: number;
  kind: PartKind;
  explanation: string;
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

interface CommandCtx {
  name: string;
  ref: string;
  options: ManOption[];
  /** Fallback option tables (the parent page for subcommands). */
  fallback: { ref: string; path: string; options: ManOption[] }[];
  path: string | null;
  synopsis: Source | null;
  depth: number;
  range: [number, number];
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash']);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** Explains a command line token by token, citing the man page text each explanation comes from. */
export class Explainer {
  constructor(
    private readonly man: ManPages,
    private readonly defaults: { dashlessBundles: string[] } = { dashlessBundles: ['tar', 'ps', 'ar'] },
  ) {}

  async explain(text: string, opts: ExplainOptions = {}): Promise<Explanation> {
    const tree = await parseShell(text);
    try {
      return this.explainTree(tree.rootNode, text, opts);
    } finally {
      tree.delete();
    }
  }

  explainTree(root: Node, text: string, opts: ExplainOptions = {}, offset = 0, depth = 0): Explanation {
    const run = new Run(this.man, text, offset, opts.dashlessBundles ?? this.defaults.dashlessBundles, opts.opaque ?? [], opts.signal);
    run.walk(root, depth);
    return { text, parts: run.sorted() };
  }
}

class Run {
  readonly parts: Part[] = [];
  private nestedBudget = 8;

  constructor(
    private readonly man: ManPages,
    private readonly text: string,
    private readonly offset: number,
    private readonly dashless: string[],
    private readonly opaque: { start: number; end: number; note: string }[],
    private readonly signal: AbortSignal | undefined,
  ) {}

  sorted(): Part[] {
    return this.parts.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  private push(p: Omit<Part, 'text'>): void {
    // parts are in the outer command line's offsets, and their text is always the outer text
    this.parts.push({ ...p, text: this.text.slice(p.start, p.end) });
  }

  private syntax(entry: SyntaxEntry | undefined, table: string, key: string): { explanation: string; source: Source | null } {
    if (!entry) return { explanation: '', source: null };
    const src = this.man.bashSection(entry.section, entry.subsection);
    return {
      explanation: entry.text,
      source: src ?? { path: `kibitz:${table}`, page: `kibitz ${table} table`, section: key, lines: null },
    };
  }

  private pushSyntax(node: { startIndex: number; endIndex: number }, kind: PartKind, entry: SyntaxEntry | undefined, table: string, key: string, depth: number, extra = ''): void {
    if (!entry) return;
    const s = this.syntax(entry, table, key);
    this.push({ start: node.startIndex + this.offset, end: node.endIndex + this.offset, kind, explanation: s.explanation + extra, source: s.source, depth });
  }

  walk(node: Node, depth: number): void {
    if (this.signal?.aborted) return;
    switch (node.type) {
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_end':
      case 'heredoc_start':
        return;
      case 'command':
        this.command(node, depth);
        return;
      case 'declaration_command':
      case 'unset_command':
        this.declaration(node, depth);
        return;
      case 'variable_assignment':
        this.pushSyntax(node, 'assignment', EXPANSIONS.variable_assignment, 'expansions', 'assignment', depth);
        for (const c of node.namedChildren) if (c) this.walk(c, depth);
        return;
      case 'file_redirect':
      case 'heredoc_redirect':
      case 'herestring_redirect':
        this.redirect(node, depth);
        return;
      case 'command_substitution':
      case 'process_substitution':
      case 'expansion':
      case 'simple_expansion':
      case 'arithmetic_expansion':
      case 'brace_expression':
        this.pushSyntax(node, 'expansion', EXPANSIONS[node.type], 'expansions', node.type, depth);
        for (const c of node.namedChildren) if (c) this.walk(c, depth);
        return;
    }
    for (const c of node.children) {
      if (!c) continue;
      if (!c.isNamed) {
        const t = c.type;
        if (OPERATORS[t]) this.pushSyntax(c, 'operator', OPERATORS[t], 'operators', t, depth);
        else if (KEYWORDS[t]) this.pushSyntax(c, 'keyword', KEYWORDS[t], 'keywords', t, depth);
        continue;
      }
      this.walk(c, depth);
    }
  }

  private redirect(node: Node, depth: number): void {
    let op = '';
    for (const c of node.children) if (c && !c.isNamed) op = op || c.type;
    const fd = node.children.find((c) => c?.type === 'file_descriptor')?.text;
    const key = op === '>&' || op === '<&' ? op : op;
    const entry = REDIRECTIONS[key] ?? REDIRECTIONS[op.replace(/-$/, '')];
    const dest = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    const extra = fd ? ` Applies to file descriptor ${fd}${fd === '2' ? ' (standard error)' : fd === '1' ? ' (standard output)' : fd === '0' ? ' (standard input)' : ''}.` : '';
    const target = dest && node.type === 'file_redirect' ? ` Target: ${dest.text}.` : '';
    this.pushSyntax(node, 'redirection', entry, 'redirections', op, depth, extra + target);
    for (const c of node.namedChildren) if (c && c.type !== 'heredoc_body') this.walkExpansions(c, depth);
  }

  private declaration(node: Node, depth: number): void {
    const kw = node.children[0];
    if (kw) this.builtinCommand(kw.text, kw.startIndex, kw.endIndex, depth);
    for (const c of node.namedChildren) if (c) this.walk(c, depth);
  }

  private walkExpansions(node: Node, depth: number): void {
    if (['command_substitution', 'process_substitution', 'expansion', 'simple_expansion', 'arithmetic_expansion'].includes(node.type)) {
      this.walk(node, depth);
      return;
    }
    for (const c of node.namedChildren) if (c) this.walkExpansions(c, depth);
  }

  private command(node: Node, depth: number): void {
    let name: Word | undefined;
    const args: Word[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') this.walk(c, depth);
      else if (c.type.endsWith('_redirect')) this.redirect(c, depth);
      else if (c.type === 'command_name') name = wordFromNode(c.namedChildren[0] ?? c);
      else if (c.type !== 'comment') args.push(wordFromNode(c));
    }
    if (!name) return;
    const range: [number, number] = [node.startIndex + this.offset, node.endIndex + this.offset];
    this.words(name, args, depth, range);
    this.walkExpansions(node.childForFieldName('name') ?? node, depth);
    for (const a of args) if (a.node) this.walkExpansions(a.node, depth);
  }

  private abs(w: Word): [number, number] {
    return [w.start + this.offset, w.end + this.offset];
  }

  private opaqueAt(w: Word): { note: string } | undefined {
    const [s, e] = this.abs(w);
    return this.opaque.find((o) => o.start < e && o.end > s);
  }

  private builtinCommand(name: string, start: number, end: number, depth: number): CommandCtx | undefined {
    const b = this.man.builtin(name);
    const range: [number, number] = [start + this.offset, end + this.offset];
    if (b) {
      this.push({ start: range[0], end: range[1], kind: 'command', explanation: `Shell builtin: ${b.description}`, source: b.source, command: name, depth });
      return { name, ref: b.source.page, options: b.options, fallback: [], path: b.source.path, synopsis: b.source, depth, range };
    }
    if (BUILTINS[name]) {
      const source: Source = { path: 'kibitz:builtins', page: 'kibitz builtin table', section: name, lines: null };
      this.push({ start: range[0], end: range[1], kind: 'command', explanation: `Shell builtin: ${BUILTINS[name]}`, source, command: name, depth });
      return { name, ref: 'kibitz builtin table', options: [], fallback: [], path: null, synopsis: null, depth, range };
    }
    return undefined;
  }

  /** A simple command given as words (also used for nested commands after sudo, xargs, find -exec...). */
  private words(nameWord: Word, args: Word[], depth: number, range: [number, number]): void {
    if (this.signal?.aborted) return;
    const [ns, ne] = this.abs(nameWord);
    const opaque = this.opaqueAt(nameWord);
    if (opaque || nameWord.value === undefined) {
      this.push({
        start: ns, end: ne, kind: opaque ? 'host' : 'command',
        explanation: opaque ? `${opaque.note}; the command it names is not known until then.` : 'Command name computed at run time (it contains an expansion), so it cannot be looked up.',
        source: null, depth, commandRange: range,
      });
      this.operands(args, null, depth, range);
      return;
    }
    const full = nameWord.value;
    const name = full.includes('/') ? full.slice(full.lastIndexOf('/') + 1) : full;
    let ctx: CommandCtx | undefined;
    if (!full.includes('/') && (BUILTINS[name] || this.man.builtin(name))) {
      ctx = this.builtinCommand(name, nameWord.start, nameWord.end, depth);
    }
    if (!ctx) {
      const page = name ? this.man.page(name) : undefined;
      if (page) {
        const p = page.page;
        this.push({
          start: ns, end: ne, kind: 'command',
          explanation: `${p.name || name} — ${p.summary || '(no NAME line)'}`,
          source: { path: page.path, page: page.ref, section: 'NAME', lines: p.nameLines },
          command: name, depth, commandRange: range,
        });
        ctx = {
          name, ref: page.ref, options: p.options, fallback: [], path: page.path,
          synopsis: p.synopsisLines[0] ? { path: page.path, page: page.ref, section: 'SYNOPSIS', lines: p.synopsisLines } : null,
          depth, range,
        };
      } else {
        this.push({
          start: ns, end: ne, kind: 'command',
          explanation: `No manual page for \`${name}\` on this machine, and it is not a shell builtin; kibitz does not know what it does.`,
          source: null, command: name, depth, commandRange: range,
        });
        ctx = { name, ref: name, options: [], fallback: [], path: null, synopsis: null, depth, range };
      }
    }
    for (const p of this.parts) if (p.start === ns && p.end === ne && p.kind === 'command') p.commandRange = range;
    if (name in WRAPPERS) {
      const stop = this.flags(ctx, args, { stopAtOperand: true, subcommands: false });
      let i = stop;
      if (name === 'env') {
        while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!.value ?? args[i]!.raw)) {
          const [s, e] = this.abs(args[i]!);
          const syn = this.syntax(EXPANSIONS.variable_assignment, 'expansions', 'assignment');
          this.push({ start: s, end: e, kind: 'assignment', explanation: `Sets this variable in the environment of the command that env runs.`, source: ctx.synopsis ?? syn.source, command: name, depth });
          i++;
        }
      }
      for (let k = 0; k < WRAPPERS[name]!.operands && i < args.length; k++, i++) this.operand(ctx, args[i]!, depth);
      if (i < args.length) {
        const nested = args[i]!;
        this.words(nested, args.slice(i + 1), depth + 1, [this.abs(nested)[0], range[1]]);
      }
      return;
    }
    if (name === 'find') {
      this.find(ctx, args, depth, range);
      return;
    }
    this.flags(ctx, args, { stopAtOperand: false, subcommands: true });
    if (SHELLS.has(name)) this.shellDashC(args, depth);
  }

  private operands(args: Word[], ctx: CommandCtx | null, depth: number, _range: [number, number]): void {
    for (const a of args) this.operand(ctx, a, depth);
  }

  private operand(ctx: CommandCtx | null, w: Word, depth: number, note?: string): void {
    const [s, e] = this.abs(w);
    const opaque = this.opaqueAt(w);
    if (opaque) {
      this.push({ start: s, end: e, kind: 'host', explanation: `${opaque.note}.`, source: null, command: ctx?.name, depth });
      return;
    }
    const what = note ?? (ctx ? `Operand of \`${ctx.name}\`${ctx.synopsis ? ' (see its SYNOPSIS)' : ''}.` : 'Operand.');
    this.push({ start: s, end: e, kind: 'operand', explanation: what, source: ctx?.synopsis ?? null, command: ctx?.name, depth });
  }

  private lookup(ctx: CommandCtx, flag: string): { option: ManOption; ref: string; path: string } | undefined {
    const own = findOption(ctx.options, flag);
    if (own && ctx.path) return { option: own, ref: ctx.ref, path: ctx.path };
    for (const f of ctx.fallback) {
      const o = findOption(f.options, flag);
      if (o) return { option: o, ref: f.ref, path: f.path };
    }
    return undefined;
  }

  private flagPart(ctx: CommandCtx, start: number, end: number, flag: string, depth: number, valueNote = ''): ManOption | undefined {
    const hit = this.lookup(ctx, flag);
    if (hit) {
      const o = hit.option;
      this.push({
        start, end, kind: 'flag', flag,
        explanation: `${o.tag}: ${o.description || '(no description in the page)'}${valueNote}`,
        source: { path: hit.path, page: hit.ref, section: o.section, lines: o.lines },
        command: ctx.name, depth,
      });
      return o;
    }
    this.push({
      start, end, kind: 'flag', flag,
      explanation: ctx.path
        ? `\`${flag}\` is not listed in the ${ctx.ref} manual page on this machine.${valueNote}`
        : `Unknown option \`${flag}\`: no manual page for \`${ctx.name}\` on this machine.${valueNote}`,
      source: null, command: ctx.name, depth,
    });
    return undefined;
  }

  private boundArg(ctx: CommandCtx, w: Word, o: ManOption, flag: string, depth: number): void {
    const [s, e] = this.abs(w);
    const hit = this.lookup(ctx, flag);
    this.push({
      start: s, end: e, kind: 'argument',
      explanation: `Argument ${o.arg} of \`${flag}\`.`,
      source: hit ? { path: hit.path, page: hit.ref, section: o.section, lines: o.lines } : null,
      command: ctx.name, depth,
    });
  }

  private wrapperArg(ctx: CommandCtx, w: Word, flag: string): void {
    const [s, e] = this.abs(w);
    this.push({ start: s, end: e, kind: 'argument', explanation: `Argument of \`${flag}\`.`, source: null, command: ctx.name, depth: ctx.depth });
  }

  /**
   * Flags and operands of one command. Returns the index of the first operand when stopAtOperand
   * (wrappers), else args.length.
   */
  private flags(ctx: CommandCtx, args: Word[], opts: { stopAtOperand: boolean; subcommands: boolean }): number {
    const depth = ctx.depth;
    let endOfOptions = false;
    let sawOperand = false;
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!;
      const v = w.value;
      const [s, e] = this.abs(w);
      if (v === undefined || endOfOptions || this.opaqueAt(w)) {
        if (opts.stopAtOperand) return i;
        this.operand(ctx, w, depth);
        sawOperand = true;
        continue;
      }
      if (v === '--') {
        this.push({ start: s, end: e, kind: 'operator', explanation: 'End of options: every word after it is an operand, even if it starts with -.', source: null, command: ctx.name, depth });
        endOfOptions = true;
        continue;
      }
      const rawIsValue = w.raw === v; // offsets inside the word are exact only for unquoted words
      if (v.startsWith('--') && v.length > 2) {
        const eq = v.indexOf('=');
        const flag = eq > 0 ? v.slice(0, eq) : v;
        const note = eq > 0 ? ` Value given: \`${v.slice(eq + 1)}\`.` : '';
        const o = this.flagPart(ctx, s, e, flag, depth, note);
        if (o && eq < 0 && takesArgument(o) === 'required' && i + 1 < args.length) this.boundArg(ctx, args[++i]!, o, flag, depth);
        else if (!o && eq < 0 && i + 1 < args.length && WRAPPERS[ctx.name]?.argFlags.includes(flag)) this.wrapperArg(ctx, args[++i]!, flag);
        continue;
      }
      if (/^[-+][^-]/.test(v) && !/^-\d+$/.test(v) || (v.startsWith('-') && v.length > 1 && this.lookup(ctx, v))) {
        // Whole-word option first: find -name, java -version, ls -1.
        const whole = this.lookup(ctx, v);
        if (whole || v.length === 2) {
          const o = this.flagPart(ctx, s, e, v, depth);
          if (o && takesArgument(o) === 'required' && i + 1 < args.length) this.boundArg(ctx, args[++i]!, o, v, depth);
          else if (!o && i + 1 < args.length && WRAPPERS[ctx.name]?.argFlags.includes(v)) this.wrapperArg(ctx, args[++i]!, v);
          continue;
        }
        const eq = v.indexOf('=');
        if (eq > 0 && this.lookup(ctx, v.slice(0, eq))) {
          this.flagPart(ctx, s, e, v.slice(0, eq), depth, ` Value given: \`${v.slice(eq + 1)}\`.`);
          continue;
        }
        i = this.bundle(ctx, args, i, 1, rawIsValue, depth);
        continue;
      }
      if (!sawOperand && i === 0 && this.dashless.includes(ctx.name) && /^[a-zA-Z]{1,12}$/.test(v) && [...v].every((c) => this.lookup(ctx, '-' + c))) {
        i = this.bundle(ctx, args, i, 0, rawIsValue, depth);
        continue;
      }
      const kv = /^([a-z][\w-]*)=/.exec(v);
      if (kv && findOption(ctx.options, kv[1]!)) {
        this.flagPart(ctx, s, e, kv[1]!, depth, ` Value given: \`${v.slice(kv[0].length)}\`.`);
        continue;
      }
      if (opts.stopAtOperand) return i;
      if (opts.subcommands && !sawOperand && /^[a-z][a-z0-9-]*$/.test(v)) {
        const sub = this.man.subcommand(ctx.name, v);
        if (sub) {
          this.push({
            start: s, end: e, kind: 'subcommand',
            explanation: `${sub.page.name || ctx.name + '-' + v} — ${sub.page.summary}`,
            source: { path: sub.path, page: sub.ref, section: 'NAME', lines: sub.page.nameLines },
            command: ctx.name, depth,
          });
          ctx.fallback = ctx.path ? [{ ref: ctx.ref, path: ctx.path, options: ctx.options }, ...ctx.fallback] : ctx.fallback;
          ctx.name = `${ctx.name} ${v}`;
          ctx.ref = sub.ref;
          ctx.path = sub.path;
          ctx.options = sub.page.options;
          ctx.synopsis = sub.page.synopsisLines[0] ? { path: sub.path, page: sub.ref, section: 'SYNOPSIS', lines: sub.page.synopsisLines } : ctx.synopsis;
          continue;
        }
      }
      this.operand(ctx, w, depth);
      sawOperand = true;
    }
    return args.length;
  }

  /** Bundled short flags: -xzvf (from=1) or dashless xzvf (from=0). Returns the last index consumed. */
  private bundle(ctx: CommandCtx, args: Word[], i: number, from: number, exact: boolean, depth: number): number {
    const w = args[i]!;
    const v = w.value!;
    const [s, e] = this.abs(w);
    const prefix = v[0] === '+' ? '+' : '-';
    let needsNext: { o: ManOption; flag: string } | undefined;
    for (let k = from; k < v.length; k++) {
      const flag = prefix + v[k]!;
      const ps = exact ? s + (k === from && from === 1 ? 0 : k) : s;
      const pe = exact ? s + k + 1 : e;
      const o = this.flagPart(ctx, ps, pe, flag, depth);
      if (o && takesArgument(o) === 'required') {
        if (k + 1 < v.length) {
          // the rest of the word is the argument: -ofile, -n10
          if (exact) {
            this.push({ start: s + k + 1, end: e, kind: 'argument', explanation: `Argument ${o.arg} of \`${flag}\`.`, source: this.parts[this.parts.length - 1]!.source, command: ctx.name, depth });
          }
          return i;
        }
        needsNext = { o, flag };
      }
    }
    if (needsNext && i + 1 < args.length) {
      this.boundArg(ctx, args[i + 1]!, needsNext.o, needsNext.flag, depth);
      return i + 1;
    }
    return i;
  }

  private find(ctx: CommandCtx, args: Word[], depth: number, range: [number, number]): void {
    let i = 0;
    // starting points and leading -H -L -P options
    while (i < args.length) {
      const v = args[i]!.value;
      if (v !== undefined && (v.startsWith('-') || v === '(' || v === '!' || v === ')')) break;
      this.operand(ctx, args[i]!, depth, 'Starting point: a directory (or file) where find begins searching.');
      i++;
    }
    for (; i < args.length; i++) {
      const w = args[i]!;
      const v = w.value;
      const [s, e] = this.abs(w);
      if (v !== undefined && FIND_EXEC.has(v)) {
        this.flagPart(ctx, s, e, v, depth);
        let j = i + 1;
        while (j < args.length && args[j]!.value !== ';' && args[j]!.value !== '+') j++;
        if (j > i + 1) this.words(args[i + 1]!, args.slice(i + 2, j), depth + 1, [this.abs(args[i + 1]!)[0], j < args.length ? this.abs(args[j]!)[1] : range[1]]);
        if (j < args.length) {
          const [ts, te] = this.abs(args[j]!);
          this.push({
            start: ts, end: te, kind: 'operator', command: ctx.name, depth,
            explanation: args[j]!.value === ';' ? `Ends the ${v} command; it runs once per file found.` : `Ends the ${v} command; file names are appended in batches (like xargs).`,
            source: this.lookup(ctx, v) ? { path: ctx.path!, page: ctx.ref, section: this.lookup(ctx, v)!.option.section, lines: this.lookup(ctx, v)!.option.lines } : null,
          });
        }
        i = j;
        continue;
      }
      if (v !== undefined && /^-[a-zA-Z]/.test(v)) {
        const o = this.flagPart(ctx, s, e, v, depth);
        if (o && takesArgument(o) === 'required' && i + 1 < args.length) this.boundArg(ctx, args[++i]!, o, v, depth);
        continue;
      }
      if (v === '!' || v === '(' || v === ')' || v === ',') {
        this.push({ start: s, end: e, kind: 'operator', explanation: v === '!' ? 'Negates the next expression (find operator).' : v === ',' ? 'List operator of find.' : 'Groups find expressions.', source: null, command: ctx.name, depth });
        continue;
      }
      this.operand(ctx, w, depth);
    }
  }

  /** `bash -c 'cmd'`: the string is parsed and explained as a nested command line. */
  private shellDashC(args: Word[], depth: number): void {
    const idx = args.findIndex((a) => a.value !== undefined && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a.value));
    const script = idx >= 0 ? args[idx + 1] : undefined;
    if (!script || this.nestedBudget-- <= 0) return;
    const inner = innerScript(script);
    if (!inner) return;
    const root = parseNested(inner.text);
    if (!root) return;
    try {
      const run = new Run(this.man, this.text, this.offset + inner.offset, this.dashless, this.opaque, this.signal);
      run.nestedBudget = this.nestedBudget;
      run.walk(root.rootNode, depth + 1);
      // the operand part for the script string stays; nested parts are more precise
      for (const p of run.parts) this.parts.push(p);
    } finally {
      root.delete();
    }
  }
}

let nestedParser: TSParser | undefined;
const loadNested = () => initParser().then((p) => (nestedParser = p), () => undefined);
void loadNested();
onParserReset(() => {
  nestedParser = undefined;
  void loadNested();
});

function parseNested(text: string) {
  return (nestedParser && parseText(nestedParser, text)) ?? null;
}
