import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_CACHE_FORMAT, PageCache } from '../../../server/src/shell/manpages/cache.js';
import { ManPages } from '../../../server/src/shell/manpages/index.js';
import { FIXTURE_MAN } from '../../support/fixtures.js';

describe('parsed page cache', () => {
  it('writes to disk, reads back, and re-parses when the page mtime changes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kibitz-cache-'));
    const page = path.join(dir, 'demo.1');
    writeFileSync(page, '.TH DEMO 1\n.SH NAME\ndemo \\- first version\n');
    utimesSync(page, 1000, 1000);
    const cacheDir = path.join(dir, 'cache');
    expect(new PageCache(cacheDir).get(page)!.summary).toBe('first version');
    expect(readdirSync(path.join(cacheDir, 'manpages', `v${PAGE_CACHE_FORMAT}`))).toHaveLength(1);
    // a fresh cache (new process) is served from disk: prove it by changing the file but not its mtime
    writeFileSync(page, '.TH DEMO 1\n.SH NAME\ndemo \\- second version\n');
    utimesSync(page, 1000, 1000);
    expect(new PageCache(cacheDir).get(page)!.summary).toBe('first version');
    utimesSync(page, 2000, 2000);
    expect(new PageCache(cacheDir).get(page)!.summary).toBe('second version');
  });

  it('a corrupt disk entry is ignored and the page parsed again', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kibitz-cache-'));
    const page = path.join(dir, 'tar.1');
    copyFileSync(path.join(FIXTURE_MAN, 'man1/tar.1'), page);
    const cacheDir = path.join(dir, 'cache');
    new PageCache(cacheDir).get(page);
    const entry = readdirSync(path.join(cacheDir, 'manpages', `v${PAGE_CACHE_FORMAT}`))[0]!;
    writeFileSync(path.join(cacheDir, 'manpages', `v${PAGE_CACHE_FORMAT}`, entry), '{"truncated');
    expect(new PageCache(cacheDir).get(page)!.summary).toBe('an archiving utility');
  });

  it('removes pages cached by an older parser, and leaves other files alone', () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kibitz-cache-'));
    const old = path.join(cacheDir, 'manpages', `v${PAGE_CACHE_FORMAT - 1}`);
    mkdirSync(old, { recursive: true });
    writeFileSync(path.join(old, 'x.json'), '{}');
    writeFileSync(path.join(cacheDir, 'manpages', 'notes.txt'), 'mine');
    new PageCache(cacheDir);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(path.join(cacheDir, 'manpages', 'notes.txt'))).toBe(true);
  });

  it('a missing page is a miss, not an error', () => {
    expect(new ManPages({ manpath: [FIXTURE_MAN], useManCommand: false }).page('no-such-page')).toBeUndefined();
  });
});
