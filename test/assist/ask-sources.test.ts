import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citation, indexDocs } from '../../server/src/assist/ask.js';
import { askSources, historyIndex, manIndex, namedCommands } from '../../server/src/assist/ask-sources.js';
import { ManPages } from '../../server/src/shell/manpages/index.js';
import { GitFixture } from '../support/git-fixtures.js';
import { writeMan } from '../support/mini-man.js';
import { onCitedLines } from '../support/citations.js';

const PACKER = `.TH PACKER 1
.SH NAME
packer \\- bundle files into one archive
.SH OPTIONS
.TP
.B \\-z
Squeeze the archive with the deflate codec before writing it.
.TP
.B \\-Z
Keep the archive in memory; never write a temporary file.
.TP
.BR \\-v ", " \\-\\-verbose
Print each file name as it is bundled.
`;
const MAKE = '.TH MAKE 1\n.SH NAME\nmake \\- maintain program dependencies\n.SH OPTIONS\n.TP\n.B \\-j\nRun several recipes at once.\n';

function repo(): GitFixture {
  const g = new GitFixture('ask-sources');
  g.commit('docs: describe the upload command', { 'README.md': '# Courier\n\n## Uploading\n\nRun `courier upload DIR` to send a folder.\n' });
  g.commit('Drop support for Node 16\n\nNode 16 reached its end of life, and the fetch API we rely on needs Node 18.\n\nSigned-off-by: Ada Lovelace <ada@example.com>', {
    'package.json': '{"engines":{"node":">=18"}}\n',
  });
  return g;
}

describe('answers from the commit history and from man pages', () => {
  const cache = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-cache-'));
  const pages = { 'packer.1': PACKER, 'make.1': MAKE, 'git.1': '.TH GIT 1\n.SH NAME\ngit \\- version control\n', 'git-stash.1': '.TH GIT-STASH 1\n.SH NAME\ngit-stash \\- stash changes\n' };
  const man = new ManPages({ manpath: [writeMan(pages)], useManCommand: false });

  it('the history answers what the docs do not, cited as the commit, and the citation opens the message', async () => {
    const g = repo();
    const sources = { docs: indexDocs(g.root), history: await historyIndex(g.root, cache) };
    const { answer } = askSources('why was support for node 16 dropped', sources);
    expect(answer.answered).toBe(true);
    const sha = g.git('rev-parse', '--short', 'HEAD').trim();
    expect(answer.sentences.map((s) => citation(s))).toContain(`commit ${sha}`);
    expect(answer.sentences.some((s) => s.text.includes('the fetch API we rely on needs Node 18'))).toBe(true);
    expect(answer.sentences.some((s) => s.text.startsWith('Signed-off-by'))).toBe(false);
    expect(answer.sentences.every((s) => onCitedLines(g.root, s))).toBe(true);
    // the docs answer what they say, before the history
    expect(askSources('how do I upload a folder', sources).answer.sentences[0]).toMatchObject({ path: 'README.md', heading: 'Uploading' });
    // a "why" goes to the history when it covers the question as well as the docs do
    g.commit('Upload folders as one archive\n\nSending files one by one hit the gateway rate limit on large folders.', {
      'README.md': '# Courier\n\n## Uploading\n\nRun `courier upload DIR` to upload a folder as one archive.\n',
    });
    const now = { docs: indexDocs(g.root), history: await historyIndex(g.root, cache) };
    expect(askSources('how do I upload a folder as one archive', now).answer.sentences[0]).toMatchObject({ path: 'README.md' });
    expect(askSources('why upload a folder as one archive', now).answer.sentences.map((s) => s.text)).toContain('Sending files one by one hit the gateway rate limit on large folders.');
  });

  it('the history index follows HEAD: a new commit answers at once', async () => {
    const g = repo();
    const first = (await historyIndex(g.root, cache))!;
    expect(await historyIndex(g.root, cache)).toBe(first);
    g.commit('Retry uploads on HTTP 503\n\nThe storage gateway answers 503 while it scales; three retries with backoff ride it out.', { 'src/retry.ts': 'export const RETRIES = 3;\n' });
    const next = (await historyIndex(g.root, cache))!;
    expect(next).not.toBe(first);
    expect(askSources('why do uploads retry on 503', { docs: indexDocs(g.root), history: next }).answer.sentences.some((s) => s.text.includes('storage gateway'))).toBe(true);
    expect(await historyIndex(mkdtempSync(path.join(tmpdir(), 'kibitz-no-git-')), cache)).toBeUndefined();
    // a message with Markdown of its own (a `## Notes` heading, a `-----` underline) stays one commit
    g.commit('Split the uploader\n\nDetails\n-------\n\n## Notes\n\nThe queue moved to its own module.', { 'src/queue.ts': 'export const Q = 1;\n' });
    const sha = g.git('rev-parse', '--short', 'HEAD').trim();
    const split = (await historyIndex(g.root, cache))!;
    expect(split.passages.filter((p) => p.lines.join(' ').includes('queue moved')).map((p) => p.label)).toEqual([`commit ${sha}`]);
  });

  it('names a command in backticks, before an option, or as a word that is not English, and only one with a page', () => {
    expect(namedCommands('what does `packer` do', man)).toEqual(['packer']);
    expect(namedCommands('what does packer -z do', man)).toEqual(['packer']);
    expect(namedCommands('how do I make a release', man)).toEqual([]);
    expect(namedCommands('what does make -j do', man)).toEqual(['make']);
    expect(namedCommands('what does frobnicate -x do', man)).toEqual([]);
    expect(namedCommands('how do I stash changes with git stash', man)).toEqual(['git-stash']);
  });

  it("a man page answers a question about a command's option, cited as the page, and the citation opens its text", () => {
    const g = repo();
    const sources = { docs: indexDocs(g.root), man: manIndex(g.root, 'what does packer -z do', man, cache) };
    const { answer } = askSources('what does packer -z do', sources);
    expect(answer.sentences[0]).toMatchObject({ text: 'Squeeze the archive with the deflate codec before writing it.', label: 'packer(1)', heading: '-z' });
    expect(citation(answer.sentences[0]!)).toBe('packer(1)');
    expect(answer.sentences.every((s) => onCitedLines(g.root, s))).toBe(true);
    // an option spelled out is that option, case and all
    const upper = askSources('what does packer -Z do', { docs: indexDocs(g.root), man: manIndex(g.root, 'what does packer -Z do', man, cache) }).answer;
    expect(upper.sentences.map((s) => [s.text, s.heading])).toEqual([['Keep the archive in memory; never write a temporary file.', '-Z']]);
    // no command named: no man pages
    expect(manIndex(g.root, 'how do I upload a folder', man, cache)).toBeUndefined();
  });
});
