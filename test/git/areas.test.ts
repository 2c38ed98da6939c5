import { describe, expect, it } from 'vitest';
import { changeArea, learnAreas, subjectArea } from '../../server/src/git/areas.js';
import { composeDraft } from '../../server/src/git/compose.js';
import { parseDiff, type DiffFile } from '../../server/src/git/diff.js';
import type { PastCommit } from '../../server/src/git/history.js';
import { learnRepo } from '../../server/src/git/learn.js';

/** A Go-style history written for these tests: each subject starts with the package it changes. */
function goHistory(times = 6): PastCommit[] {
  const spec: [string, string[]][] = [
    ['net/http: keep idle connections after a 304', ['net/http/transport.go', 'net/http/transport_test.go']],
    ['net/url: reject a port with letters', ['net/url/url.go']],
    ['dns/msg: avoid a panic on a short record', ['dns/msg/msg.go', 'dns/msg/testdata/short.bin']],
    ['quic: send acks sooner', ['internal/quic/conn.go']],
    ['go.mod: update dependencies', ['go.mod', 'go.sum']],
    ['all: fix typos in comments', ['net/http/server.go', 'net/url/url.go', 'dns/msg/msg.go']],
  ];
  const out: PastCommit[] = [];
  for (let k = 0; k < times; k++)
    spec.forEach(([subject, files], i) => out.push({ hash: `${k}${i}`.padEnd(40, '0'), subject, body: '', author: 'a', files, stats: files.map((path) => ({ path, added: 4, removed: 1 })) }));
  return out;
}

const changed = (...paths: string[]): DiffFile[] =>
  parseDiff(paths.map((p) => `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n@@ -1,2 +1,2 @@\n-func (c *conn) oldName() {}\n+func (c *conn) newName() {}\n`).join(''));

describe('subjects that start with the path they change', () => {
  it('reads the area of a subject, the first of several', () => {
    expect(subjectArea('net/http: keep idle connections')).toBe('net/http');
    expect(subjectArea('net/http, net/url: share a parser')).toBe('net/http');
    expect(subjectArea('go.mod: update dependencies')).toBe('go.mod');
    expect(subjectArea('Keep idle connections')).toBeUndefined();
  });

  it('learns them only where most prefixes name a changed path', () => {
    expect([...learnAreas(goHistory())!].sort()).toEqual(['all', 'dns/msg', 'go.mod', 'net/http', 'net/url', 'quic']);
    const conventional = goHistory().map((c, i) => ({ ...c, subject: `${i % 2 ? 'fix' : 'feat'}: change things` }));
    expect(learnAreas(conventional)).toBeUndefined();
  });

  it('the area of a change: a known area containing it, a new package by its own path, all for many', () => {
    const known = learnAreas(goHistory())!;
    expect(changeArea(changed('net/http/client.go'), known)).toBe('net/http');
    expect(changeArea(changed('internal/quic/stream.go'), known)).toBe('quic');
    expect(changeArea(changed('go.mod', 'go.sum'), known)).toBe('go.mod');
    expect(changeArea(changed('internal/http3/qpack.go', 'internal/http3/testdata/q.txt'), known)).toBe('internal/http3');
    expect(changeArea(changed('net/http/a.go', 'net/url/b.go', 'dns/msg/c.go'), known)).toBe('all');
  });

  it('drafts carry the area, whether the history reads as Conventional Commits or not', () => {
    const model = learnRepo(goHistory());
    const d = composeDraft(changed('net/http/transport.go'), model);
    expect(d.subject).toMatch(/^net\/http: \S/);
    expect(d.label).toContain('net/http: the staged paths');
    expect(d.subject).toContain('newName');
    // one-word areas read like Conventional Commits types: still the path's area, not a predicted type
    const oneWord = learnRepo(goHistory().map((c) => ({ ...c, subject: c.subject.replace(/^(net\/http|net\/url|dns\/msg|go\.mod)/, (a) => a.split(/[/.]/)[1]!) })));
    expect(composeDraft(changed('internal/quic/conn.go'), oneWord).subject).toMatch(/^quic: \S/);
  });
});

describe('plain subjects that start with an area in words', () => {
  it('the area the history puts with these paths (Commit drafts: for src/git), learned like a type', () => {
    const spec: [string, string][] = [
      ['Commit drafts: keep the ticket', 'src/git/compose.ts'],
      ['Ask history: one passage per section', 'src/assist/ask.ts'],
      ['README: the quick start', 'README.md'],
      ['Keep going after a bad line', 'src/util/lines.ts'],
    ];
    const history: PastCommit[] = Array.from({ length: 80 }, (_, i) => {
      const [subject, file] = spec[i % spec.length]!;
      return { hash: String(i).padEnd(40, '0'), subject, body: '', author: 'a', files: [file], stats: [{ path: file, added: 3, removed: 1 }] };
    });
    const model = learnRepo(history);
    expect(model.style.kind).toBe('plain');
    expect(composeDraft(changed('src/git/drafts.ts'), model).subject).toMatch(/^Commit drafts: \S/);
    expect(composeDraft(changed('src/assist/answer.ts'), model).subject).toMatch(/^Ask history: \S/);
    // a ticket key is not an area
    const tickets = learnRepo(history.map((c, i) => ({ ...c, subject: `SHOP-${i}: ${c.subject}` })));
    expect(composeDraft(changed('src/git/drafts.ts'), tickets).subject).not.toMatch(/^SHOP-\d+:/);
  });
});
