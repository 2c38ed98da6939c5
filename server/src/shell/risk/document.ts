import { detectHost, extractSnippets, toDocOffset } from '../snippets/index.js';
import { analyzeRisk, type Finding, type RiskPolicy } from './index.js';

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
      if (hostSuppressed(text, start, f.rule)) continue;
      out.push({ ...f, start, end });
    }
  }
  return out;
}

function hostSuppressed(text: string, offset: number, rule: string): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const prev = lineStart > 0 ? text.slice(prevStart, lineStart - 1) : '';
  const ok = (m: RegExpExecArray | null) => !!m && (!m[1] || m[1].split(/[\s,]+/).some((r) => r === rule || r === 'all'));
  return ok(/#\s*kibitz-disable(?!-next-line)(?:\s+([\w,\s-]+))?\s*$/.exec(text.slice(lineStart, lineEnd))) || ok(/^\s*(?:#|\/\/)\s*kibitz-disable-next-line(?:\s+([\w,\s-]+))?\s*$/.exec(prev));
}
