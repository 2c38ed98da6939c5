import { MarkupKind, type CancellationToken, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { renderMarkdown, type Explanation } from '../shell/explain/index.js';
import { relatedToCommand } from '../assist/related.js';
import { citation } from '../assist/ask.js';
import { definitionsOf, nameAt } from '../assist/definitions.js';
import { docText, toDocOffset } from '../shell/snippets/index.js';
import type { ServerContext } from './context.js';
import { offsetAt, positionAt } from './positions.js';
import { whatItDoes } from '../util/text.js';
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
  if (!hit) return definitionsHover(ctx, text, offset, doc.languageId);
  const { snippet, explanation, part } = hit;
  const textOf = (p: { start: number; end: number }) => docText(snippet, text, p.start, p.end);
  const cmdStart = toDocOffset(snippet, Math.min(...explanation.parts.map((p) => p.start)));
  const cmdEnd = toDocOffset(snippet, Math.max(...explanation.parts.map((p) => p.end)), 'end');
  const findings = ((await ctx.risk?.compute(doc.uri, offset)) ?? []).filter((f) => f.start < Math.max(cmdEnd, offset + 1) && f.end > Math.min(cmdStart, offset));
  const preamble = findings.map((f) => `⚠️ **Risk: ${f.severity}** — \`${text.slice(f.start, f.end)}\`: ${f.message} (\`${f.rule}\`)`);
  let value = renderMarkdown(explanation, part, { maxParts: cfg.hover.maxParts, textOf, preamble });
  const related = await relatedPassages(ctx, explanation, value);
  if (related.length) value += `\n\n**Related**\n\n${related.map((r) => `- ${r}`).join('\n')}`;
  const start = toDocOffset(snippet, part.start);
  const end = toDocOffset(snippet, part.end, 'end');
  ctx.feedback?.view({ feature: 'hover', source: 'offline', kind: part.kind, latencyMs: performance.now() - t0 });
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: positionAt(doc, start, ctx.documents.encoding), end: positionAt(doc, end, ctx.documents.encoding) },
  };
}

/** Pages and doc passages that bear on the command, from the indexes already in memory (never waits). */
async function relatedPassages(ctx: ServerContext, explanation: Explanation, shown: string): Promise<string[]> {
  const r = ctx.retrieval?.();
  if (!r) return [];
  // pages the hover already cites are not repeated
  const cited = [...shown.matchAll(/\b([\w.+-]+\(\d\w*\)) `/g)].map((m) => m[1]!);
  const related = await relatedToCommand(r, explanation, { exclude: cited, loadedOnly: true }).catch(() => []);
  return related.map((x) => (x.kind === 'man' ? `${x.page} — ${whatItDoes(x.nameLine)} (\`${x.path}\`)` : `\`${x.path}:${x.line}\`${x.heading ? ` ${x.heading}` : ''}: ${x.text}`));
}

/** Outside shell: the doc passages that define the setting, key or code name under the cursor (docs and config files). */
function definitionsHover(ctx: ServerContext, text: string, offset: number, languageId: string): Hover | null {
  const name = nameAt(text, offset, languageId);
  const docs = name ? ctx.docs?.() : undefined;
  if (!name || !docs) return null;
  const defs = definitionsOf(name, docs);
  if (!defs.length) return null;
  const lines = defs.map((d) => `- \`${citation(d)}\`${d.heading ? ` (${d.heading})` : ''}: ${d.text}`);
  return { contents: { kind: MarkupKind.Markdown, value: `**\`${name}\` in the docs**\n\n${lines.join('\n')}` } };
}
