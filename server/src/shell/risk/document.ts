import { detectHost, extractSnippets, toDocOffset, type Snippet } from '../snippets/index.js';
import type { Tree } from '../parse.js';
import { analyzeRisk, analyzeTree, type Finding, type RiskPolicy } from './index.js';
import { suppressedAt } from './directives.js';

/** Snippets of a document with their parse trees, when a caller already has them (the LSP's per-document cache). */
export interface ParsedSnippets {
  snippets: Snippet[];
  trees: (Tree | undefined)[];
}

/** Findings for every shell snippet of a host document, with offsets into the document. */
export async function analyzeDocument(languageId: string, path: string, text: string, policy?: RiskPolicy, parsed?: ParsedSnippets): Promise<Finding[]> {
  let snippets = parsed?.snippets;
  if (!snippets) {
    const host = detectHost(languageId, path, text);
    if (!host) return [];
    snippets = extractSnippets(host, text);
  }
  const out: Finding[] = [];
  for (const [i, s] of snippets.entries()) {
    const tree = parsed?.trees[i];
    const r = tree ? await analyzeTree(s.text, tree, policy) : await analyzeRisk(s.text, policy);
    for (const f of r.findings) {
      const start = toDocOffset(s, f.start);
      const end = toDocOffset(s, f.end, 'end');
      // disable directives written in the host document (e.g. a YAML comment) are honoured too
      if (policy?.directives !== false && suppressedAt(text, start, f.rule)) continue;
      out.push({ ...f, start, end });
    }
  }
  return out;
}
