import { beforeAll, describe, expect, it } from 'vitest';
import { Explainer, type Part } from '../../../server/src/shell/explain/index.js';
import { ManPages } from '../../../server/src/shell/manpages/index.js';
import { initParser } from '../../../server/src/shell/parse.js';
import { fixtureManPages } from '../../support/fixtures.js';
import { systemPages } from '../../support/system.js';

const explainer = new Explainer(fixtureManPages());
beforeAll(async () => {
  await initParser();
});

const line = (parts: Part[], text: string) => parts.filter((p) => p.text === text);
const byFlag = (parts: Part[], flag: string) => parts.find((p) => p.flag === flag);

describe('explain: commands and flags from fixture pages', () => {
  it('splits bundled short flags with exact offsets and binds the option argument', async () => {
    const cmd = 'tar -xzvf backup.tgz';
    const { parts } = await explainer.explain(cmd);
    expect(parts[0]).toMatchObject({ text: 'tar', kind: 'command', start: 0, end: 3 });
    expect(parts[0]!.explanation).toBe('tar — an archiving utility');
    expect(parts[0]!.source).toMatchObject({ page: 'tar(1)', section: 'NAME' });
    const flags = parts.filter((p) => p.kind === 'flag');
    expect(flags.map((f) => [f.flag, f.start, f.end])).toEqual([
      ['-x', 4, 6],
      ['-z', 6, 7],
      ['-v', 7, 8],
      ['-f', 8, 9],
    ]);
    expect(flags.every((f) => f.source?.section === 'OPTIONS' && f.source.lines)).toBe(true);
    expect(byFlag(parts, '-x')!.explanation).toContain('Extract files from an archive.');
    const arg = parts.find((p) => p.kind === 'argument')!;
    expect(arg).toMatchObject({ text: 'backup.tgz', start: 10, end: 20 });
    expect(arg.explanation).toBe('Argument ARCHIVE of `-f`.');
  });

  it('dashless bundles for tar', async () => {
    const { parts } = await explainer.explain('tar xzvf a.tgz');
    expect(parts.filter((p) => p.kind === 'flag').map((f) => f.flag)).toEqual(['-x', '-z', '-v', '-f']);
    expect(line(parts, 'a.tgz')[0]!.kind).toBe('argument');
  });

  it('--opt=value and long options with a separate argument', async () => {
    const { parts } = await explainer.explain('tar --file=x.tar --directory /opt --exclude=*.o --color');
    // --opt=value: the flag and its value are two parts, the value bound to the flag
    expect(line(parts, '--file')[0]).toMatchObject({ kind: 'flag', flag: '--file' });
    expect(line(parts, 'x.tar')[0]).toMatchObject({ kind: 'argument', flag: '--file' });
    expect(line(parts, 'x.tar')[0]!.explanation).toBe('Argument ARCHIVE of `--file`.');
    expect(line(parts, '/opt')[0]).toMatchObject({ kind: 'argument' });
    expect(line(parts, '--color')[0]!.explanation).toContain('Colorize output');
  });

  it('says plainly when a flag or a command is unknown, with no source', async () => {
    const { parts } = await explainer.explain('tar -Q; frobnicate --fast');
    const q = byFlag(parts, '-Q')!;
    expect(q.source).toBeNull();
    expect(q.explanation).toContain('not listed in the tar(1) manual page');
    const frob = line(parts, 'frobnicate')[0]!;
    expect(frob.source).toBeNull();
    expect(frob.explanation).toContain('No manual page');
  });

  it('subcommand pages: git commit -> git-commit(1), with global options before it', async () => {
    const { parts } = await explainer.explain('git -C repo commit -am "msg" --amend');
    expect(line(parts, 'commit')[0]).toMatchObject({ kind: 'subcommand' });
    expect(line(parts, 'commit')[0]!.source?.page).toBe('git-commit(1)');
    expect(byFlag(parts, '-C')!.source?.page).toBe('git(1)');
    expect(line(parts, 'repo')[0]!.kind).toBe('argument');
    expect(byFlag(parts, '-a')!.source?.page).toBe('git-commit(1)');
    expect(byFlag(parts, '-m')!.explanation).toContain('commit message');
    expect(line(parts, '"msg"')[0]!.kind).toBe('argument');
    expect(line(parts, '--amend')[0]!.explanation).toContain('Replace the tip');
  });

  it('mdoc pages and .so aliases', async () => {
    const { parts } = await explainer.explain('ls -1a | gunzip -c');
    expect(byFlag(parts, '-1')!.source?.page).toBe('ls(1)');
    expect(line(parts, 'gunzip')[0]!.explanation).toContain('compress or expand files');
    expect(line(parts, 'gunzip')[0]!.source?.path).toMatch(/gzip\.1$/);
    expect(line(parts, '-c')[0]!.explanation).toContain('Write output on standard output');
  });

  it('pipes, lists, redirections and assignments cite bash(1) sections', async () => {
    const { parts } = await explainer.explain('LC_ALL=C ls -l > out.txt 2>&1 && echo ok || echo fail');
    expect(line(parts, 'LC_ALL=C')[0]!.kind).toBe('assignment');
    expect(line(parts, '> out.txt')[0]).toMatchObject({ kind: 'redirection' });
    expect(line(parts, '> out.txt')[0]!.source?.section).toBe('REDIRECTION › Redirecting Output');
    expect(line(parts, '2>&1')[0]!.explanation).toContain('file descriptor 2');
    expect(line(parts, '&&')[0]!.source?.section).toBe('SHELL GRAMMAR › Lists');
    expect(line(parts, '||')[0]!.kind).toBe('operator');
    const echo = line(parts, 'echo')[0]!;
    expect(echo.explanation).toContain('Shell builtin');
    expect(echo.source?.section).toBe('SHELL BUILTIN COMMANDS');
  });

  it('builtin options come from the builtin entry', async () => {
    const { parts } = await explainer.explain('set -eu');
    expect(byFlag(parts, '-e')!.explanation).toContain('Exit immediately');
    expect(byFlag(parts, '-u')!.explanation).toContain('unset variables');
  });

  it('nested commands: sudo, env, xargs, timeout, find -exec, bash -c', async () => {
    const cmd = `sudo -u root env A=1 timeout 5 tar -czf x.tgz . ; find . -name '*.o' -exec gzip -d {} \\; ; bash -c 'tar -xf a.tar'`;
    const { parts } = await explainer.explain(cmd);
    const tars = parts.filter((p) => p.text === 'tar' && p.kind === 'command');
    expect(tars).toHaveLength(2);
    expect(tars[0]!.depth).toBe(3); // sudo > env > timeout > tar
    expect(line(parts, 'A=1')[0]!.kind).toBe('assignment');
    expect(line(parts, '5')[0]!.kind).toBe('operand');
    const gz = parts.find((p) => p.text === 'gzip')!;
    expect(gz.kind).toBe('command');
    expect(gz.depth).toBe(1);
    expect(line(parts, '\\;')[0]!.explanation).toContain('Ends the -exec command');
    const inner = tars[1]!;
    expect(cmd.slice(inner.start, inner.end)).toBe('tar');
    expect(inner.start).toBe(cmd.indexOf("'tar") + 1);
    const xf = parts.filter((p) => p.flag === '-x' && p.start > inner.start);
    expect(xf).toHaveLength(1);
  });

  it('keywords and expansions', async () => {
    const { parts } = await explainer.explain('for f in $(ls); do echo "${f:-x}"; done');
    expect(line(parts, 'for')[0]!.kind).toBe('keyword');
    expect(line(parts, 'done')[0]!.kind).toBe('keyword');
    expect(line(parts, '$(ls)')[0]!.explanation).toContain('Command substitution');
    expect(line(parts, 'ls')[0]!.kind).toBe('command');
    expect(line(parts, '${f:-x}')[0]!.kind).toBe('expansion');
  });

  it('quoted and escaped command names are looked up by their value', async () => {
    const { parts } = await explainer.explain("\\tar -x; t''ar -x; /bin/tar -x");
    expect(parts.filter((p) => p.kind === 'command').every((p) => p.source?.page === 'tar(1)')).toBe(true);
  });

  it('a command computed at run time has no source', async () => {
    const { parts } = await explainer.explain('$CMD -x');
    expect(parts.find((p) => p.kind === 'command')!.source).toBeNull();
  });

  it('never throws on broken input', async () => {
    for (const s of ['', '|||', 'if then fi (', '"unterminated', 'tar -', '-- --', '\u0000\u202e']) {
      await expect(explainer.explain(s)).resolves.toBeDefined();
    }
  });
});

const SYSTEM = systemPages('tar', 'ls', 'grep', 'find', 'curl', 'git-commit');

describe.skipIf(!SYSTEM)('explain: real system man pages', () => {
  const real = new Explainer(new ManPages({ manpath: ['/usr/share/man'], useManCommand: false }));
  it.each([
    ['tar -xzvf a.tgz', ['-x', '-z', '-v', '-f']],
    ['ls -la --color=auto', ['-l', '-a', '--color']],
    ['grep -rn -e foo --include=*.ts .', ['-r', '-n', '-e', '--include']],
    ['find . -type f -name x -mtime +7 -print0', ['-type', '-name', '-mtime', '-print0']],
    ['curl -fsSL -o out https://x', ['-f', '-s', '-S', '-L', '-o']],
    ['git commit --amend --no-edit -m x', ['--amend', '--no-edit', '-m']],
  ])('%s', async (cmd, flags) => {
    const { parts } = await real.explain(cmd);
    expect(parts[0]!.source?.section).toBe('NAME');
    for (const f of flags) {
      const p = parts.find((x) => x.flag === f);
      expect(p, f).toBeDefined();
      expect(p!.source, f).not.toBeNull();
      expect(p!.source!.lines![0]).toBeGreaterThan(0);
    }
  });
});
