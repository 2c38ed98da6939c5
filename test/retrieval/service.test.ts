import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../server/src/config/model-settings.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { ModelClient } from '../../server/src/model/client.js';
import { Retrieval } from '../../server/src/retrieval/service.js';
import { sections, chunkText } from '../../server/src/retrieval/chunk.js';
import { summarizePage } from '../../server/src/retrieval/corpora/man.js';
import { FakeOpenAI } from '../support/fake-openai.js';
import { FIXTURE_MAN } from '../support/fixtures.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, '-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });

function repo(): string {
  const root = tmp('kibitz-ws-');
  git(root, 'init', '-q');
  mkdirSync(path.join(root, 'docs'));
  mkdirSync(path.join(root, 'build'));
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  writeFileSync(path.join(root, 'README.md'), '# Project\n\nIntro text.\n\n## Deploying\n\nRun the deploy script with the staging flag to publish the site to the mirror.\n');
  writeFileSync(path.join(root, 'docs/backup.rst'), 'Backups\n=======\n\nNightly snapshots of the database are uploaded to object storage.\n');
  writeFileSync(path.join(root, 'build/generated.md'), '# Generated\n\ndeploy staging mirror words that must not be indexed\n');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'Add deploy docs', '-m', 'Explains the staging flag.');
  writeFileSync(path.join(root, 'app.sh'), 'echo hi\n');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'Fix crash when the output pipe closes early (EPIPE)');
  return root;
}

describe('retrieval service', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await new FakeOpenAI().start();
  });
  afterAll(() => fake.close());

  it('indexes the man pages of the man path (sections 1 and 8) and searches them', async () => {
    const r = new Retrieval({ cacheDir: tmp('kibitz-cache-'), manpath: [FIXTURE_MAN] });
    const phases = new Set<string>();
    const rep = await r.build('man', { onProgress: (p) => phases.add(p.phase) });
    expect(rep).toMatchObject({ corpus: 'man', kind: 'hybrid', removed: 0 });
    // tar git git-commit ls gzip bash mkfs; gunzip is a .so alias of gzip
    expect(rep.items).toBe(7);
    expect([...phases]).toEqual(['collect']);
    const hits = await r.search('compress files', { corpora: ['man'], k: 3 });
    expect(hits[0]!.meta).toMatchObject({ page: 'gzip(1)' });
    expect((await r.search('build a filesystem on a disk', { corpora: ['man'], k: 1 }))[0]!.meta).toMatchObject({ page: 'mkfs(8)' });
    // a second build changes nothing; a rebuild asked for says so
    expect(await r.build('man')).toMatchObject({ added: 0, updated: 0, unchanged: rep.items });
    expect(await r.build('man', { rebuild: true, inProcess: true })).toMatchObject({ added: 7, rebuildReason: 'asked for a rebuild' });
  });

  it('workspace docs respect .gitignore; commits carry message and files', async () => {
    const root = repo();
    const r = new Retrieval({ cacheDir: tmp('kibitz-cache-'), workspace: root });
    await r.build('docs');
    await r.build('commits');
    const docs = await r.search('publish the site to the staging mirror', { corpora: ['docs'], k: 5 });
    expect(docs[0]!.meta).toMatchObject({ path: 'README.md', heading: 'Deploying', line: 5 });
    expect(docs.map((d) => d.meta?.path)).not.toContain('build/generated.md');
    expect((await r.search('database snapshots', { corpora: ['docs'], k: 1 }))[0]!.meta).toMatchObject({ path: 'docs/backup.rst', heading: 'Backups' });
    const commits = await r.search('EPIPE crash', { corpora: ['commits'], k: 1 });
    expect(commits[0]!.meta?.subject).toBe('Fix crash when the output pipe closes early (EPIPE)');
    expect(commits[0]!.text).toContain('files: app.sh');
  });

  it('an embedder change (offline -> endpoint embeddings) rebuilds the index', async () => {
    const cacheDir = tmp('kibitz-cache-');
    const workspace = repo();
    const offline = new Retrieval({ cacheDir, workspace });
    await offline.build('docs');
    const model = new ModelClient(resolveModel({ ...defaultConfig().model, baseURL: fake.url, chatModel: 'c', embeddingModel: 'e' }, {})!);
    const online = new Retrieval({ cacheDir, workspace, model });
    const rep = await online.build('docs');
    expect(rep.rebuildReason).toMatch(/built by embedder hash-ngrams-v2/);
    expect(rep.embedder).toMatch(/^openai\//);
    expect(rep.added).toBe(rep.items);
    expect(fake.requests.some((q) => q.path.endsWith('/embeddings'))).toBe(true);
    const back = await new Retrieval({ cacheDir, workspace }).build('docs');
    expect(back.rebuildReason).toMatch(/built by embedder openai\//);
  });
});

describe('chunking and page summaries', () => {
  it('splits Markdown and rst by heading, and long text at paragraph boundaries', () => {
    expect(sections('# A\n\ntext a\n\n## B\n\n```\n# not a heading\n```\n').map((s) => [s.heading, s.line])).toEqual([
      ['A', 1],
      ['B', 5],
    ]);
    expect(sections('Title\n=====\n\nbody\n').map((s) => s.heading)).toEqual(['Title']);
    const chunks = chunkText(Array.from({ length: 30 }, (_, i) => `Paragraph ${i} has some words in it.`).join('\n\n'), 200);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.length <= 200)).toBe(true);
  });

  it('reads NAME and DESCRIPTION from man and mdoc pages, and skips .so aliases', () => {
    expect(summarizePage('.TH X 1\n.SH NAME\nfoo \\- do foo things\n.SH DESCRIPTION\n.B foo\ndoes \\fIfoo\\fR.\n.SH OPTIONS\n', '/m/man1/foo.1')).toEqual({
      name: 'foo',
      section: '1',
      nameLine: 'foo - do foo things',
      description: 'foo does foo.',
    });
    expect(summarizePage('.Dd x\n.Dt LS 1\n.Sh NAME\n.Nm ls\n.Nd list directory contents\n.Sh DESCRIPTION\nLists.\n', '/m/man1/ls.1')!.nameLine).toBe('ls - list directory contents');
    expect(summarizePage('.so man1/gzip.1\n', '/m/man1/gunzip.1.gz')).toBeUndefined();
  });
});
