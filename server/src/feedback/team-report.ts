import { formatRate } from '../util/stats.js';
import { esc, lineChart } from './report.js';
import type { TeamMetrics, TeamRates } from './team-metrics.js';

/** A bar chart as inline SVG (no script, no network). */
function barChart(title: string, bars: { x: string; y: number }[]): string {
  const w = 420;
  const h = 160;
  const pad = 30;
  const max = Math.max(1, ...bars.map((b) => b.y));
  const bw = (w - 2 * pad) / Math.max(1, bars.length);
  const rects = bars
    .map((b, i) => {
      const bh = (b.y / max) * (h - 2 * pad);
      const x = pad + i * bw;
      return `<rect x="${(x + 2).toFixed(1)}" y="${(h - pad - bh).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${bh.toFixed(1)}" fill="#2563eb"><title>${esc(b.x)}: ${b.y}</title></rect><text x="${(x + bw / 2).toFixed(1)}" y="${h - 12}" font-size="9" text-anchor="middle">${esc(b.x)}</text>`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}"><line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/><text x="2" y="${pad}" font-size="10">${max}</text>${rects}</svg></figure>`;
}

function ratesTable(title: string, rows: TeamRates[]): string {
  if (!rows.length) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.key)}</td><td>${r.offered}</td><td>${formatRate(r.acceptance)}</td><td>${formatRate(r.editRate)}</td><td>${r.meanEditDistance.toFixed(3)}</td><td>${r.timeToAccept.p50.toFixed(1)} / ${r.timeToAccept.p90.toFixed(1)} s</td><td>${formatRate(r.fallbackRate)}</td></tr>`,
    )
    .join('\n');
  return `<h2>${esc(title)}</h2><table><tr><th></th><th>offered</th><th>accepted</th><th>edited</th><th>mean edit distance</th><th>time to accept p50 / p90</th><th>fallbacks</th></tr>\n${body}</table>`;
}

function rowsTable(title: string, head: string[], rows: (string | number)[][]): string {
  if (!rows.length) return '';
  return `<h2>${esc(title)}</h2><table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n')}</table>`;
}

/** The self-contained HTML report of `kibitz metrics --team --html`. */
export function teamHtmlReport(m: TeamMetrics): string {
  const tenths = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kibitz team metrics</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:64em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}figure{margin:1em 0;display:inline-block}</style></head><body>
<h1>kibitz team metrics</h1><p>${m.events} events from ${m.developers} developers in ${m.repositories} repositories since ${esc(m.since.slice(0, 10))}.</p>
${rowsTable(
  'Fix these first',
  ['feature', 'kind', 'offered', 'ignored', 'rewritten', 'ignored or rewritten'],
  m.fixFirst.map((f) => [f.feature, f.kind, f.offered, f.ignored, f.rewritten, formatRate(f.badRate)]),
)}
${rowsTable(
  'Fix these first, by proposed command',
  ['feature', 'command', 'offered', 'ignored', 'rewritten', 'ignored or rewritten'],
  m.fixFirstByCommand.map((f) => [f.feature, f.kind, f.offered, f.ignored, f.rewritten, formatRate(f.badRate)]),
)}
${ratesTable('Per feature', m.byFeature)}
${ratesTable('Per source', m.bySource)}
${ratesTable('Per model', m.byModel)}
${ratesTable('Per repository', m.byRepo)}
<h2>Edit distance of applied proposals</h2>
${m.editDistance
  .map((d) =>
    barChart(
      d.feature,
      d.buckets.map((y, i) => ({ x: tenths[i]!, y })),
    ),
  )
  .join('\n')}
${rowsTable(
  'Model errors by kind',
  ['feature', 'kind', 'count', 'rate'],
  m.errors.map((e) => [e.feature, e.kind, e.count, formatRate(e.rate)]),
)}
${rowsTable(
  'Offline fallbacks by kind',
  ['feature', 'kind', 'count', 'rate'],
  m.fallbacks.map((e) => [e.feature, e.kind, e.count, formatRate(e.rate)]),
)}
<h2>Per week</h2>
${lineChart(
  'Acceptance rate per week',
  m.weekly.map((w) => ({ x: w.week, y: w.acceptance })),
  { max: 1 },
)}
${lineChart(
  'Proposals offered per week',
  m.weekly.map((w) => ({ x: w.week, y: w.offered })),
)}
${lineChart(
  'Active developers per week',
  m.weekly.map((w) => ({ x: w.week, y: w.developers })),
)}
</body></html>
`;
}
