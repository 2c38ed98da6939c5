import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askDocs, buildDocsIndex, citation, indexDocs } from '../../server/src/assist/ask.js';
import { passagesOf } from '../../server/src/assist/passages.js';
import { expandTerms } from '../../server/src/retrieval/query-terms.js';
import { onCitedLines } from '../support/citations.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/ask/project');

/** A copy of the fixture project (a workspace of its own), with a secrets file and an ignored build folder. */
function project(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-'));
  cpSync(FIXTURE, root, { recursive: true });
  writeFileSync(path.join(root, '.env.md'), 'The production password is hunter2 and retries default to 99.\n');
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  cpSync(path.join(root, 'docs'), path.join(root, 'build'), { recursive: true });
  writeFileSync(path.join(root, 'build', 'configuration.md'), '## Upload options\n\n- `retries` (default: 7): a stale copy.\n');
  return root;
}

describe('asking the docs (offline, extractive)', () => {
  const root = project();
  const docs = indexDocs(root);

  it('answers with the docs own sentences, in their order, each cited by file, lines and heading', () => {
    const a = askDocs('how do I run the integration tests?', docs);
    expect(a.answered).toBe(true);
    expect(a.sentences.map((s) => citation(s))).toContain('README.md:14-16');
    expect(a.sentences.some((s) => s.text.includes('npm run test:integration'))).toBe(true);
    expect(a.sentences.every((s) => s.heading === 'Running the integration tests')).toBe(true);
    expect(a.sentences.every((s) => onCitedLines(root, s))).toBe(true);
    const lines = a.sentences.map((s) => s.lines[0]);
    expect(lines).toEqual([...lines].sort((x, y) => x - y));
  });

  it('finds an option default in a list, not in an ignored copy or a secrets file', () => {
    const a = askDocs('what does the retries option default to?', docs);
    expect(a.sentences[0]).toMatchObject({ path: 'docs/configuration.md', lines: [7, 7], heading: 'Upload options' });
    expect(a.sentences[0]!.text).toMatch(/`retries` \(default: 3\)/);
    expect(docs.passages.some((p) => p.path.startsWith('build/') || p.path.startsWith('.env'))).toBe(false);
    expect(a.sentences.every((s) => onCitedLines(root, s))).toBe(true);
  });

  it('says the docs do not answer instead of guessing', () => {
    for (const q of ['how do I deploy to kubernetes?', 'what is the airspeed of a swallow']) {
      const a = askDocs(q, docs);
      expect(a.answered, q).toBe(false);
      expect(a.sentences).toEqual([]);
    }
  });

  it('reads the title and description of YAML front matter and skips the rest; does not end a sentence at e.g. or i.e.', () => {
    // the metadata is not prose, but its title heads the page and its description sums it up (cited at its line)
    expect(passagesOf('y.md', '---\ntitle: Setup\nlayout: docs\ndescription: "How to set up"\n---\n\nIntro.\n\n# Install\n\nText.\n').map((p) => [p.start, p.trail, p.lines[0]])).toEqual([
      [4, 'Setup', 'How to set up'],
      [7, 'Setup', 'Intro.'],
      [11, 'Install', 'Text.'],
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-eg-'));
    writeFileSync(path.join(dir, 'README.md'), '# Static files\n\nFiles that keep their names (e.g. Robots.txt) go in the public folder. Others go in assets.\n');
    const a = askDocs('where do files that keep their names go', indexDocs(dir));
    expect(a.sentences[0]!.text).toBe('Files that keep their names (e.g. Robots.txt) go in the public folder.');
  });

  it('lists one passage per section, so three paragraphs of one section do not hide the others', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-sections-'));
    const many = ['Webhooks retry failed deliveries.', 'Webhooks retry with backoff.', 'Webhooks retry up to five times.', 'Webhooks retry from a queue.'];
    writeFileSync(path.join(dir, 'README.md'), `# Webhooks\n\n${many.join('\n\n')}\n\n## Retry of failed webhooks\n\nA failed webhook delivery is kept for a day.\n`);
    const a = askDocs('how do failed webhooks retry', indexDocs(dir));
    expect(a.passages.map((p) => p.trail).sort()).toEqual(['Webhooks', 'Webhooks › Retry of failed webhooks']);
  });

  it('reads a paragraph in its section: a code block is found by the words of the paragraphs beside it', () => {
    const text = ['# Recipes', '## Rolling back', 'Rolling back restores the previous release.', '```sh\nacme deploy --to HEAD~1\n```', '## Status', '```sh\nacme deploy --status\n```'];
    const docs = buildDocsIndex(passagesOf('README.md', text.join('\n\n') + '\n'));
    const found = docs.index.search(expandTerms('restore the previous release'), 10).map((h) => docs.passages[h.doc]!.lines.join(' '));
    expect(found.some((t) => t.includes('HEAD~1'))).toBe(true);
    expect(found.some((t) => t.includes('--status'))).toBe(false);
  });

  it('a word the docs never use weighs more than their rarest one: a question about something else is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-unknown-'));
    const paras = [
      'Change the account email in the settings page.',
      'Change the account name on the profile tab.',
      'An account change is logged.',
      ...['Billing runs monthly.', 'Invoices are sent by mail.', 'Teams have owners.', 'Owners invite members.', 'Members see projects.', 'Projects have boards.', 'Boards hold cards.'],
    ];
    // each in a section of its own, so that three of ten passages have "change" and "account"
    writeFileSync(path.join(dir, 'README.md'), paras.map((p, i) => `## Part ${i + 1}\n\n${p}\n`).join('\n'));
    const docs = indexDocs(dir);
    expect(askDocs('how do I change my account email', docs).answered).toBe(true);
    // "avatar" is in no file: the two common words "change" and "account" are not an answer to it
    expect(askDocs('how do I change my account avatar', docs).answered).toBe(false);
  });

  it('a code block whose names and strings meet half the question does not answer it; a sentence that does, does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-codefloor-'));
    const parts = [
      '## Layouts',
      '```ts\nsetLayout("admin", { title: "Dashboard", theme: "dark" })\n```',
      ...['Pages have routes.', 'Routes have names.', 'Names are unique.', 'Stores hold state.'].map((t, i) => `## Part ${i}\n\n${t}`),
    ];
    writeFileSync(path.join(dir, 'README.md'), parts.join('\n\n') + '\n');
    const docs = indexDocs(dir);
    // "admin" and "dashboard" are only the code's strings: not an answer to which colour it uses
    expect(askDocs('which colour does the admin dashboard use', docs).answered).toBe(false);
    writeFileSync(path.join(dir, 'README.md'), [...parts, '## Admin\n\nThe admin dashboard uses the brand colour.'].join('\n\n') + '\n');
    expect(askDocs('which colour does the admin dashboard use', indexDocs(dir)).answered).toBe(true);
  });

  it('an HTML anchor names its section for the search but is never a sentence of the answer', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-anchor-'));
    writeFileSync(
      path.join(dir, 'README.md'),
      '# Options\n\n## `drainTimeout`\n\n<a id="drain-timeout-on-shutdown"></a>\n\nHow long open requests may run once shutdown began.\n\n+ Default: `5000`\n',
    );
    const a = askDocs('drain timeout on shutdown', indexDocs(dir));
    expect(a.answered).toBe(true);
    expect(a.sentences.length).toBeGreaterThan(0);
    expect(a.sentences.some((s) => s.text.includes('<a id'))).toBe(false);
  });

  it('an HTML heading over several lines heads its section (a banner <h1> does not); inline HTML tags are not words of a sentence', () => {
    const text = '<h1 align="center">Courier</h1>\n\n<h3 name="zip">\nHow do I upload zipped folders?\n</h3>\n\nPass <code>--zip</code> and each folder is sent<br>as one archive.\n';
    const ps = passagesOf('FAQ.md', text);
    // (the banner stays a searchable paragraph of no section)
    expect(ps.map((p) => [p.trail, p.start])).toEqual([
      ['', 1],
      ['How do I upload zipped folders?', 7],
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-html-'));
    writeFileSync(path.join(dir, 'FAQ.md'), text);
    const a = askDocs('how do I upload zipped folders', indexDocs(dir));
    expect(a.sentences.map((s) => s.text)).toEqual(['Pass --zip and each folder is sent as one archive.']);
    expect(a.sentences.every((s) => onCitedLines(dir, s))).toBe(true);
  });

  it('a sentence two files share is said once; a component marker (`::tip`, `:read-more{…}`) is not a sentence', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-ask-dup-'));
    const same = 'Files that keep their names go in the public folder.';
    writeFileSync(path.join(dir, 'README.md'), `# Layout\n\n${same}\n\n:read-more{to="/docs/public-folder"}\n`);
    writeFileSync(path.join(dir, 'public.md'), `# Public folder\n\n${same}\n`);
    const a = askDocs('which folder do files that keep their names go in', indexDocs(dir));
    expect(a.sentences.map((s) => s.text)).toEqual([same]);
  });
});
