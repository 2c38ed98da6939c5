import { describe, expect, it } from 'vitest';
import { joinedTerm, stem, terms } from '../../server/src/retrieval/lexical.js';
import { expandTerms } from '../../server/src/retrieval/query-terms.js';

describe('terms and query expansion', () => {
  it('stems words, and adverbs to their adjective', () => {
    expect(stem('recursively')).toBe(stem('recursive'));
    expect(terms('Listing the files recursively')).toEqual(['list', 'file', stem('recursive')]);
  });

  it('keeps the words of a request at full weight and adds compounds, sizes and synonyms below it', () => {
    const t = expandTerms('find files over 100MB here');
    const w = (term: string) => t.find((x) => x.term === term)?.weight;
    expect(w('find')).toBe(1);
    expect(w('file')).toBe(1);
    // "here" says nothing about the task
    expect(w('here')).toBeUndefined();
    // a size as pages write it (find -size +100M)
    expect(w('100m')).toBeGreaterThan(0.5);
    expect(w('size')).toBeGreaterThan(0.5);
    expect(w('detect')).toBeLessThan(0.5);
    // "look up" is also "lookup"
    expect(expandTerms('look up the ip of a domain').find((x) => x.term === 'lookup')?.weight).toBeGreaterThan(0.5);
  });

  it('lets one word of a task meet two words of a page (logout: "log out"), apart from the task\'s own pairs', () => {
    const t = expandTerms('find files after logout');
    expect(t.find((x) => x.term === joinedTerm('logout'))?.weight).toBe(0.9);
    // "find files" joined is a word a page may write (findfiles), not the phrase "find files" a page writes apart
    expect(t.find((x) => x.term === stem('findfiles'))).toBeDefined();
    expect(t.find((x) => x.term === joinedTerm('findfiles'))).toBeUndefined();
  });
});
