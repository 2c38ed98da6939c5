import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { infoTexts } from '../../../server/src/retrieval/corpora/info.js';

// Two small manuals in the layout of GNU info files: one of several commands, one of a single program.
const TOOLS = [
  'File: tools.info,  Node: Top,  Next: frob invocation,  Up: (dir)',
  '',
  'File: tools.info,  Node: frob invocation,  Next: Frob options,  Up: Top',
  '',
  '1 ‘frob’: Adjust widgets',
  '************************',
  '',
  '‘frob’ adjusts the widgets of each FILE.',
  '',
  'File: tools.info,  Node: Frob options,  Prev: frob invocation,  Up: frob invocation',
  '',
  'File: tools.info,  Node: Index,  Up: Top',
  '',
  '* Menu:',
  '* --quiet:                               frob invocation.     (line  12)',
  '* LC_ALL <2>:                            frob invocation.     (line  20)',
  '* widgets, bending:                      Frob options.        (line   5)',
  '* bending widgets <1>:                   frob invocation.     (line   6)',
  '* Frob options::           The menu entry of a node, not an index entry',
].join('\n');
const ZAP = ['File: zap.info,  Node: Top,  Up: (dir)', '', 'File: zap.info,  Node: Index,  Up: Top', '', '* Menu:', '* clearing the screen:                   Top.                 (line   3)'].join(
  '\n',
);

describe('info manuals', () => {
  it('gives each command its concept index entries (a node belongs to the command above it), without option or variable entries', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-info-'));
    writeFileSync(path.join(dir, 'tools.info'), TOOLS);
    writeFileSync(path.join(dir, 'zap.info'), ZAP);
    const texts = infoTexts([dir]);
    expect(texts.get('frob')).toEqual({ summary: 'Adjust widgets. ‘frob’ adjusts the widgets of each FILE.', index: 'widgets, bending. bending widgets' });
    // a manual of one program: its index is that program's
    expect(texts.get('zap')?.index).toBe('clearing the screen');
  });

  it('describes the program of a one-program manual by what its introduction first says, then its chapter titles', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-info-'));
    const chapter = (n: number, title: string, body: string) => [`${n} ${title}`, '*'.repeat(`${n} ${title}`.length), '', body, ''];
    const seek = [
      'File: seek.info,  Node: Top,  Up: (dir)',
      '',
      ...chapter(1, 'Introduction', 'Given a pattern, ‘seek’ searches the input files for lines that match it.'),
      ...chapter(2, 'Invoking seek', 'seek [OPTION]... PATTERN [FILE]...'),
      ...chapter(3, 'Searching archives', 'Archives are read as they are.'),
      ...chapter(4, 'Reporting Bugs', 'Write to the list.'),
    ].join('\n');
    writeFileSync(path.join(dir, 'seek.info'), seek);
    expect(infoTexts([dir]).get('seek')?.summary).toBe('Given a pattern, ‘seek’ searches the input files for lines that match it. Searching archives');
  });
});
