import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage, parseTag } from '../../../server/src/shell/manpages/page.js';
import { renderInline, renderMdoc, splitArgs } from '../../../server/src/util/roff.js';
import { argShape, formShape } from '../../../server/src/shell/manpages/tag.js';
import { FIXTURE_MAN } from '../../support/fixtures.js';

const read = (f: string) => readFileSync(path.join(FIXTURE_MAN, f), 'utf8');
/** 1-based line of the first line containing needle. */
const lineOf = (f: string, needle: string) =>
  read(f)
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

describe('roff inline rendering', () => {
  it('removes font escapes and decodes named characters', () => {
    expect(renderInline('\\fB\\-\\-file\\fR=\\fI\\,ARCHIVE\\/\\fR')).toBe('--file=ARCHIVE');
    expect(renderInline('a\\(em b \\[aq]x\\[aq] \\e \\&.')).toBe("a— b 'x' \\ .");
    expect(renderInline('text \\" a comment')).toBe('text');
  });
  it('splits quoted macro arguments', () => {
    expect(splitArgs('"\\-a, \\-\\-append" 4')).toEqual(['\\-a, \\-\\-append', '4']);
    expect(splitArgs('a "b ""c""" d')).toEqual(['a', 'b "c"', 'd']);
  });
  it('renders mdoc macros', () => {
    expect(renderMdoc('It Fl w Ar width', 'ls')).toBe('-w width');
    expect(renderMdoc('Op Fl 1AaCl', 'ls')).toBe('[-1AaCl]');
    expect(renderMdoc('Xr chmod 1', 'ls')).toBe('chmod(1)');
  });
});

describe('option tags', () => {
  it('parses short/long spellings and arguments', () => {
    expect(parseTag('-x, --extract, --get')).toEqual({ flags: ['-x', '--extract', '--get'], arg: '' });
    expect(parseTag('-f, --file=ARCHIVE')).toEqual({ flags: ['-f', '--file'], arg: 'ARCHIVE' });
    expect(parseTag('-C DIR, --directory=DIR')).toEqual({ flags: ['-C', '--directory'], arg: 'DIR' });
    expect(parseTag('--color[=WHEN]')).toEqual({ flags: ['--color'], arg: '[=WHEN]' });
    expect(parseTag('-c --stdout --to-stdout')).toEqual({ flags: ['-c', '--stdout', '--to-stdout'], arg: '' });
    expect(parseTag('of=FILE')).toEqual({ flags: ['of'], arg: 'FILE' });
  });
});

describe('GNU-style page (.TP, .TQ, .SS)', () => {
  const page = parsePage(read('man1/tar.1'), 'tar');
  it('reads NAME and SYNOPSIS with line ranges', () => {
    expect(page.name).toBe('tar');
    expect(page.summary).toBe('an archiving utility');
    expect(page.nameLines).toEqual([lineOf('man1/tar.1', '.SH NAME'), lineOf('man1/tar.1', 'tar \\- an')]);
    expect(page.synopsis).toBe('tar --extract [OPTIONS] [MEMBER...]');
  });
  it('builds the option table with exact line ranges', () => {
    const x = page.options.find((o) => o.flags.includes('-x'))!;
    expect(x.flags).toEqual(['-x', '--extract', '--get']);
    expect(x.description).toBe('Extract files from an archive.');
    expect(x.lines).toEqual([lineOf('man1/tar.1', '\\fB\\-x\\fR'), lineOf('man1/tar.1', 'Extract files')]);
    expect(x.section).toBe('OPTIONS');
    const f = page.options.find((o) => o.flags.includes('-f'))!;
    expect(f.arg).toBe('ARCHIVE');
    expect(f.lines).toEqual([lineOf('man1/tar.1', '\\fB\\-f\\fR'), lineOf('man1/tar.1', 'Use archive file')]);
    const z = page.options.find((o) => o.flags.includes('-z'))!;
    expect(z.description).toBe('Filter the archive through gzip(1).');
  });
  it('joins .TQ tags into one entry', () => {
    const ex = page.options.find((o) => o.flags.includes('--exclude'))!;
    expect(ex.flags).toEqual(['--exclude', '--exclude-from']);
    expect(ex.description).toBe('Exclude files matching PATTERN.');
  });
  it('records sections and subsections', () => {
    const opts = page.sections.find((s) => s.title === 'OPTIONS')!;
    expect(opts.subsections.map((s) => s.title)).toEqual(['Operation mode', 'Compression options']);
  });
});

