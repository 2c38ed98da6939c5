import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Explainer } from '../../../server/src/shell/explain/index.js';
import { ManPages } from '../../../server/src/shell/manpages/index.js';
import { initParser } from '../../../server/src/shell/parse.js';
import { writeMan } from '../../support/mini-man.js';

/** A man tree written for these tests: bash(1) with two builtins, getopt(3), head(1), mv(1), and the pages below. */
const PAGES: Record<string, string> = {
  'bash.1': `.TH BASH 1
.SH NAME
bash \\- a shell
.SH "SHELL BUILTIN COMMANDS"
.PP
Unless otherwise noted, each builtin command that takes options
also takes
.B \\-\\-
as the last of them.
.TP
\\fBeval\\fP [\\fIarg\\fP ...]
Joins the args into one command and runs it.
.TP
\\fBshift\\fP [\\fIn\\fP]
Drops the first n positional parameters.
`,
  'getopt.3':
    '.TH GETOPT 3\n.SH NAME\ngetopt \\- read command-line options\n.SH DESCRIPTION\nScans argv for options.\nThe special argument "\\-\\-" forces an end of option-scanning, whatever the mode.\n.PP\nMore text.\n',
  'head.1': '.TH HEAD 1\n.SH NAME\nhead \\- show the start of files\n.SH OPTIONS\n.TP\n\\fB\\-n\\fR, \\fB\\-\\-lines\\fR=\\fINUM\\fR\nshow the first NUM lines\n',
  'mv.1': '.TH MV 1\n.SH NAME\nmv \\- move files\n.SH OPTIONS\n.TP\n\\fB\\-f\\fR\ndo not ask\n',
  // a front end whose verbs another page documents, with their options
  'pkg.8':
    '.TH PKG 8\n.SH NAME\npkg \\- install things\n.SH SYNOPSIS\n\\fBpkg\\fR {update | install \\fIname\\fR...}\n.SH DESCRIPTION\n.PP\n\\fBinstall\\fR (\\fBpkg-get\\fR(8))\n.RS 4\nfetches and sets up the named things\n.RE\n',
  'pkg-get.8':
    '.TH PKG-GET 8\n.SH NAME\npkg-get \\- the engine\n.SH SYNOPSIS\n\\fBpkg-get\\fR [options] install \\fIname\\fR...\n.SH OPTIONS\n.TP\n\\fB\\-y\\fR, \\fB\\-\\-yes\\fR\nanswer yes to every question\n',
  // objects that may be abbreviated (ip(8)): `net addr` is `net address`, documented by net-address(8)
  'net.8':
    '.TH NET 8\n.SH NAME\nnet \\- network things\n.SH SYNOPSIS\n.B net\n.IR OBJECT " := { "\n.BR link " | " address " | " route " }"\n.SH DESCRIPTION\nObject names may be abbreviated: address as addr or a.\n',
  'net-address.8': '.TH NET-ADDRESS 8\n.SH NAME\nnet-address \\- addresses of devices\n.SH OPTIONS\n.TP\n\\fBdev\\fR \\fINAME\\fR\nthe device\n',
  'net-link.8': '.TH NET-LINK 8\n.SH NAME\nnet-link \\- devices\n',
  // pages that document `--` themselves: as an entry, and in an example
  'git.1': '.TH GIT 1\n.SH NAME\ngit \\- track content\n',
  'git-grep.1':
    '.TH GIT-GREP 1\n.SH NAME\ngit-grep \\- look for lines\n.SH OPTIONS\n.PP\n\\-n\n.RS 4\nnumber lines\n.RE\n.PP\nlines between groups show\n\\fB\\-\\-\\fR\n.PP\n\\-\\-\n.RS 4\nThe words after it are paths.\n.RE\n',
  'rm.1': '.TH RM 1\n.SH NAME\nrm \\- remove files\n.SH NOTES\nA file named like an option is removed with\n.IP\nrm \\fB\\-\\-\\fR \\fB\\-foo\\fR\n.IP\nor with a path.\n',
};

let explainer: Explainer;
beforeAll(async () => {
  await initParser();
  explainer = new Explainer(new ManPages({ manpath: [writeMan(PAGES)], useManCommand: false }));
});

describe('conventions every command shares', () => {
  it('`--` is cited where it is documented: bash(1) for a builtin, getopt(3) for a program', async () => {
    const builtin = (await explainer.explain('eval -- "$cmd"')).parts.find((p) => p.text === '--')!;
    expect(builtin.explanation).toMatch(/^End of options/);
    expect(builtin.source).toMatchObject({ page: 'bash(1)', section: 'SHELL BUILTIN COMMANDS', lines: [6, 9] });
    const program = (await explainer.explain('mv -f -- -odd-name dir/')).parts.find((p) => p.text === '--')!;
    expect(program.source).toMatchObject({ page: 'getopt(3)', section: 'DESCRIPTION', lines: [6, 6] });
  });

  it("`--` is cited from the command's own page when it documents it: an entry, or an example", async () => {
    const entry = (await explainer.explain("git grep -n TODO -- '*.py'")).parts.find((p) => p.text === '--')!;
    // the entry, not the earlier line that only shows `--` in a sentence
    expect(entry.source).toMatchObject({ page: 'git-grep(1)', section: 'OPTIONS', lines: [14, 16] });
    const example = (await explainer.explain('rm -- -foo')).parts.find((p) => p.text === '--')!;
    expect(example.source).toMatchObject({ page: 'rm(1)', section: 'NOTES', lines: [7, 7] });
  });

  it("a verb the page says another page documents takes that page's options (apt install -y: apt-get(8))", async () => {
    const { parts } = await explainer.explain('pkg install -y thing');
    expect(parts.find((p) => p.text === 'install')).toMatchObject({ kind: 'subcommand', source: { page: 'pkg(8)' } });
    const y = parts.find((p) => p.text === '-y')!;
    expect(y.explanation).toContain('answer yes to every question');
    expect(y.source).toMatchObject({ page: 'pkg-get(8)', section: 'OPTIONS' });
  });

  it('an object the page says may be abbreviated is the first of its OBJECT list that the word begins (ip a, ip addr)', async () => {
    for (const w of ['addr', 'a']) {
      const sub = (await explainer.explain(`net ${w} show`)).parts.find((p) => p.text === w)!;
      expect(sub).toMatchObject({ kind: 'subcommand', source: { page: 'net-address(8)' } });
      expect(sub.explanation).toContain('address: addresses of devices');
    }
    expect((await explainer.explain('net l')).parts.find((p) => p.text === 'l')).toMatchObject({ kind: 'subcommand', source: { page: 'net-link(8)' } });
  });

  it('`--` has no source where neither page is installed', async () => {
    const bare = new Explainer(new ManPages({ manpath: [mkdtempSync(path.join(tmpdir(), 'kibitz-no-man-'))], useManCommand: false }));
    expect((await bare.explain('mv -- a b')).parts.find((p) => p.text === '--')!.source).toBeNull();
  });

  it('`head -1` is read as the old spelling of `head -n 1`, cited at -n', async () => {
    const p = (await explainer.explain('head -1 notes.txt')).parts.find((x) => x.text === '-1')!;
    expect(p.explanation).toMatch(/^`-1` is the old spelling of `-n 1`\. -n, --lines=NUM: show the first NUM lines/);
    expect(p.source).toMatchObject({ page: 'head(1)', section: 'OPTIONS' });
    // not for a command that has no such spelling
    expect((await explainer.explain('mv -1 a b')).parts.find((x) => x.text === '-1')!.source).toBeNull();
  });
});
