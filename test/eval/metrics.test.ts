import { describe, expect, it } from 'vitest';
import { bNorm, editSimilarity, rougeL } from '../../eval/metrics.js';

describe('evaluation metrics', () => {
  it('identical texts score 1, unrelated ones near 0, case does not matter', () => {
    expect(bNorm('fix(api): handle empty cart', 'Fix(API): handle empty cart')).toBeCloseTo(1);
    expect(rougeL('add parser', 'add parser')).toBe(1);
    expect(editSimilarity('abc', 'ABC')).toBe(1);
    expect(bNorm('update readme', 'fix crash in parser when config is empty')).toBeLessThan(0.1);
    expect(rougeL('a b c', 'x y z')).toBe(0);
  });

  it('partial overlap scores in between', () => {
    const r = rougeL('fix crash in parser', 'fix a crash in the config parser');
    expect(r).toBeGreaterThan(0.5);
    expect(r).toBeLessThan(1);
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7);
    expect(bNorm('fix crash in parser', 'fix a crash in the config parser')).toBeGreaterThan(bNorm('update docs', 'fix a crash in the config parser'));
  });

  it('ROUGE-L counts words, not punctuation: two pull-request suffixes do not make subjects alike', () => {
    expect(rougeL('docs: fix typo (#101)', 'feat: add cache (#202)')).toBe(0);
    expect(rougeL('fix(nuxt): resolve layout', 'fix(kit): resolve layout (#7)')).toBeCloseTo((2 * (3 / 4) * (3 / 5)) / (3 / 4 + 3 / 5));
  });
});
