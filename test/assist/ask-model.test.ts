import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { askDocs, indexDocs } from '../../server/src/assist/ask.js';
import { askDocsWithModel, locateQuote } from '../../server/src/assist/ask-model.js';
import { historyIndex } from '../../server/src/assist/ask-sources.js';
import { GitFixture } from '../support/git-fixtures.js';
import { resolveModel } from '../../server/src/config/model-settings.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { ModelClient } from '../../server/src/model/client.js';
import { lastUser, useFakeOpenAI } from '../support/fake-openai.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });
const docs = indexDocs(path.resolve(import.meta.dirname, '../fixtures/ask/project'));
const model = () => new ModelClient(resolveModel({ ...defaultConfig().model, baseURL: endpoint.fake.url, chatModel: 'fake-chat', cache: { enable: false, maxEntries: 1 } }, {})!);

describe('asking the docs with a model (every sentence checked against the passage it cites)', () => {
  it('keeps a sentence whose quote is in its passage (cited at the quote lines) and drops one whose quote is not', async () => {
    // the section's best paragraph (the command) is listed; the model also sees the paragraphs around it
    const listed = askDocs('how do I run the integration tests?', docs).passages;
    const source = listed.findIndex((p) => p.heading === 'Running the integration tests') + 1;
    expect(source).toBeGreaterThan(0);
    expect(listed[source - 1]!.text).not.toContain('Start both');
    endpoint.fake.reply({
      json: {
        notInDocs: false,
        sentences: [
          { text: 'Start PostgreSQL and the fake store with Docker Compose first.', source, quote: 'Start both with `docker compose up -d db store`.' },
          { text: 'The tests also need Redis.', source, quote: 'a local Redis server' },
        ],
      },
    });
    const a = await askDocsWithModel('how do I run the integration tests?', docs, model());
    expect(a).toMatchObject({ answered: true, by: 'model', dropped: 1 });
    expect(a.sentences).toEqual([{ text: 'Start PostgreSQL and the fake store with Docker Compose first.', path: 'README.md', lines: [11, 11], heading: 'Running the integration tests' }]);
    // the passages went to the model as fenced data, with their citations
    expect(lastUser(endpoint.fake.chats[0]!)).toContain(`Passage ${source} (README.md:11-18, Running the integration tests):\n<kibitz-data name="passage ${source}">`);
  });

  it('a question the docs do not answer never reaches the model', async () => {
    const a = await askDocsWithModel('how do I deploy to kubernetes?', docs, model());
    expect(a).toMatchObject({ answered: false, by: 'offline' });
    expect(endpoint.fake.requests).toHaveLength(0);
  });

  it('the model saying the passages do not answer is a refusal; an answer with no checkable quote falls back to the docs', async () => {
    endpoint.fake.reply({ json: { notInDocs: true, sentences: [] } });
    expect(await askDocsWithModel('how are releases published', docs, model())).toMatchObject({ answered: false, by: 'model', sentences: [] });
    endpoint.fake.reply({ json: { sentences: [{ text: 'Releases happen on Fridays.', source: 1, quote: 'every Friday at noon' }] } });
    const b = await askDocsWithModel('how are releases published', docs, model());
    expect(b).toMatchObject({ answered: true, by: 'offline', dropped: 1 });
    expect(b.sentences[0]!.path).toBe('CONTRIBUTING.md');
  });

  it('a failing model gives way to the offline answer, with the failure', async () => {
    endpoint.fake.handler = () => ({ status: 500 });
    const a = await askDocsWithModel('what does the retries option default to?', docs, model());
    expect(a).toMatchObject({ answered: true, by: 'offline' });
    expect(a.modelError?.message).toMatch(/HTTP 500/);
    expect(a.sentences[0]!.text).toMatch(/`retries` \(default: 3\)/);
  });

  it('answers from the commit history with the model: the sentence keeps the commit as its citation', async () => {
    const g = new GitFixture('askm-history');
    g.commit('docs: readme', { 'README.md': '# Courier\n\nCourier sends folders.\n' });
    g.commit('Drop support for Node 16\n\nNode 16 reached its end of life, and the fetch API we rely on needs Node 18.', { 'package.json': '{}\n' });
    const sources = { docs: indexDocs(g.root), history: await historyIndex(g.root, mkdtempSync(path.join(tmpdir(), 'kibitz-askm-'))) };
    endpoint.fake.reply({ json: { sentences: [{ text: 'Node 16 was dropped because the fetch API needs Node 18.', source: 1, quote: 'the fetch API we rely on needs Node 18' }] } });
    const a = await askDocsWithModel('why was support for node 16 dropped', sources, model());
    const sha = g.git('rev-parse', '--short', 'HEAD').trim();
    expect(a).toMatchObject({ answered: true, by: 'model', dropped: 0 });
    expect(a.sentences).toEqual([expect.objectContaining({ text: 'Node 16 was dropped because the fetch API needs Node 18.', label: `commit ${sha}` })]);
    expect(lastUser(endpoint.fake.chats[0]!)).toContain(`Passage 1 (commit ${sha}, commit ${sha} (2026-01-01)):`);
  });

  it('locates a quote across line breaks and Markdown emphasis; a short or absent quote proves nothing', () => {
    const p = { text: 'one two\n**three four** five\nsix', lines: [10, 12] as [number, number] };
    expect(locateQuote(p, 'two three four')).toEqual([10, 11]);
    expect(locateQuote(p, 'four five six')).toEqual([11, 12]);
    expect(locateQuote(p, 'two')).toBeUndefined();
    expect(locateQuote(p, 'seven eight nine')).toBeUndefined();
  });
});
