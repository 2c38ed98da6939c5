import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommitAssistant } from '../git/assistant.js';
import { gitMaybe } from '../git/exec.js';
import { prDraft } from '../git/pr.js';
import { Retrieval } from '../retrieval/service.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import type { CliIO } from './explain.js';
import { cliModel } from './model.js';

function repoArg(argv: string[]): { repo: string; rest: string[] } {
  const rest: string[] = [];
  let repo = process.cwd();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repo') repo = path.resolve(argv[++i] ?? '.');
    else if (argv[i]!.startsWith('--repo=')) repo = path.resolve(argv[i]!.slice(7));
    else rest.push(argv[i]!);
  }
  return { repo, rest };
}

async function topLevel(dir: string): Promise<string | undefined> {
  return (await gitMaybe(dir, ['rev-parse', '--show-toplevel']))?.trim() || undefined;
}

/** `kibitz commit-msg [--json] [--repo DIR] [--offline]`: drafts for the staged change. */
export async function commitMsgCommand(argv: string[], io: CliIO): Promise<number> {
  const { repo, rest } = repoArg(argv);
  const json = rest.includes('--json');
  const offline = rest.includes('--offline');
  const unknown = rest.find((a) => !['--json', '--offline'].includes(a));
  if (unknown) {
    io.err(`kibitz commit-msg: unknown argument ${unknown}\nusage: kibitz commit-msg [--json] [--offline] [--repo DIR]\n`);
    return 2;
  }
  const root = await topLevel(repo);
  if (!root) {
    io.err(`kibitz commit-msg: ${repo} is not inside a git repository\n`);
    return 2;
  }
  const model = offline ? undefined : cliModel(io);
  const assistant = new CommitAssistant({ model: () => model, retrieval: (r) => new Retrieval({ cacheDir: defaultCacheDir(), workspace: r }) });
  const d = await assistant.draftsFor(root);
  for (const s of d.secrets) io.err(`kibitz: warning: staged ${s.path} looks like it contains a secret (${s.rules.join(', ')})\n`);
  if (json) {
    io.out(JSON.stringify({ drafts: d.drafts.map((x) => ({ message: x.message, source: x.source })), style: d.style.kind, secrets: d.secrets }, null, 2) + '\n');
    return 0;
  }
  if (!d.drafts.length) {
    io.err('kibitz commit-msg: nothing is staged\n');
    return 1;
  }
  d.drafts.forEach((x, i) => io.out(`${i ? '\n' : ''}# ${x.label}\n${x.message}\n`));
  return 0;
}

const HOOK_MARK = '# kibitz prepare-commit-msg hook';

/** `kibitz hook install [--repo DIR] [--force]`: a prepare-commit-msg hook that adds the drafts as comments. */
export async function hookCommand(argv: string[], io: CliIO): Promise<number> {
  const { repo, rest } = repoArg(argv);
  if (rest[0] !== 'install') {
    io.err('usage: kibitz hook install [--repo DIR] [--force]\n');
    return 2;
  }
  const hooksDir = (await gitMaybe(repo, ['rev-parse', '--path-format=absolute', '--git-path', 'hooks']))?.trim();
  if (!hooksDir) {
    io.err(`kibitz hook: ${repo} is not inside a git repository\n`);
    return 2;
  }
  const file = path.join(hooksDir, 'prepare-commit-msg');
  if (existsSync(file) && !readFileSync(file, 'utf8').includes(HOOK_MARK) && !rest.includes('--force')) {
    io.err(`kibitz hook: ${file} already exists and is not kibitz's; use --force to replace it\n`);
    return 1;
  }
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/kibitz.js');
  const script = `#!/bin/sh
${HOOK_MARK}: adds kibitz's drafts as comments; never changes what you write.
# $2 is the message source: skip merges, squashes, amends (commit), -m/-F (message) and rebases.
case "$2" in merge|squash|commit|message) exit 0 ;; esac
git_dir=$(git rev-parse --git-dir) || exit 0
[ -d "$git_dir/rebase-merge" ] || [ -d "$git_dir/rebase-apply" ] && exit 0
drafts=$(${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} commit-msg 2>/dev/null) || exit 0
[ -n "$drafts" ] || exit 0
{ printf '\\n# kibitz drafts (delete the leading "# " of the lines you want to keep):\\n'; printf '%s\\n' "$drafts" | sed 's/^/# /'; } >> "$1"
exit 0
`;
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  io.out(`installed ${file}\n`);
  return 0;
}

/** `kibitz pr-draft [--base B] [--json] [--repo DIR]` */
export async function prDraftCommand(argv: string[], io: CliIO): Promise<number> {
  const { repo, rest } = repoArg(argv);
  let base: string | undefined;
  let json = false;
  let offline = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--base') base = rest[++i];
    else if (rest[i] === '--json') json = true;
    else if (rest[i] === '--offline') offline = true;
    else {
      io.err(`kibitz pr-draft: unknown argument ${rest[i]}\nusage: kibitz pr-draft [--base B] [--json] [--offline] [--repo DIR]\n`);
      return 2;
    }
  }
  const root = await topLevel(repo);
  if (!root) {
    io.err(`kibitz pr-draft: ${repo} is not inside a git repository\n`);
    return 2;
  }
  const d = await prDraft(root, { base, model: offline ? undefined : cliModel(io) });
  if (!d) {
    io.err(`kibitz pr-draft: no base branch with commits to compare${base ? ` (${base})` : ' (tried the upstream, main, master; use --base)'}\n`);
    return 1;
  }
  if (json) io.out(JSON.stringify(d, null, 2) + '\n');
  else io.out(`${d.title}\n\n${d.body}`);
  return 0;
}
