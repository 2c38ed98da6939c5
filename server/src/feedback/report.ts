import { formatRate } from '../util/stats.js';
import type { Metrics, Rates } from './metrics.js';

export const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A line chart as inline SVG: no script, no network. */
export function lineChart(title: string, points: { x: string; y: number }[], opts: { max?: number; unit?: string } = {}): string {
  const w = 640;
  const h = 200;
  const pad = 36;
  const max = opts.max ?? Math.max(1, ...points.map((p) => p.y));
  const x = (i: number) => pad + (points.length <= 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (points.length - 1));
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
  const dots = points.map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3"><title>${esc(p.x)}: ${p.y.toFixed(2)}${opts.unit ?? ''}</title></circle>`).join('');
  const labels = points
    .map((p, i) => (points.length <= 10 || i % Math.ceil(points.length / 10) === 0 ? `<text x="${x(i).toFixed(1)}" y="${h - 10}" font-size="10" text-anchor="middle">${esc(p.x.slice(5))}</text>` : ''))
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}">
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#999"/>
<text x="4" y="${pad}" font-size="10">${esc(max.toFixed(opts.max === 1 ? 1 : 0))}${opts.unit ?? ''}</text><text x="4" y="${h - pad}" font-size="10">0</text>
<path d="${path}" fill="none" stroke="#2563eb" stroke-width="2"/>${dots}${labels}</svg></figure>`;
}

function table(title: string, rows: [string, Rates | undefined][]): string {
  const body = rows
    .filter(([, r]) => r)
    .map(
      ([k, r]) =>
        `<tr><td>${esc(k)}</td><td>${r!.offered}</td><td>${formatRate(r!.acceptance)}</td><td>${formatRate(r!.editRate)}</td><td>${r!.meanEditDistance.toFixed(3)}</td><td>${r!.errors}</td><td>${formatRate(r!.fallbackRate)}</td><td>${r!.latency.p50}/${r!.latency.p95}/${r!.latency.p99} ms</td></tr>`,
    )
    .join('\n');
  return `<h2>${esc(title)}</h2><table><tr><th></th><th>offered</th><th>accepted</th><th>edited</th><th>mean edit distance</th><th>model errors</th><th>fallbacks</th><th>latency p50/p95/p99</th></tr>\n${body}</table>`;
}

/** The self-contained HTML report of `kibitz metrics --html`. */
export function htmlReport(m: Metrics): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kibitz metrics</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}figure{margin:1em 0}</style></head><body>
<h1>kibitz metrics</h1><p>${m.events} events${m.since ? ` since ${esc(m.since)}` : ''}; all local, nothing was sent anywhere.</p>
${table('Total', [['all', m.total]])}
${table('Per feature', Object.entries(m.byFeature))}
${table('Per source', Object.entries(m.bySource))}
<h2>Over time</h2>
${lineChart(
  'Acceptance rate per day',
  m.daily.map((d) => ({ x: d.day, y: d.acceptance })),
  { max: 1 },
)}
${lineChart(
  'Proposals offered per day',
  m.daily.map((d) => ({ x: d.day, y: d.offered })),
)}
${lineChart(
  'Latency p50 per day',
  m.daily.map((d) => ({ x: d.day, y: d.latencyP50 })),
  { unit: ' ms' },
)}
</body></html>
`;
}
