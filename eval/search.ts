// Man-page search quality on the labelled tasks (test/fixtures/search/queries.ts): hit@1, hit@3, MRR (over the
// top 10) and every miss, on two corpora: the man pages of this machine (sections 1 and 8; the index is built once
// into the cache and reused) and the small fixture corpus written for kibitz (test/fixtures/search/pages.ts).
//   npm run eval:search [-- --rebuild] [-- --only machine|fixture]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { manDirs, manFiles } from '../server/src/retrieval/corpora/man.js';
import { buildManIndex } from '../server/src/retrieval/man-index-build.js';
import { ManSearch } from '../server/src/retrieval/man-search.js';
import { defaultCacheDir } from '../server/src/shell/manpages/cache.js';
import { QUERIES } from '../test/fixtures/search/queries.js';
import { specText } from '../server/src/shell/docs/index.js';
import { fixtureIndex, scoreSearch, type SearchScore } from '../test/support/search.js';

const { values } = parseArgs({ options: { rebuild: { type: 'boolean' }, only: { type: 'string' } } });

function report(name: string, pages: number, s: SearchScore): void {
  console.log(`\n${name} (${pages} pages, ${s.scored} of ${QUERIES.length} tasks answerable here): hit@1 ${s.hit1.toFixed(3)}  hit@3 ${s.hit3.toFixed(3)}  MRR ${s.mrr.toFixed(3)}`);
  if (s.misses.length) console.log(`not in the top 3 (${s.misses.length}):\n${s.misses.join('\n')}`);
}

if (process.argv[1]?.endsWith('search.ts')) {
  if (values.only !== 'machine') {
    const f = await fixtureIndex();
    report('fixture corpus', f.size, await scoreSearch(f));
  }
  if (values.only !== 'fixture') {
    const dir = path.join(defaultCacheDir(), 'eval', 'man-search');
    if (values.rebuild || !ManSearch.exists(dir) || !ManSearch.builtAt(dir)) {
      const t0 = Date.now();
      const files = manFiles(manDirs([]));
      const r = await buildManIndex(dir, files, { describe: specText });
      console.log(`built the index of this machine's man pages: ${r.pages} pages, ${r.examples} examples, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const m = (await ManSearch.load(dir))!;
    report('this machine', m.size, await scoreSearch(m));
  }
}
