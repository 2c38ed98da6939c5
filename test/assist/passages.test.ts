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

  it('reads rst headings (underlined, or over- and underlined; levels in the order their marks appear) and Markdown setext headings', () => {
    const rst = [
      '=======',
      'Courier',
      '=======',
      '',
      'Intro text.',
      '',
      'Install',
      '-------',
      '',
      'Run the installer.',
      '',
      'On Windows',
      '~~~~~~~~~~',
      '',
      'Use the MSI.',
      '',
      'Usage',
      '-----',
      '',
      'Call it.',
      '',
      '=====  =====',
      'col a  col b',
      '=====  =====',
    ];
    expect(passagesOf('guide.rst', rst.join('\n') + '\n').map((p) => [p.trail, p.start])).toEqual([
      ['Courier', 5],
      ['Courier › Install', 10],
      ['Courier › Install › On Windows', 15],
      ['Courier › Usage', 20],
      ['Courier › Usage', 22],
    ]);
    const md = 'Courier\n=======\n\nIntro.\n\nSetup\n-----\n\nRun it.\n\n- a\n- b\n\n| x | y |\n|---|---|\n';
    expect(passagesOf('README.md', md).map((p) => [p.trail, p.start])).toEqual([
      ['Courier', 4],
      ['Courier › Setup', 9],
      ['Courier › Setup', 11],
      ['Courier › Setup', 14],
    ]);
  });

  it('reads AsciiDoc section titles', () => {
    expect(passagesOf('guide.adoc', '= Courier\n\nIntro.\n\n== Install\n\nRun it.\n').map((p) => [p.trail, p.start])).toEqual([
      ['Courier', 3],
      ['Courier › Install', 7],
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
