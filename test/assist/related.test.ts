import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { offlineAnswer } from '../../server/src/assist/offline-answer.js';
import { relatedLabel, relatedToCommand } from '../../server/src/assist/related.js';
import { Retrieval } from '../../server/src/retrieval/service.js';
import { Explainer } from '../../server/src/shell/explain/index.js';
import { ManPages } from '../../server/src/shell/manpages/index.js';
import { MINI_PAGES, writeMan } from '../support/mini-man.js';

describe('related pages and the offline answer', () => {
  let retrieval: Retrieval;
  let man: ManPages;
  let explainer: Explainer;
  beforeAll(async () => {
    const root = writeMan(MINI_PAGES);
    retrieval = new Retrieval({ cacheDir: mkdtempSync(path.join(tmpdir(), 'kibitz-rel-')), manpath: [root] });
    await retrieval.build('man', { inProcess: true });
    man = new ManPages({ manpath: [root], useManCommand: false, cacheDir: mkdtempSync(path.join(tmpdir(), 'kibitz-relp-')) });
    explainer = new Explainer(man);
  });

  it('curl: only the pages curl(1) points to, never the look-alike family that shares its words', async () => {
    const exp = await explainer.explain('curl -fsSL https://example.invalid/install.sh | sh');
    const related = (await relatedToCommand(retrieval, exp, { exclude: ['curl(1)'] })).map(relatedLabel);
    expect(related).toEqual(['wget(1)']);
    expect(related.join(' ')).not.toMatch(/cloudctl/);
  });

  it('git log: the subcommand page first, then what the pages point to; find: its SEE ALSO', async () => {
    expect((await relatedToCommand(retrieval, await explainer.explain('git log --oneline'))).map(relatedLabel)).toContain('git-log(1)');
    expect((await relatedToCommand(retrieval, await explainer.explain('find . -name x'))).map(relatedLabel)).toEqual(['locate(1)', 'xargs(1)']);
  });

  it('an unknown program has nothing related rather than the nearest words', async () => {
    expect(await relatedToCommand(retrieval, await explainer.explain('frobnicate --transfer url'))).toEqual([]);
  });

  it('without a model, a request is answered with pages, matching example lines and the options that fit', async () => {
    const answer = await offlineAnswer(retrieval, man, 'find files over 100MB here');
    expect(answer[0]).toMatchObject({ page: 'find(1)' });
    expect(answer[0]!.examples[0]).toMatchObject({ command: 'find . -type f -size +100M' });
    expect(answer[0]!.examples[0]!.lines[0]).toBeGreaterThan(0);
    expect(answer[0]!.options.map((o) => o.tag)).toContain('-size n');
    // nothing matches: an empty answer, not a guess
    expect(await offlineAnswer(retrieval, man, 'qwzx vvkp')).toEqual([]);
  });
});
