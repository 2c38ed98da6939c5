import type { Node } from '../parse.js';
import type { Source } from '../manpages/index.js';
import { EXPANSIONS, REDIRECTIONS } from './tables.js';
import type { Run } from './run.js';

const EXPANSION_NODES = new Set(['command_substitution', 'process_substitution', 'expansion', 'simple_expansion', 'arithmetic_expansion', 'brace_expression']);

export function isExpansion(node: Node): boolean {
  return EXPANSION_NODES.has(node.type);
}

/** `> out`, `2>&1`, `<<EOF`: the operator's meaning from bash(1) REDIRECTION, the descriptor and the target. */
export function redirectPart(run: Run, node: Node, depth: number, walkExpansions: (n: Node, depth: number) => void, walkNode: (n: Node, depth: number) => void = walkExpansions): void {
  let op = '';
  for (const c of node.children) if (c && !c.isNamed) op = op || c.type;
  const fd = node.children.find((c) => c?.type === 'file_descriptor')?.text;
  const entry = REDIRECTIONS[op] ?? REDIRECTIONS[op.replace(/-$/, '')];
  const dest = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
  const extra = fd ? ` Applies to file descriptor ${fd}${fd === '2' ? ' (standard error)' : fd === '1' ? ' (standard output)' : fd === '0' ? ' (standard input)' : ''}.` : '';
  const target = dest && node.type === 'file_redirect' ? ` Target: ${dest.text}.` : '';
  if (node.type !== 'heredoc_redirect') {
    run.pushSyntax(node, 'redirection', entry, 'redirections', op, depth, extra + target);
    for (const c of node.namedChildren) if (c) walkExpansions(c, depth);
    return;
  }
  // `<<EOF > /tmp/conf` then the body: the operator with its delimiter, the other redirections, the body
  const start = node.children.find((c) => c?.type === 'heredoc_start');
  const body = node.namedChildren.find((c) => c?.type === 'heredoc_body');
  const delimiter = start?.text.replace(/^['"]|['"]$/g, '') ?? '';
  run.pushSyntax({ startIndex: node.startIndex, endIndex: start?.endIndex ?? node.endIndex }, 'redirection', entry, 'redirections', op, depth, extra);
  if (body && entry)
    run.pushSyntax(
      body,
      'redirection',
      entry,
      'redirections',
      op,
      depth,
      ` These lines, up to ${delimiter || 'the delimiter'}, are the here-document${/^['"]/.test(start?.text ?? '') ? ' (quoted delimiter: no expansion inside)' : ''}.`,
    );
  // an unquoted delimiter lets $VAR and $(cmd) expand in the body
  if (body && !/^['"\\]/.test(start?.text ?? '')) walkExpansions(body, depth);
  // what follows the delimiter on its line: more redirections, a pipeline (`cat <<EOF | grep x`)
  for (const c of node.namedChildren) {
    if (!c || c === body || c.type === 'heredoc_start' || c.type === 'heredoc_end') continue;
    if (c.type.endsWith('_redirect')) redirectPart(run, c, depth, walkExpansions, walkNode);
    else walkNode(c, depth);
  }
}

export function assignmentPart(run: Run, node: Node, depth: number): void {
  run.pushSyntax(node, 'assignment', EXPANSIONS.variable_assignment, 'expansions', 'assignment', depth);
}

export function expansionPart(run: Run, node: Node, depth: number): void {
  run.pushSyntax(node, 'expansion', EXPANSIONS[node.type], 'expansions', node.type, depth);
}

/**
 * A test operator (`-z`, `-d`, `-nt`, `==`, `=~`) inside `[ ]`, `[[ ]]` or `test`: its entry in bash(1)
 * CONDITIONAL EXPRESSIONS (unary operators are listed by flag, binary ones as `string1 == string2` or
 * `arg1 OP arg2`).
 */
export function testOperatorPart(run: Run, node: Node, depth: number): void {
  const op = node.text;
  const hit = run.docs.testOperator(op);
  const [start, end] = [node.startIndex + run.offset, node.endIndex + run.offset];
  if (hit) run.push({ start, end, kind: 'test-operator', explanation: `${hit.tag}: ${hit.text}`, source: hit.source, depth });
  else
    run.push({
      start,
      end,
      kind: 'test-operator',
      explanation: `Test operator \`${op}\` (bash(1) CONDITIONAL EXPRESSIONS; not found in the page on this machine).`,
      source: run.docs.bashSection('CONDITIONAL EXPRESSIONS') ?? null,
      depth,
    });
}

export type { Source };
