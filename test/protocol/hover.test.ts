import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../support/lsp-client.js';
import { InProcessClient, inProcessEnv } from '../support/in-process.js';
import { FIXTURE_MAN } from '../support/fixtures.js';

inProcessEnv({});

const settings = { kibitz: { manpath: [FIXTURE_MAN], useManCommand: false } };
let c: InProcessClient;

beforeAll(async () => {
  c = new InProcessClient();
  c.workspaceSettings = settings.kibitz;
  const init = await c.initialize({ initializationOptions: settings });
  expect(init.capabilities.hoverProvider).toBe(true);
  expect(init.capabilities.textDocumentSync.change).toBe(2);
});
afterAll(() => c.dispose());

async function hoverAt(uri: string, lang: string, text: string, needle: string, delta = 0) {
  await c.open(uri, lang, text);
  const pos = positionOf(text, needle, delta);
  return { pos, hover: await c.hover(uri, pos.line, pos.character) };
}

describe('hover over the protocol', () => {
  it('shell file: a bundled flag, with its range and sources', async () => {
    const text = '#!/bin/bash\nset -e\ntar -xzvf backup.tgz | gzip -d\n';
    const { pos, hover } = await hoverAt('file:///w/a.sh', 'shellscript', text, '-xzvf', 2);
    expect(hover.contents.kind).toBe('markdown');
    const v: string = hover.contents.value;
    expect(v.split('\n')[0]).toContain('`-z`');
    expect(v).toContain('Filter the archive through gzip(1).');
    expect(v).toContain('| part | kind | meaning |');
    expect(v).toContain('**Sources**');
    expect(v).toMatch(/tar\(1\) `.*tar\.1` OPTIONS, lines \d+–\d+/);
    expect(hover.range).toEqual({ start: pos, end: { line: pos.line, character: pos.character + 1 } });
  });

  it('Dockerfile RUN with continuation', async () => {
    const text = 'FROM debian\nRUN apt-get update && \\\n    tar -C /opt -xf x.tar\n';
    const { pos, hover } = await hoverAt('file:///w/Dockerfile', 'dockerfile', text, '-C /opt');
    expect(hover.contents.value).toContain('Change to DIR before performing any operations.');
    expect(hover.range.start).toEqual(pos);
  });

  it('GitHub Actions workflow run: block', async () => {
    const text = 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          git commit --amend\n';
    const { hover } = await hoverAt('file:///w/.github/workflows/ci.yml', 'yaml', text, '--amend');
    expect(hover.contents.value).toContain('Replace the tip of the current branch');
    expect(hover.contents.value).toContain('git-commit(1)');
  });

  it('Markdown console fence', async () => {
    const text = '# Usage\n\n```console\n$ ls -1\nfoo\n```\n';
    const { hover } = await hoverAt('file:///w/README.md', 'markdown', text, 'ls -1', 0);
    expect(hover.contents.value).toContain('list directory contents');
    expect(hover.contents.value).toContain('ls(1)');
  });

  it('Makefile recipe and package.json script', async () => {
    const mk = await hoverAt('file:///w/Makefile', 'makefile', 'all:\n\t@tar -cf out.tar src\n', '-cf', 1);
    expect(mk.hover.contents.value).toContain('Create a new archive.');
    // a make variable that names the program: explained as that program
    const viaVar = 'TAR ?= tar\nall:\n\t$(TAR) -cf out.tar src\n';
    expect((await hoverAt('file:///w/vars/Makefile', 'makefile', viaVar, '-cf', 1)).hover.contents.value).toContain('Create a new archive.');
    const name = (await hoverAt('file:///w/vars2/Makefile', 'makefile', viaVar, '$(TAR)', 2)).hover.contents.value;
    expect(name).toContain('make variable `$(TAR)`: set to `tar` in this makefile');
    expect(name).toContain('tar(1)');
    const pj = await hoverAt('file:///w/package.json', 'json', '{"scripts": {"pack": "tar -czf a.tgz dist"}}', '-czf', 2);
    expect(pj.hover.contents.value).toContain('Filter the archive through gzip(1).');
  });

  it('returns null outside shell: comments, non-shell files, unknown documents', async () => {
    expect((await hoverAt('file:///w/b.sh', 'shellscript', '# tar -x\n', 'tar')).hover).toBeNull();
    expect((await hoverAt('file:///w/a.py', 'python', 'tar = 1\n', 'tar')).hover).toBeNull();
    expect(await c.hover('file:///w/never-opened.sh', 0, 0)).toBeNull();
  });

  it('incremental edits are applied before the next hover', async () => {
    const uri = 'file:///w/edit.sh';
    await c.open(uri, 'shellscript', 'tar -x\n');
    await c.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: 'gzip' }],
    });
    const h = await c.hover(uri, 0, 1);
    expect(h.contents.value).toContain('compress or expand files');
    const flag = await c.hover(uri, 0, 6);
    expect(flag.contents.value).toContain('not listed in the gzip(1) manual page');
  });
});
