import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askDocs } from '../../server/src/assist/ask.js';
import { DocsCache } from '../../server/src/assist/docs-cache.js';

function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-docsc-'));
  mkdirSync(path.join(root, 'docs'));
  writeFileSync(path.join(root, 'README.md'), '# Shop\n\nRun `npm start` to start the shop.\n');
  writeFileSync(path.join(root, 'docs/release.md'), '# Releasing\n\nTag the commit and push the tag.\n');
  return root;
}

const later = (file: string) => utimesSync(file, new Date(), new Date(Date.now() + 5000));

describe('the docs index kept fresh incrementally', () => {
  it('reads only what changed since the last question; drops deleted files', () => {
    const root = workspace();
    const cache = new DocsCache();
    expect(askDocs('how do I release?', cache.get(root)).sentences[0]!.text).toBe('Tag the commit and push the tag.');
    expect(cache.stats).toEqual({ reads: 2, listings: 1 });
    cache.get(root);
    expect(cache.stats.reads).toBe(2);
    writeFileSync(path.join(root, 'docs/release.md'), '# Releasing\n\nRun the release script, then push the tag.\n');
    later(path.join(root, 'docs/release.md'));
    expect(askDocs('how do I release?', cache.get(root)).sentences[0]!.text).toBe('Run the release script, then push the tag.');
    expect(cache.stats.reads).toBe(3);
    rmSync(path.join(root, 'docs/release.md'));
    expect(cache.get(root).passages.map((p) => p.path)).toEqual(['README.md']);
  });

  it('with the editor watching files, the list is read again only after a reported change', () => {
    const root = workspace();
    const cache = new DocsCache();
    cache.watching = true;
    cache.get(root);
    writeFileSync(path.join(root, 'docs/deploy.md'), '# Deploying\n\nRun deploy.sh.\n');
    cache.get(root);
    expect(cache.stats.listings).toBe(1);
    expect(cache.get(root).passages.some((p) => p.path === 'docs/deploy.md')).toBe(false);
    cache.changed([{ path: path.join(root, 'docs/deploy.md'), kind: 'created' }]);
    expect(cache.get(root).passages.some((p) => p.path === 'docs/deploy.md')).toBe(true);
    expect(cache.stats.listings).toBe(2);
    // an edit within the same second is still picked up once it is reported
    writeFileSync(path.join(root, 'docs/deploy.md'), '# Deploying\n\nRun deploy.sh twice.\n');
    cache.changed([{ path: path.join(root, 'docs/deploy.md'), kind: 'changed' }]);
    expect(cache.get(root).passages.find((p) => p.path === 'docs/deploy.md')!.lines).toEqual(['Run deploy.sh twice.']);
  });

  it('never indexes secrets files, and follows .gitignore', () => {
    const root = workspace();
    writeFileSync(path.join(root, '.env.md'), 'API_KEY=abc\n');
    mkdirSync(path.join(root, 'build'));
    writeFileSync(path.join(root, 'build/notes.md'), '# Generated\n\nDo not read.\n');
    writeFileSync(path.join(root, '.gitignore'), 'build/\n');
    const paths = new DocsCache().get(root).passages.map((p) => p.path);
    expect(paths).not.toContain('build/notes.md');
    expect(paths.some((p) => p.includes('.env'))).toBe(false);
  });
});
