import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedbackEvent } from '../../server/src/feedback/events.js';
import { EventLog } from '../../server/src/feedback/log.js';
import { ProposalTracker } from '../../server/src/feedback/tracker.js';
import { ROOT } from '../support/lsp-client.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'kibitz-fb-'));
const ev = (i: number, extra: Partial<FeedbackEvent> = {}): FeedbackEvent => ({
  v: 1,
  at: new Date().toISOString(),
  type: 'offered',
  proposal: `p${i}`,
  feature: 'quick-fix',
  source: 'offline',
  session: 's',
  ...extra,
});

describe('feedback log', () => {
  it('appends one line per event, redacted, and skips a torn last line', () => {
    const log = new EventLog(dir());
    log.append(ev(1, { input: 'curl -H "Authorization: Bearer ' + 'a1B2c3D4e5F6g7H8i9J0kLmN" https://x' }));
    log.append(ev(2, { output: 'echo\u200B hi' }));
    appendFileSync(log.file, '{"v":1,"at":"2026-01-01T00:00:00Z","type":"off');
    const events = log.read();
    expect(events.map((e) => e.proposal)).toEqual(['p1', 'p2']);
    expect(readFileSync(log.file, 'utf8')).not.toContain('a1B2c3D4e5F6g7H8i9J0kLmN');
    expect(events[1]!.output).toBe('echo hi');
  });

  it('two processes writing at once lose and tear nothing', async () => {
    const d = dir();
    const run = (name: string) => new Promise<number | null>((resolve) => spawn(process.execPath, [path.join(ROOT, 'test/support/log-writer.mjs'), d, name, '2000']).on('exit', resolve));
    expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
    const lines = readFileSync(path.join(d, 'events.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4000);
    expect(lines.every((l) => JSON.parse(l).v === 1)).toBe(true);
    expect(new EventLog(d).read().filter((e) => e.session === 'a')).toHaveLength(2000);
  });

  it('rotates past the size cap and still reads every kept file, oldest first', () => {
    const d = dir();
    const log = new EventLog(d, { maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 100; i++) log.append(ev(i));
    expect(readdirSync(d).sort()).toEqual(['events.1.jsonl', 'events.2.jsonl', 'events.jsonl']);
    const ids = log.read().map((e) => Number(e.proposal.slice(1)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.at(-1)).toBe(99);
    expect(ids.length).toBeLessThan(100);
  });

  it('read(since) keeps only newer events', () => {
    const log = new EventLog(dir());
    log.append(ev(1, { at: '2026-01-01T00:00:00.000Z' }));
    log.append(ev(2, { at: '2026-03-01T00:00:00.000Z' }));
    expect(log.read(new Date('2026-02-01')).map((e) => e.proposal)).toEqual(['p2']);
  });

  it('every event has an id; readAfter(id) returns what was logged after it, across rotated files', async () => {
    const d = dir();
    const log = new EventLog(d, { maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 30; i++) log.append(ev(i));
    const all = log.read();
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    const inRotated = all[2]!;
    expect((await log.readAfter(inRotated.id)).events.map((e) => e.proposal)).toEqual(all.slice(3).map((e) => e.proposal));
    expect(await log.readAfter(all.at(-1)!.id)).toEqual({ events: [], found: true });
    // a cursor rotated away: everything is returned (the store's ids make the resend harmless)
    expect(await log.readAfter('gone')).toMatchObject({ found: false, events: all });
  });

  it('a line written before events had ids gets the same id every time it is read', async () => {
    const d = dir();
    appendFileSync(path.join(d, 'events.jsonl'), JSON.stringify(ev(1)) + '\n' + JSON.stringify(ev(2)) + '\n');
    const log = new EventLog(d);
    const [a, b] = log.read();
    expect(a!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(log.read()[0]!.id).toBe(a!.id);
    expect((await log.readAfter(a!.id)).events.map((e) => e.id)).toEqual([b!.id]);
  });
});

describe('proposal tracker', () => {
  const tracker = (watchMs = 60_000, latest?: (uri: string) => string) => {
    const events: FeedbackEvent[] = [];
    return { events, t: new ProposalTracker((e) => events.push(e), { watchMs }, latest) };
  };

  it('offered -> accepted -> kept when the inserted text is left alone, while text before it moves it', () => {
    const { events, t } = tracker();
    const id = t.offer({ feature: 'quick-fix', source: 'offline', output: '--force-with-lease', uri: 'u', at: 9 });
    const text = 'git push --force-with-lease origin\n';
    t.accept(id, 'u', text);
    expect(t.watched('u')).toEqual([{ start: 9, end: 27 }]);
    t.change('u', [{ start: 0, end: 0, text: '# note\n' }]);
    expect(t.watched('u')).toEqual([{ start: 16, end: 34 }]);
    t.finalize('u', '# note\n' + text);
    expect(events.map((e) => e.type)).toEqual(['offered', 'accepted', 'kept']);
    expect(events[2]).toMatchObject({ distance: 0, final: '--force-with-lease' });
  });

  it('an edit inside the region makes it edited, with the normalised distance', () => {
    const { events, t } = tracker();
    const id = t.offer({ feature: 'code-action', source: 'model', output: 'du -sh .', uri: 'u', at: 0, input: '# size' });
    t.accept(id, 'u', 'du -sh .\n');
    t.change('u', [{ start: 6, end: 7, text: '*' }]);
    t.finalize('u', 'du -sh *\n');
    expect(events.at(-1)).toMatchObject({ type: 'edited', final: 'du -sh *', input: '# size', distance: 0.125 });
  });

  it('the time limit closes the watch with the text at that moment', async () => {
    let now = 'echo hi\n';
    const { events, t } = tracker(50, () => now);
    const id = t.offer({ feature: 'code-action', source: 'offline', output: 'echo hi', uri: 'u', at: 0 });
    t.accept(id, 'u', now);
    t.change('u', [{ start: 5, end: 7, text: 'hello' }]);
    now = 'echo hello\n';
    await new Promise((r) => setTimeout(r, 120));
    expect(events.at(-1)).toMatchObject({ type: 'edited', final: 'echo hello' });
  });

  it('offerOnce gives the same id (and one offered event) for the same proposal shown again', () => {
    const { events, t } = tracker();
    const a = t.offerOnce('k', { feature: 'quick-fix', source: 'offline' });
    expect(t.offerOnce('k', { feature: 'quick-fix', source: 'offline' })).toBe(a);
    expect(events).toHaveLength(1);
  });
});
