import path from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { resourceRoot } from '../util/resources.js';

export type { Node, Tree };

/** The tree-sitter-bash grammar shipped in grammars/ (see grammars/PROVENANCE.json). */
export const GRAMMAR_PATH = path.join(resourceRoot(), 'grammars/tree-sitter-bash.wasm');

let ready: Promise<Parser> | undefined;

/** Load the runtime and the grammar once. Safe to call many times. */
export function initParser(): Promise<Parser> {
  if (!ready) {
    ready = (async () => {
      await Parser.init();
      const lang = await Language.load(GRAMMAR_PATH);
      const parser = new Parser();
      parser.setLanguage(lang);
      return parser;
    })();
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

/** Parse bash source. The returned tree must be deleted by the caller when done (tree.delete()). */
export async function parseShell(source: string): Promise<Tree> {
  const parser = await initParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
