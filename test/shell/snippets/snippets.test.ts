import { describe, expect, it } from 'vitest';
import { detectHost, extractSnippets, toDocOffset, toSnippetOffset, type Snippet } from '../../../server/src/shell/snippets/index.js';
import { makeRefs, programVariables } from '../../../server/src/shell/snippets/makefile.js';

/** Every occurrence of `token` in the snippet maps back to the same text in the document. */
function expectMapped(doc: string, s: Snippet, token: string, docToken = token): void {
  const at = s.text.indexOf(token);
  expect(at, `${token} in snippet ${JSON.stringify(s.text)}`).toBeGreaterThanOrEqual(0);
  const start = toDocOffset(s, at);
  const end = toDocOffset(s, at + token.length, 'end');
  expect(doc.slice(start, end)).toBe(docToken);
  expect(toSnippetOffset(s, start)).toBe(at);
}

describe('host detection', () => {
  it.each([
    ['shellscript', '/x/run', '', 'shell'],
    ['plaintext', '/x/run', '#!/usr/bin/env bash\necho', 'shell'],
    ['plaintext', '/x/tool', '#!/bin/sh\n', 'shell'],
    ['plaintext', '/x/a.zsh', '', 'shell'],
    ['dockerfile', '/x/Dockerfile', '', 'dockerfile'],
    ['plaintext', '/x/Containerfile', '', 'dockerfile'],
    ['makefile', '/x/Makefile', '', 'makefile'],
    ['yaml', '/r/.github/workflows/ci.yml', '', 'github-actions'],
    ['yaml', '/r/.gitlab-ci.yml', '', 'gitlab-ci'],
    ['markdown', '/r/README.md', '', 'markdown'],
    ['json', '/r/package.json', '{}', 'package-json'],
    ['python', '/r/a.py', 'print(1)', undefined],
    ['plaintext', '/r/notes.txt', 'rm -rf /', undefined],
    // one languageId for every buffer (Eglot 1.9 sends the server's): the file name decides
    ['sh', '/r/Dockerfile', '', 'dockerfile'],
    ['sh', '/r/config.yml', 'a: 1', undefined],
    ['sh', '/r/.github/workflows/ci.yml', 'on: push\njobs: {}', 'github-actions'],
    ['dockerfile', '/r/deploy.sh', '', 'shell'],
    // variants people name them by, and paths flattened into one name (`images__ubuntu__Dockerfile`)
    ['plaintext', '/r/Dockerfile.prod', '', 'dockerfile'],
    ['plaintext', '/r/build.Dockerfile', '', 'dockerfile'],
    ['plaintext', '/r/images__ubuntu__Dockerfile', '', 'dockerfile'],
    ['plaintext', '/r/Makefile.am', '', 'makefile'],
    ['plaintext', '/r/docs__Makefile', '', 'makefile'],
    ['plaintext', '/r/rules.mk', '', 'makefile'],
    ['plaintext', '/r/Makefile.toml', '', undefined],
    ['plaintext', '/r/NotADockerfileReally.txt', '', undefined],
  ])('%s %s -> %s', (lang, path, text, host) => {
    expect(detectHost(lang, path, text)).toBe(host);
  });
});

describe('shell files', () => {
  it('maps the whole file one to one', () => {
    const doc = '#!/bin/bash\ntar -xzvf a.tgz\n';
    const [s] = extractSnippets('shell', doc);
    expect(s!.text).toBe(doc);
    expectMapped(doc, s!, '-xzvf');
  });
});

