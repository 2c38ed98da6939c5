import { detectHost, extractSnippets, toDocOffset } from '../snippets/index.js';
import { analyzeRisk, type Finding, type RiskPolicy } from './index.js';
import { suppressedAt } from './directives.js';

/** Findings for every shell snippet of a host document, with offsets into the document. */
export async function analyzeDocument(languageId: string, path: string, text: string, policy?: RiskPolicy): Promise<Finding[]> {
  const host = detectHost(languageId, path, text);
  if (!host) return [];
  const out: Finding[] = [];
  for (const s of extractSnippets(host, text)) {
    const r = await analyzeRisk(s.text, policy);
    for (const f of r.findings) {
      const start = toDocOffset(s, f.start);
      const end = toDocOffset(s, f.end, 'end');
      // disable directives written in the host document (e.g. a YAML comment) are honoured too
      if (suppressedAt(text, start, f.rule)) continue;
      out.push({ ...f, start, end });
    }
  }
  return out;
}
