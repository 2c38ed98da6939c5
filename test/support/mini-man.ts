// A small man corpus written for the tests (real command names, our own words) and its hybrid index.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InfoText } from '../../server/src/retrieval/corpora/info.js';
import { buildManIndex } from '../../server/src/retrieval/man-index-build.js';
import { ManSearch } from '../../server/src/retrieval/man-search.js';

/** find (options, examples, SEE ALSO), curl, wget, git and three subcommand pages, and a cloudctl_* family. */
export const MINI_PAGES: Record<string, string> = {
  'find.1': `.TH FIND 1
.SH NAME
find \\- search for files in a directory hierarchy
.SH DESCRIPTION
Walks the directory trees it is given and tests each file against an expression.
.SH OPTIONS
.TP
.BI \\-size " n"
File uses n units of space; a suffix M means mebibytes, and +n means more than n.
.TP
.BI \\-name " pattern"
Base of the file name matches the shell pattern.
.SH EXAMPLES
Files bigger than 100 megabytes under the current directory:
.PP
.nf
find . -type f -size +100M
.fi
.PP
Remove the editor backup files below the home directory:
.PP
.nf
find ~ -name '*~' -delete
.fi
.SH "SEE ALSO"
.BR locate (1),
.BR xargs (1)
`,
  'locate.1': '.TH LOCATE 1\n.SH NAME\nlocate \\- find files by name in a database\n.SH DESCRIPTION\nReads a database of file names prepared earlier.\n',
  'xargs.1': '.TH XARGS 1\n.SH NAME\nxargs \\- build and run command lines from standard input\n.SH DESCRIPTION\nReads items from standard input and runs a command with them as arguments.\n',
  'curl.1':
    '.TH CURL 1\n.SH NAME\ncurl \\- transfer a URL\n.SH DESCRIPTION\nTransfers data from or to a server with one of the supported protocols, such as HTTP and FTP.\n.SH "SEE ALSO"\n.BR wget (1)\n',
  'wget.1': '.TH WGET 1\n.SH NAME\nwget \\- the non-interactive network downloader\n.SH DESCRIPTION\nDownloads files from the web.\n',
  'git.1': '.TH GIT 1\n.SH NAME\ngit \\- the stupid content tracker\n.SH DESCRIPTION\nA version control system.\n',
  'git-log.1': '.TH GIT-LOG 1\n.SH NAME\ngit-log \\- show commit logs\n.SH DESCRIPTION\nLists the commits of a repository, newest first.\n',
  'git-show.1': '.TH GIT-SHOW 1\n.SH NAME\ngit-show \\- show various types of objects\n.SH DESCRIPTION\nShows one or more objects.\n',
  'git-fetch.1': '.TH GIT-FETCH 1\n.SH NAME\ngit-fetch \\- download objects and refs from another repository\n.SH DESCRIPTION\nFetches branches and tags.\n',
};
// a family of look-alike pages that all talk about transferring URLs and files
for (const v of ['get', 'put', 'copy', 'list', 'show', 'delete']) {
  MINI_PAGES[`cloudctl_storage_urls_${v}.1`] =
    `.TH CLOUDCTL_STORAGE_URLS_${v.toUpperCase()} 1\n.SH NAME\ncloudctl_storage_urls_${v} \\- ${v} files at a storage URL\n.SH DESCRIPTION\nTransfer a URL of a bucket: ${v} the files, show them, and find files over a size.\n.SH "SEE ALSO"\n.BR curl (1)\n`;
}

/** Pages by file name (`find.1`, `getopt.3`) into a new man tree, each under the section its name ends with. */
export function writeMan(pages: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kibitz-mini-man-'));
  mkdirSync(path.join(root, 'man1'));
  for (const [name, text] of Object.entries(pages)) {
    const dir = path.join(root, `man${name.split('.').pop()}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return root;
}

/** A man index of these section-1 pages (by file name), built without the machine's priorities or info manuals (or with `info`). */
export async function indexOf(pages: Record<string, string>, info = new Map<string, InfoText>()): Promise<ManSearch> {
  const root = writeMan(pages);
  const dir = path.join(root, 'index');
  await buildManIndex(
    dir,
    Object.keys(pages).map((n) => path.join(root, 'man1', n)),
    { priorities: new Map(), info },
  );
  return (await ManSearch.load(dir))!;
}

export async function miniIndex(): Promise<ManSearch> {
  return indexOf(MINI_PAGES);
}