describe('DocBook/git-style page (.PP + .RS 4)', () => {
  const page = parsePage(read('man1/git-commit.1'), 'git-commit');
  it('reads NAME', () => {
    expect(page.name).toBe('git-commit');
    expect(page.summary).toBe('Record changes to the repository');
  });
  it('reads options from .PP tags and .RS bodies, including nested .RS', () => {
    const m = page.options.find((o) => o.flags.includes('-m'))!;
    expect(m.flags).toEqual(['-m', '--message']);
    expect(m.arg).toBe('<msg>');
    expect(m.description).toBe('Use the given <msg> as the commit message.');
    const amend = page.options.find((o) => o.flags.includes('--amend'))!;
    expect(amend.description).toContain('Replace the tip of the current branch');
    expect(amend.description).toContain('git reset --soft HEAD^');
    const n = page.options.find((o) => o.flags.includes('-n'))!;
    expect(n.flags).toEqual(['--no-verify', '-n']);
  });
});

describe('mdoc page (.Bl -tag / .It Fl)', () => {
  const page = parsePage(read('man1/ls.1'), 'ls');
  it('reads .Nm/.Nd', () => {
    expect(page.name).toBe('ls');
    expect(page.summary).toBe('list directory contents');
  });
  it('reads .It Fl entries with arguments and line ranges', () => {
    expect(page.options.map((o) => o.flags[0])).toEqual(['-1', '-A', '-a', '-l', '-w']);
    const w = page.options.find((o) => o.flags[0] === '-w')!;
    expect(w.arg).toBe('width');
    expect(w.lines).toEqual([lineOf('man1/ls.1', '.It Fl w'), lineOf('man1/ls.1', '.Ar width .')]);
    expect(page.options.find((o) => o.flags[0] === '-l')!.description).toBe('List files in the long format.');
  });
});

describe('.so alias and space-separated spellings', () => {
  it('marks a .so page as an alias', () => {
    expect(parsePage(read('man1/gunzip.1')).alias).toBe('man1/gzip.1');
  });
  it('reads gzip options with several spellings on one .B line', () => {
    const page = parsePage(read('man1/gzip.1'));
    expect(page.options.find((o) => o.flags.includes('-d'))!.flags).toEqual(['-d', '--decompress', '--uncompress']);
  });
});

describe('bash builtins section', () => {
  it('keeps builtins as items and their nested options', () => {
    const page = parsePage(read('man1/bash.1'), 'bash');
    const cd = page.items.find((i) => i.tag.startsWith('cd '))!;
    expect(cd.section).toBe('SHELL BUILTIN COMMANDS');
    expect(cd.description).toBe('Change the current directory to dir.');
    const e = page.options.find((o) => o.flags.includes('-e') && o.section === 'SHELL BUILTIN COMMANDS')!;
    expect(e.description).toContain('Exit immediately');
  });
});

describe('argument shapes per spelling', () => {
  const shapes = (tag: string) => {
    const t = parseTag(tag);
    return Object.fromEntries(t.flags.map((f) => [f, t.forms ? formShape(t.forms, f) : argShape(t.arg)]));
  };
  it('a bare spelling beside others with their own placeholders takes nothing; a paired short one takes the value', () => {
    expect(shapes('-u, -U NUM, --unified[=NUM]')).toEqual({ '-u': 'none', '-U': 'required', '--unified': 'optional' });
    expect(shapes('-S, --since=, -U, --until=')).toEqual({ '-S': 'required', '--since': 'required', '-U': 'required', '--until': 'required' });
  });
  it('--[no-]x written bare and with =value takes the value only after =', () => {
    expect(shapes('--[no-]force-with-lease, --force-with-lease=<refname>')).toEqual({ '--force-with-lease': 'optional', '--no-force-with-lease': 'none' });
  });
  it('commas inside brackets do not split, an attached placeholder named by another spelling is split off', () => {
    expect(parseTag('--stat[=<width>[,<name-width>[,<count>]]]')).toEqual({ flags: ['--stat'], arg: '[=<width>[,<name-width>[,<count>]]]' });
    expect(shapes('-pnum or --strip=num')).toEqual({ '-p': 'required', '--strip': 'required' });
    expect(parseTag('--raw-input/-R').flags).toEqual(['--raw-input', '-R']);
  });
});