describe('Dockerfile', () => {
  it('RUN under a PowerShell or cmd SHELL is marked as such; a new stage starts with the default again', () => {
    const doc = [
      'FROM mcr.microsoft.com/windows',
      'SHELL ["powershell", "-Command"]',
      'RUN Write-Host hi',
      'RUN ["cmd.exe", "/c", "dir"]',
      'FROM debian',
      'RUN echo one',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'RUN echo two',
      '',
    ].join('\n');
    expect(extractSnippets('dockerfile', doc).map((s) => [s.text.trim(), s.foreign])).toEqual([
      ['Write-Host hi', 'powershell'],
      ["'cmd.exe' '/c' 'dir'", undefined],
      ['echo one', undefined],
      ['echo two', undefined],
    ]);
  });
  it('shell form with continuations and RUN flags, comment lines dropped', () => {
    const doc = 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n    # install tools\n    apt-get install -y curl\nCMD ["bash"]\n';
    const snips = extractSnippets('dockerfile', doc);
    expect(snips).toHaveLength(1);
    expect(snips[0]!.text).toBe('apt-get update && \\\n    apt-get install -y curl');
    expectMapped(doc, snips[0]!, 'install -y curl');
    expectMapped(doc, snips[0]!, 'apt-get update');
  });
  it('heredoc RUN: the body is the script', () => {
    const doc = 'FROM alpine\nRUN <<EOF\nset -e\nls -la /tmp\nEOF\nRUN echo done\n';
    const snips = extractSnippets('dockerfile', doc);
    expect(snips.map((s) => s.text)).toEqual(['set -e\nls -la /tmp\n', 'echo done']);
    expectMapped(doc, snips[0]!, 'ls -la /tmp');
  });
  it('heredoc fed to a command keeps the command and the body', () => {
    const doc = 'RUN python3 <<PY\nprint(1)\nPY\n';
    const [s] = extractSnippets('dockerfile', doc);
    expect(s!.text).toBe('python3 <<PY\nprint(1)\nPY\n');
    expectMapped(doc, s!, 'print(1)');
  });
  it('exec form: each JSON string is one quoted word', () => {
    const doc = 'RUN ["/bin/bash", "-c", "echo \\"hi\\" && ls -l"]\n';
    const [s] = extractSnippets('dockerfile', doc);
    expect(s!.text).toBe(`'/bin/bash' '-c' 'echo "hi" && ls -l'`);
    expectMapped(doc, s!, '-c');
    expectMapped(doc, s!, ' && ls -l');
  });
});

describe('Makefile', () => {
  it('recipe lines with prefixes, $$ and make variables', () => {
    const doc = 'CC=gcc\nall: main.o\n\t@echo building $$HOME\n\t-rm -f $(OBJS) $@\n\nclean: ; rm -rf build\n';
    const snips = extractSnippets('makefile', doc);
    expect(snips.map((s) => s.text)).toEqual(['rm -rf build', 'echo building $HOME', 'rm -f Kxxxxxx Kx'].sort((a, b) => doc.indexOf(a.slice(0, 6)) - doc.indexOf(b.slice(0, 6))));
    const echo = snips.find((s) => s.text.startsWith('echo'))!;
    expectMapped(doc, echo, 'echo building');
    // `$HOME` in the snippet is `$$HOME` in the document: the map lands on the second `$`
    const at = echo.text.indexOf('$HOME');
    expect(doc.slice(toDocOffset(echo, at), toDocOffset(echo, at + 5, 'end'))).toBe('$HOME');
    expect(doc[toDocOffset(echo, at) - 1]).toBe('$');
    const rm = snips.find((s) => s.text.startsWith('rm -f'))!;
    expect(rm.opaque).toHaveLength(2);
    expect(doc.slice(toDocOffset(rm, rm.opaque[0]!.start), toDocOffset(rm, rm.opaque[0]!.end, 'end'))).toBe('$(OBJS)');
  });
  it("a make variable that names a program carries it: set in the makefile to a plain command, else make's default", () => {
    const vars = programVariables('GO ?= go\nCC = gcc -std=c11\nPY := $(shell which python3)\nVERSION = 1.2\nX = a\nX = b\nexport DOCKER:=/usr/bin/docker\n');
    expect(vars.get('GO')).toEqual({ program: 'go', set: true });
    expect(vars.get('CC')).toEqual({ program: 'gcc', set: true });
    expect(vars.get('DOCKER')).toEqual({ program: 'docker', set: true });
    expect(vars.get('MAKE')).toEqual({ program: 'make', set: false });
    // computed, a version, set to two programs: nothing certain
    for (const n of ['PY', 'VERSION', 'X']) expect(vars.has(n)).toBe(false);
    const [s] = extractSnippets('makefile', 'GO ?= go\nall:\n\t$(MAKE) -C sub && $(GO) build $(FLAGS)\n');
    expect(s!.opaque.map((o) => [o.original, o.program])).toEqual([
      ['$(MAKE)', 'make'],
      ['$(GO)', 'go'],
      ['$(FLAGS)', undefined],
    ]);
  });
  it('make references nested to any depth are one opaque word', () => {
    expect(makeRefs('rm -f $(addsuffix .o,$(addprefix $(DIR)/, $(names))) $@ $$x ${Y}').map((r) => r.text)).toEqual(['$(addsuffix .o,$(addprefix $(DIR)/, $(names)))', '$@', '$$', '${Y}']);
    const [s] = extractSnippets('makefile', 'clean:\n\trm -f $(addsuffix *.o,$(addprefix $(DIR)/, $(objs)))\n');
    expect(s!.text).toBe(`rm -f K${'x'.repeat('$(addsuffix *.o,$(addprefix $(DIR)/, $(objs)))'.length - 1)}`);
  });
  it('joins backslash continuations without the leading tab', () => {
    const doc = 'x:\n\tfor f in a b; do \\\n\t  echo $$f; done\n';
    const [s] = extractSnippets('makefile', doc);
    expect(s!.text).toBe('for f in a b; do \\\n  echo $f; done');
    expectMapped(doc, s!, '  echo');
  });
});

