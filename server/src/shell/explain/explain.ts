import { CommandDocs } from '../docs/index.js';
import type { ManPages } from '../manpages/index.js';
import { initParser, onParserReset, parseShell, parseText, type Node } from '../parse.js';
import type { Parser } from 'web-tree-sitter';
import { commandParts } from './commands.js';
import { functionsOf, Run } from './run.js';
import { assignmentPart, expansionPart, isExpansion, redirectPart, testOperatorPart } from './syntax.js';
import { KEYWORDS, OPERATORS } from './tables.js';
import type { Explanation, ExplainOptions } from './types.js';
import { innerScript, wordFromNode, type Word } from './words.js';

export type { Explanation, ExplainOptions, Part, PartKind } from './types.js';

/**
 * Explains a command line token by token, citing the man page (or CLI spec) text each explanation comes from:
 * commands through their wrappers, options bound to their arguments, subcommands and verbs, program text, test
 * operators, functions of the script, and the shell syntax around them.
 */
export class Explainer {
  readonly docs: CommandDocs;

  constructor(
    man: ManPages,
    private readonly defaults: { dashlessBundles: string[] } = { dashlessBundles: ['tar', 'ps', 'ar'] },
  ) {
    this.docs = new CommandDocs(man);
  }

  async explain(text: string, opts: ExplainOptions = {}): Promise<Explanation> {
    const tree = await parseShell(text);
    try {
      return this.explainTree(tree.rootNode, text, opts);
    } finally {
      tree.delete();
    }
  }

  explainTree(root: Node, text: string, opts: ExplainOptions = {}, offset = 0, depth = 0): Explanation {
    const run = new Run(this.docs, text, offset, opts.dashlessBundles ?? this.defaults.dashlessBundles, opts.opaque ?? [], opts.signal, functionsOf(root, text));
    walk(run, root, depth);
    return { text, parts: run.sorted() };
  }
}

function walk(run: Run, node: Node, depth: number): void {
  if (run.signal?.aborted) return;
  switch (node.type) {
    case 'comment':
    case 'heredoc_body':
    case 'heredoc_end':
    case 'heredoc_start':
      return;
    case 'command':
      return command(run, node, depth);
    case 'declaration_command':
    case 'unset_command': {
      const kw = node.children[0];
      if (kw)
        commandParts(run, { start: kw.startIndex, end: kw.endIndex, raw: kw.text, value: kw.text, node: kw }, [], depth, [node.startIndex + run.offset, node.endIndex + run.offset], nestedScript);
      for (const c of node.namedChildren) if (c) walk(run, c, depth);
      return;
    }
    case 'variable_assignment':
      assignmentPart(run, node, depth);
      for (const c of node.namedChildren) if (c) walk(run, c, depth);
      return;
    case 'file_redirect':
    case 'heredoc_redirect':
    case 'herestring_redirect':
      return redirectPart(
        run,
        node,
        depth,
        (n, d) => walkExpansions(run, n, d),
        (n, d) => walk(run, n, d),
      );
    case 'test_operator':
      return testOperatorPart(run, node, depth);
  }
  if (isExpansion(node)) {
    expansionPart(run, node, depth);
    for (const c of node.namedChildren) if (c) walk(run, c, depth);
    return;
  }
  for (const c of node.children) {
    if (!c) continue;
    if (!c.isNamed) {
      const t = c.type;
      // inside [ ] and [[ ]], == != < > =~ are test operators, not redirections or assignments
      if (node.type === 'binary_expression' && /^(==|!=|=~|=|<|>|-\w+)$/.test(t)) testOperatorPart(run, c, depth);
      else if (OPERATORS[t]) run.pushSyntax(c, 'operator', OPERATORS[t], 'operators', t, depth);
      else if (KEYWORDS[t]) run.pushSyntax(c, 'keyword', KEYWORDS[t], 'keywords', t, depth);
      continue;
    }
    walk(run, c, depth);
  }
}

function walkExpansions(run: Run, node: Node, depth: number): void {
  if (['command_substitution', 'process_substitution', 'expansion', 'simple_expansion', 'arithmetic_expansion'].includes(node.type)) {
    walk(run, node, depth);
    return;
  }
  for (const c of node.namedChildren) if (c) walkExpansions(run, c, depth);
}

function command(run: Run, node: Node, depth: number): void {
  let name: Word | undefined;
  const args: Word[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'variable_assignment') walk(run, c, depth);
    else if (c.type.endsWith('_redirect'))
      redirectPart(
        run,
        c,
        depth,
        (n, d) => walkExpansions(run, n, d),
        (n, d) => walk(run, n, d),
      );
    else if (c.type === 'command_name') name = wordFromNode(c.namedChildren[0] ?? c);
    else if (c.type !== 'comment') args.push(wordFromNode(c));
  }
  if (!name) return;
  const range: [number, number] = [node.startIndex + run.offset, node.endIndex + run.offset];
  commandParts(run, name, args, depth, range, nestedScript);
  for (const p of run.parts) if (p.start === range[0] && p.kind === 'command' && !p.commandRange) p.commandRange = range;
  walkExpansions(run, node.childForFieldName('name') ?? node, depth);
  for (const a of args) if (a.node) walkExpansions(run, a.node, depth);
}

/** `bash -c '...'`: the string parsed and explained at its place in the outer text. */
function nestedScript(run: Run, script: Word, depth: number): void {
  const inner = innerScript(script);
  if (!inner) return;
  const root = nestedParser && parseText(nestedParser, inner.text);
  if (!root) return;
  try {
    const sub = run.nested(run.offset + inner.offset);
    walk(sub, root.rootNode, depth);
    // the operand part for the script string stays; nested parts are more precise
    for (const p of sub.parts) run.parts.push({ ...p, text: run.text.slice(p.start, p.end) });
  } finally {
    root.delete();
  }
}

let nestedParser: Parser | undefined;
const loadNested = () =>
  initParser().then(
    (p) => (nestedParser = p),
    () => undefined,
  );
void loadNested();
onParserReset(() => {
  nestedParser = undefined;
  void loadNested();
});
