import { describe, expect, it } from 'vitest';
import { passagesOf, sentencesOf } from '../../server/src/assist/passages.js';

describe('passages and sentences of a docs file', () => {
  it('splits a file into paragraphs and code blocks with their first line', () => {
    const ps = passagesOf('x.md', '# T\n\nOne. Two.\nThree.\n\n```sh\nmake\n\nmake test\n```\nAfter.\n');
    expect(ps.map((p) => [p.heading, p.start, p.lines.length])).toEqual([
      ['T', 3, 2],
      ['T', 6, 5],
      ['T', 11, 1],
    ]);
  });

  it('splits a paragraph into sentences (a list item starts a new one), each with the lines it is on', () => {
    const [p] = passagesOf('x.md', '# T\n\nFirst one. Second\nruns on.\n- an item\n- another item\n');
    expect(sentencesOf(p!).map((s) => [s.text, s.lines])).toEqual([
      ['First one.', [3, 3]],
      ['Second runs on.', [3, 4]],
      ['- an item', [5, 5]],
      ['- another item', [6, 6]],
    ]);
  });
});
