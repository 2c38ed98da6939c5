import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { renderMarkdown } from '../shell/explain/index.js';
import { docText, toDocOffset } from '../shell/snippets/index.js';
import type { ServerContext } from './context.js';
import { offsetAt, positionAt } from './positions.js';
import { abortSignalOf, cancelled, yieldToCancellation } from './cancel.js';

/** textDocument/hover: the token's explanation, the command's parts, then the sources. */
export async function onHover(ctx: ServerContext, params: HoverParams, token: CancellationToken): Promise<Hover | null> {
  const cfg = ctx.config();
  if (!cfg.hover.enable) return null;
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return null;
  const t0 = performance.now();
  const signal = abortSignalOf(token);
  await yieldToCancellation();
  if (signal.aborted) throw cancelled();
  const text = doc.getText();
  const offset = offsetAt(doc, params.position, ctx.documents.encoding);
  const hit = await ctx.analysis.explainAt(doc.uri, doc.version, doc.languageId, text, offset, {
    dashlessBundles: cfg.dashlessBundles,
    signal,
  });
  if (signal.aborted) throw cancelled();
  if (!hit) return null;
  const { snippet, explanation, part } = hit;
  const textOf = (p: { start: number; end: number }) => docText(snippet, text, p.start, p.end);
  const cmdStart = toDocOffset(snippet, Math.min(...explanation.parts.map((p) => p.start)));
  const cmdEnd = toDocOffset(snippet, Math.max(...explanation.parts.map((p) => p.end)), 'end');
  const findings = ((await ctx.risk?.compute(doc.uri, offset)) ?? []).filter((f) => f.start < Math.max(cmdEnd, offset + 1) && f.end > Math.min(cmdStart, offset));
  const preamble = findings.map((f) => `⚠️ **Risk: ${f.severity}** — \`${text.slice(f.start, f.end)}\`: ${f.message} (\`${f.rule}\`)`);
  let value = renderMarkdown(explanation, part, { maxParts: cfg.hover.maxParts, textOf, preamble });
  const related = await relatedPassages(ctx, explanation.text, value);
  if (related.length) value += `\n\n**Related**\n\n${related.map((r) => `- ${r}`).join('\n')}`;
  const start = toDocOffset(snippet, part.start);
  const end = toDocOffset(snippet, part.end, 'end');
  ctx.feedback?.view({ feature: 'hover', source: 'offline', kind: part.kind, latencyMs: performance.now() - t0 });
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: positionAt(doc, start, ctx.documents.encoding), end: positionAt(doc, end, ctx.documents.encoding) },
  };
}

/** The best matching man pages / doc passages from the local index, when it is already loaded (never waits). */
async function relatedPassages(ctx: ServerContext, statement: string, shown: string): Promise<string[]> {
  const r = ctx.retrieval?.();
  if (!r) return [];
  const hits = await r.searchLoaded(statement, ['man', 'docs'], 6);
  const out: string[] = [];
  for (const h of hits) {
    if (h.score < 0.08) break;
    const m = h.meta ?? {};
    const line = h.corpus === 'man' ? `${m.page} — ${String(m.nameLine ?? '').replace(/^[^-]*-\s*/, '')} (\`${m.path}\`)` : `\`${m.path}:${m.line}\`${m.heading ? ` ${m.heading}` : ''}: ${h.text.split('\n').slice(1).join(' ').slice(0, 120)}`;
    if (h.corpus === 'man' && shown.includes(`${m.page} \``)) continue;
    out.push(line);
    if (out.length === 3) break;
  }
  return out;
}
