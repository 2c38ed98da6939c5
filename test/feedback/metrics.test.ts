import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../server/src/feedback/events.js';
import { exportOpenAiChat, splitValidation } from '../../server/src/feedback/export.js';
import { SYSTEM_BY_KIND } from '../../server/src/assist/prompts.js';
import { computeMetrics, parseSince } from '../../server/src/feedback/metrics.js';
import { htmlReport } from '../../server/src/feedback/report.js';
import { ROOT } from '../support/lsp-client.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/feedback/events.jsonl');
const events = (): FeedbackEvent[] =>
  readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('metrics on a fixture log', () => {
  it('acceptance, edits, distance, errors, fallbacks and latency, per feature and per source', () => {
    const m = computeMetrics(events());
    expect(m.total).toMatchObject({ offered: 8, accepted: 4, acceptance: 0.5, rejected: 4, edited: 3, kept: 1, editRate: 0.75, errors: 1, fallbacks: 1, fallbackRate: 0.125 });
    expect(m.total.meanEditDistance).toBeCloseTo((0 + 0.5 + 0.25 + 0.2) / 4);
    expect(m.byFeature['quick-fix']).toMatchObject({ offered: 4, accepted: 2, acceptance: 0.5, editRate: 0.5, meanEditDistance: 0.25 });
    expect(m.byFeature['code-action']).toMatchObject({ offered: 3, accepted: 1, errors: 1, latency: { p50: 100, p95: 300, p99: 300, n: 3 } });
    expect(m.bySource.model).toMatchObject({ offered: 2, accepted: 1 });
    expect(m.bySource.retrieval).toMatchObject({ offered: 1, accepted: 1, editRate: 1 });
    expect(m.daily.map((d) => [d.day, d.offered])).toEqual([
      ['2026-11-20', 4],
      ['2026-11-21', 1],
      ['2026-11-22', 3],
    ]);
  });

  it('the HTML report is self-contained: tables and SVG charts, nothing fetched', () => {
    const html = htmlReport(computeMetrics(events()));
    expect(html).toContain('<svg');
    expect((html.match(/<svg/g) ?? []).length).toBe(3);
    expect(html).toContain('<td>quick-fix</td><td>4</td><td>50.0%</td>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('parses --since', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(parseSince('7d', now)!.toISOString()).toBe('2026-11-18T00:00:00.000Z');
    expect(parseSince('12h', now)!.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(parseSince('2026-11-01')!.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('soon')).toBeUndefined();
  });
});

describe('fine-tuning export', () => {
  it('one OpenAI chat record per corrected proposal: system, request, what the user kept', () => {
    const { lines, summary } = exportOpenAiChat(events(), SYSTEM_BY_KIND);
    expect(summary).toEqual({ written: 3, duplicates: 0, refusedSecrets: 0, refusedInvisible: 0, skippedNoInput: 0 });
    const recs = lines.map((l) => JSON.parse(l));
    const gen = recs.find((r) => r.messages[1].content === '# size of dir');
    expect(gen.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(gen.messages[2].content).toBe('du -sh *');
    expect(gen.messages[0].content).toContain('Write one shell command line');
  });

  it('refuses records that still hold a secret or invisible characters', () => {
    const base = { v: 1 as const, at: '2026-11-20T00:00:00Z', feature: 'code-action' as const, source: 'model' as const, session: 's', distance: 0.3 };
    const { summary, lines } = exportOpenAiChat(
      [
        { ...base, type: 'edited', proposal: 'a', input: 'deploy', final: 'export TOKEN=ghp_' + 'a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ' },
        { ...base, type: 'edited', proposal: 'b', input: 'greet', final: 'echo\u200B hi' },
        { ...base, type: 'edited', proposal: 'c', final: 'ls' },
        { ...base, type: 'edited', proposal: 'd', input: 'list', final: 'ls -la' },
      ],
      SYSTEM_BY_KIND,
    );
    expect(summary).toEqual({ written: 1, duplicates: 0, refusedSecrets: 1, refusedInvisible: 1, skippedNoInput: 1 });
    expect(JSON.parse(lines[0]!).messages[2].content).toBe('ls -la');
  });

  it('drops the same correction seen twice (whitespace aside), and holds out a stable validation split', () => {
    const base = { v: 1 as const, at: '2026-11-20T00:00:00Z', feature: 'code-action' as const, source: 'model' as const, session: 's', type: 'edited' as const, kind: 'generate-command' };
    const events = [
      { ...base, proposal: 'a', input: 'list files', final: 'ls -la' },
      { ...base, proposal: 'b', input: 'list  files', final: 'ls -la ' },
      ...Array.from({ length: 200 }, (_, i) => ({ ...base, proposal: `p${i}`, input: `task ${i}`, final: `echo ${i}` })),
    ];
    const { lines, summary } = exportOpenAiChat(events, SYSTEM_BY_KIND);
    expect(summary).toMatchObject({ written: 201, duplicates: 1 });
    const { train, validation } = splitValidation(lines, 0.1);
    expect(train.length + validation.length).toBe(201);
    expect(validation.length).toBeGreaterThan(8);
    expect(validation.length).toBeLessThan(35);
    expect(train.filter((l) => validation.includes(l))).toEqual([]);
    // the same record falls on the same side in the next export
    expect(splitValidation([...lines].reverse(), 0.1).validation.sort()).toEqual([...validation].sort());
  });
});