describe('page layouts beyond .TP', () => {
  const TH = '.TH DEMO 1\n.SH NAME\ndemo \\- a demo\n.SH SYNOPSIS\n';
  it('asciidoctor: .sp, a tag line, .RS 4 body .RE', () => {
    const p = parsePage(
      `${TH}demo [options]\n.SH OPTIONS\n.sp\n\\fB\\-t\\fP, \\fB\\-\\-types\\fP \\fIfstype\\fP\n.RS 4\nThe type of the file system.\n.sp\nMore text.\n.RE\n.sp\n\\fB\\-a\\fP\n.RS 4\nAll of them.\n.RE\n`,
    );
    const t = p.options.find((o) => o.flags.includes('-t'))!;
    expect(t).toMatchObject({ flags: ['-t', '--types'], arg: 'fstype' });
    expect(t.description).toBe('The type of the file system. More text.');
    expect(p.options.find((o) => o.flags.includes('-a'))!.description).toBe('All of them.');
  });
  it('DocBook entries nested inside an entry (a mode list under a form)', () => {
    const p = parsePage(
      `${TH}demo [<mode>]\n.SH DESCRIPTION\n.PP\ndemo [<mode>]\n.RS 4\nThe mode is one of:\n.PP\n\\-\\-soft\n.RS 4\nKeeps everything.\n.RE\n.PP\n\\-\\-hard\n.RS 4\nDiscards everything.\n.RE\n.RE\n`,
    );
    expect(p.options.map((o) => [o.flags[0], o.description])).toEqual([
      ['--soft', 'Keeps everything.'],
      ['--hard', 'Discards everything.'],
    ]);
  });
  it('a prose lead-in before the tags is dropped', () => {
    const p = parsePage(`${TH}demo\n.SH FILTERING\n.PP\nThe following options filter records:\n.PP\n\\fB\\-S\\fR, \\fB\\-\\-since=\\fR\n.RS 4\nStart at this date.\n.RE\n`);
    expect(p.options[0]).toMatchObject({ flags: ['-S', '--since'], tag: '-S, --since=' });
  });
  it('bulleted options (`• --raw / -r:`), bracketed .IP tags, stacked `word` over `-n word`', () => {
    const p = parsePage(
      `${TH}demo\n.SH OPTIONS\n.IP "\\(bu" 4\n\\fB\\-\\-raw\\-output\\fR / \\fB\\-r\\fR:\n.IP\nPrint strings raw.\n.IP [\\fB\\-d\\fP\\ \\fIexdir\\fP]\nExtract into exdir.\n.TP\n\\fIstring\\fP\n.PD 0\n.TP\n\\fB\\-n\\fP \\fIstring\\fP\n.PD\nTrue if string is not empty.\n`,
    );
    expect(p.options.find((o) => o.flags.includes('-r'))).toMatchObject({ flags: ['--raw-output', '-r'], description: 'Print strings raw.' });
    expect(p.options.find((o) => o.flags.includes('-d'))).toMatchObject({ arg: 'exdir', description: 'Extract into exdir.' });
    expect(p.options.find((o) => o.flags.includes('-n'))).toMatchObject({ arg: 'string', description: 'True if string is not empty.' });
  });
  it('help2man: the .HP line is all tag when .IP follows, tag and text when text follows', () => {
    const p = parsePage(
      `${TH}demo\n.SH DESCRIPTION\n.HP\n\\fB\\-e\\fR script, \\fB\\-\\-expression\\fR=\\fI\\,script\\/\\fR\n.IP\nadd the script\n.HP\n\\fB\\-n\\fR, \\fB\\-\\-quiet\\fR suppress printing\nof lines\n`,
    );
    expect(p.options[0]).toMatchObject({ flags: ['-e', '--expression'], arg: 'script', description: 'add the script' });
    expect(p.options[1]).toMatchObject({ flags: ['-n', '--quiet'], description: 'suppress printing of lines' });
  });
  it('mdoc: `Fl b , Fl Fl brief`, `.It Xo` heads, `.D1` lines', () => {
    expect(renderMdoc('Fl b , Fl Fl brief', 'file')).toBe('-b, --brief');
    const p = parsePage(
      '.Dd x\n.Dt DEMO 1\n.Sh NAME\n.Nm demo\n.Nd a demo\n.Sh COMMANDS\n.Bl -tag -width Ds\n.It Xo Ic new-session\n.Op Fl d\n.Op Fl s Ar name\n.Xc\n.D1 Pq alias: Ic new\nCreate a session.\n.El\n',
    );
    expect(p.items[0]!.tag).toBe('new-session [-d] [-s name]');
    expect(p.items[0]!.description).toBe('(alias: new) Create a session.');
  });
});