describe('GitHub Actions', () => {
  it('steps run by PowerShell, Python or cmd are marked as such (not explained); the workflow default counts', () => {
    const doc = [
      'jobs:',
      '  win:',
      '    steps:',
      '      - name: pwsh step',
      '        shell: pwsh',
      '        run: Write-Host "hi"',
      '      - run: echo one',
      '      - run: print(1)',
      '        shell: python',
      '      - shell: bash',
      '        run: echo two',
      '',
    ].join('\n');
    expect(extractSnippets('github-actions', doc).map((s) => [s.text, s.foreign])).toEqual([
      ['Write-Host "hi"', 'pwsh'],
      ['echo one', undefined],
      ['print(1)', 'python'],
      ['echo two', undefined],
    ]);
    const defaults = ['defaults:', '  run:', '    shell: pwsh', 'jobs:', '  a:', '    steps:', '      - run: Get-ChildItem', '      - shell: bash', '        run: ls', ''].join('\n');
    expect(extractSnippets('github-actions', defaults).map((s) => [s.text, s.foreign])).toEqual([
      ['Get-ChildItem', 'pwsh'],
      ['ls', undefined],
    ]);
  });
  it('run: plain, block scalar and ${{ }} as opaque words', () => {
    const doc = [
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: npm ci',
      '      - name: test',
      '        run: |',
      '          echo "${{ matrix.os }}"',
      '          npm test -- --coverage',
      '      - run: "git push --force"',
      '',
    ].join('\n');
    const snips = extractSnippets('github-actions', doc);
    expect(snips.map((s) => s.text)).toEqual(['npm ci', 'echo "Kxxxxxxxxxxxxxxx"\nnpm test -- --coverage\n', 'git push --force']);
    expectMapped(doc, snips[1]!, 'npm test -- --coverage');
    expectMapped(doc, snips[2]!, 'push --force');
    const o = snips[1]!.opaque[0]!;
    expect(doc.slice(toDocOffset(snips[1]!, o.start), toDocOffset(snips[1]!, o.end, 'end'))).toBe('${{ matrix.os }}');
  });
});

describe('GitLab CI', () => {
  it('script lists, before_script and quoted items', () => {
    const doc = [
      'build:',
      '  before_script:',
      "    - 'echo ''start'''",
      '  script:',
      '    - make -j4',
      '    - |',
      '      tar -czf out.tgz dist',
      '      ls out.tgz',
      '  after_script: rm -rf tmp',
      '',
    ].join('\n');
    const snips = extractSnippets('gitlab-ci', doc);
    expect(snips.map((s) => s.text)).toEqual(["echo 'start'", 'make -j4', 'tar -czf out.tgz dist\nls out.tgz\n', 'rm -rf tmp']);
    expectMapped(doc, snips[1]!, '-j4');
    expectMapped(doc, snips[2]!, 'ls out.tgz');
    expectMapped(doc, snips[3]!, 'rm -rf tmp');
  });
});

describe('Markdown', () => {
  it('sh/bash fences and console fences with $ prompts stripped', () => {
    const doc = ['# Title', '```bash', 'grep -rn foo .', '```', '```console', '$ ls -la', 'total 0', 'user@host:~$ git status \\', '  --short', '```', '```python', 'print(1)', '```', ''].join('\n');
    const snips = extractSnippets('markdown', doc);
    expect(snips.map((s) => s.text)).toEqual(['grep -rn foo .\n', 'ls -la\n', 'git status \\\n  --short\n']);
    expectMapped(doc, snips[1]!, 'ls -la');
    expectMapped(doc, snips[2]!, '--short');
  });
});

describe('package.json', () => {
  it('scripts values with JSON escapes', () => {
    const doc = '{\n  "name": "x",\n  "scripts": {\n    "build": "tsc -p .",\n    "clean": "rm -rf \\"out dir\\" && echo ok",\n    "n": 1\n  },\n  "other": {"scripts": "no"}\n}\n';
    const snips = extractSnippets('package-json', doc);
    expect(snips.map((s) => s.text)).toEqual(['tsc -p .', 'rm -rf "out dir" && echo ok']);
    expectMapped(doc, snips[0]!, '-p .');
    expectMapped(doc, snips[1]!, ' && echo ok');
    expectMapped(doc, snips[1]!, 'out dir');
  });
  it('tolerates a broken document', () => {
    expect(extractSnippets('package-json', '{"scripts": {"a": "ls", "b": ')).toHaveLength(1);
    expect(extractSnippets('package-json', '{"scripts": ')).toEqual([]);
  });
});
