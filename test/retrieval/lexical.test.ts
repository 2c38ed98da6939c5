import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LexicalBuilder, LexicalIndex, stem, terms, type QueryTerm } from '../../server/src/retrieval/lexical.js';

const q = (text: string, weight = 1): QueryTerm[] => terms(text).map((term, group) => ({ term, weight, group }));

// three documents with a name field (weight 2) and a long body (weak)
const DOCS = [
  [
    { text: 'pack archive', weight: 2 },
    { text: 'stores many files in one archive and extracts them again', weight: 0.2, weak: true },
  ],
  [
    { text: 'copy files', weight: 2 },
    { text: 'copies files to a directory; see also archive tools for bundles', weight: 0.2, weak: true },
  ],
  [
    { text: 'show clock', weight: 2 },
    { text: 'prints the date and time', weight: 0.2, weak: true },
  ],
];

describe('BM25F lexical index', () => {
  it('ranks a match in a heavy field above the same word in a light one, and scores nothing it does not hold', () => {
    const idx = LexicalIndex.build(DOCS);
    const hits = idx.search(q('archive'), 3);
    expect(hits.map((h) => h.doc)).toEqual([0, 1]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(idx.search(q('kangaroo'), 3)).toEqual([]);
  });

  it('coverage counts each query word once, and a word found only in a weak field counts less', () => {
    const idx = LexicalIndex.build(DOCS);
    const both = idx.search(q('copy files'), 3).find((h) => h.doc === 1)!;
    expect(both.coverage).toBeCloseTo(1);
    // "archive" is only in the body of doc 1: partial coverage
    const weak = idx.search(q('copy archive'), 3).find((h) => h.doc === 1)!;
    expect(weak.coverage).toBeGreaterThan(0.5);
    expect(weak.coverage).toBeLessThan(1);
    // a synonym (same group, lower weight) is an alternative, not a second word
    const syn: QueryTerm[] = [
      { term: 'copi', weight: 1, group: 0 },
      { term: 'duplic', weight: 0.25, group: 0 },
    ];
    expect(idx.search(syn, 3)[0]!.coverage).toBeCloseTo(1);
  });

  it('saves to two files and loads back with the same answers', () => {
    const idx = LexicalIndex.build(DOCS);
    const prefix = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-lex-')), 'pages');
    idx.save(prefix);
    const back = LexicalIndex.load(prefix);
    expect(back.search(q('date time'), 3)).toEqual(idx.search(q('date time'), 3));
  });

  it('documents that share one weight count as one document in how rare a word is', () => {
    const build = (weights?: number[]) => {
      const b = new LexicalBuilder();
      for (let i = 0; i < 20; i++) b.add([{ text: `request endpoint ${i}`, weight: 1 }]);
      for (const text of ['send request', 'show clock', 'copy files', 'pack archive']) b.add([{ text, weight: 1 }]);
      return b.finish(weights);
    };
    const flat = build();
    const family = build([...new Array<number>(20).fill(1 / 20), 1, 1, 1, 1]);
    // 21 of 24 documents say "request"; as a family of 20 and one other page, 2 of 5
    expect(family.idf('request')!).toBeGreaterThan(2 * flat.idf('request')!);
    expect(family.idf('clock')).toBeCloseTo(Math.log(1 + (5 - 1 + 0.5) / 1.5));
  });

  it('stems a thing named by what it does apart from the doing: computer is not compute, copies is copy', () => {
    expect(stem('computer')).not.toBe(stem('compute'));
    expect(stem('computers')).toBe(stem('computer'));
    expect(stem('containers')).not.toBe(stem('contain'));
    expect(stem('copies')).toBe(stem('copy'));
    expect(stem('computing')).toBe(stem('compute'));
  });
});
