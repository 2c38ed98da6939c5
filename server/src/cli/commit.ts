import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { teamCommits } from '../git/team-commits.js';
import { recordCommitDrafts, settleCommitDrafts } from '../feedback/commit-drafts.js';
import { CommitAssistant } from '../git/assistant.js';
import { gitMaybe } from '../util/git.js';
import { prDraft } from '../git/pr.js';
import { stateDir } from '../util/paths.js';
import { flag, str, type CliCommand, type CliIO } from './command.js';
import { cliModel } from './model.js';

const repoOption = { repo: { type: 'string' as const, value: 'DIR', description: 'the repository (default: the current directory)' } };

async function topLevel(dir: string): Promise<string | undefined> {
  return (await gitMaybe(dir, ['rev-parse', '--show-toplevel']))?.trim() || undefined;
}

async function head(root: string): Promise<string> {
  return (await gitMaybe(root, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim() ?? '';
}

/** Drafts shown outside the editor are feedback too (KIBITZ_FEEDBACK=0 turns it off). */
function feedbackOn(env: NodeJS.ProcessEnv): boolean {
  return env.KIBITZ_FEEDBACK !== '0';
}

/** A commit happened since drafts were last shown for this repository: record what was committed. */
async function settleEarlier(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!feedbackOn(env)) return;
  const h = await head(root);
  const msg = h ? await gitMaybe(root, ['log', '-1', '--format=%B']) : undefined;
  if (h && msg !== undefined) settleCommitDrafts(stateDir(env), root, h, msg);
}

export const commitMsgCli: CliCommand = {
  name: 'commit-msg',
  summary: 'Commit message drafts for the staged change, each labelled with where it came from.',
  maxOperands: 0,
  options: {
    json: { type: 'boolean', description: 'print {"drafts":[{"message","source"}],"style","secrets"}' },
    offline: { type: 'boolean', description: 'do not ask the model even when one is configured' },
    ...repoOption,
  },
  async run(p, io, env) {
    const repo = path.resolve(str(p, 'repo') ?? '.');
    const root = await topLevel(repo);
    if (!root) {
      io.err(`kibitz commit-msg: ${repo} is not inside a git repository\n`);
      return 2;
    }
    await settleEarlier(root, env);
    const model = flag(p, 'offline') ? undefined : cliModel(io, env);
    const assistant = new CommitAssistant({ model: () => model, teamCommits: (r) => teamCommits(stateDir(env), r) });
    const t0 = Date.now();
    const d = await assistant.draftsFor(root);
    for (const s of d.secrets) io.err(`kibitz: warning: staged ${s.path} looks like it contains a secret (${s.rules.join(', ')})\n`);
    if (d.drafts.length && feedbackOn(env)) {
      const source = (s: string) => (s === 'model' ? 'model' : s === 'similar-commits' ? 'retrieval' : 'offline');
      recordCommitDrafts(
        stateDir(env),
        root,
        await head(root),
        d.drafts.map((x) => ({ message: x.message, source: source(x.source), kind: `commit-${x.source}` })),
        `staged: ${d.files.map((f) => f.path).join(', ')}`,
        Date.now() - t0,
      );
    }
    if (flag(p, 'json')) {
      io.out(JSON.stringify({ drafts: d.drafts.map((x) => ({ message: x.message, source: x.source })), style: d.style.kind, secrets: d.secrets }, null, 2) + '\n');
      return 0;
    }
    if (!d.drafts.length) {
      io.err('kibitz commit-msg: nothing is staged\n');
      return 1;
    }
    d.drafts.forEach((x, i) => io.out(`${i ? '\n' : ''}# ${x.label}\n${x.message}\n`));
    return 0;
  },
};

const HOOK_MARK = '# kibitz prepare-commit-msg hook';
const POST_MARK = '# kibitz post-commit hook';

function hookScripts(node: string, bin: string): { prepare: string; post: string } {
  const run = `${JSON.stringify(node)} ${JSON.stringify(bin)}`;
  return {
    prepare: `#!/bin/sh
${HOOK_MARK}: adds kibitz's drafts as comments; never changes what you write.
# $2 is the message source: skip merges, squashes, amends (commit), -m/-F (message) and rebases.
case "$2" in merge|squash|commit|message) exit 0 ;; esac
git_dir=$(git rev-parse --git-dir) || exit 0
[ -d "$git_dir/rebase-merge" ] || [ -d "$git_dir/rebase-apply" ] && exit 0
drafts=$(${run} commit-msg 2>/dev/null) || exit 0
[ -n "$drafts" ] || exit 0
{ printf '\\n# kibitz drafts (delete the leading "# " of the lines you want to keep):\\n'; printf '%s\\n' "$drafts" | sed 's/^/# /'; } >> "$1"
exit 0
`,
    post: `#!/bin/sh
${POST_MARK}: records which kibitz draft (if any) the commit kept, in kibitz's local feedback log.
${run} hook post-commit >/dev/null 2>&1
exit 0
`,
  };
}

export const hookCli: CliCommand = {
  name: 'hook',
  summary: 'Git hooks: `install` adds a prepare-commit-msg hook (drafts as comments) and a post-commit hook (records which draft was kept).',
  operands: 'install | post-commit',
  minOperands: 1,
  maxOperands: 1,
  options: { force: { type: 'boolean', description: "replace hooks that are not kibitz's" }, ...repoOption },
  async run(p, io, env) {
    const repo = path.resolve(str(p, 'repo') ?? '.');
    const action = p.positionals[0];
    if (action === 'post-commit') {
      const root = await topLevel(repo);
      if (root) await settleEarlier(root, env);
      return 0;
    }
    if (action !== 'install') {
      io.err('usage: kibitz hook install [--repo DIR] [--force]\n');
      return 2;
    }
    const hooksDir = (await gitMaybe(repo, ['rev-parse', '--path-format=absolute', '--git-path', 'hooks']))?.trim();
    if (!hooksDir) {
      io.err(`kibitz hook: ${repo} is not inside a git repository\n`);
      return 2;
    }
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/kibitz.js');
    const scripts = hookScripts(process.execPath, bin);
    const targets = [
      { file: path.join(hooksDir, 'prepare-commit-msg'), mark: HOOK_MARK, text: scripts.prepare },
      { file: path.join(hooksDir, 'post-commit'), mark: POST_MARK, text: scripts.post },
    ];
    for (const t of targets) {
      if (existsSync(t.file) && !readFileSync(t.file, 'utf8').includes(t.mark) && !flag(p, 'force')) {
        io.err(`kibitz hook: ${t.file} already exists and is not kibitz's; use --force to replace it\n`);
        return 1;
      }
    }
    for (const t of targets) {
      writeFileSync(t.file, t.text);
      chmodSync(t.file, 0o755);
      io.out(`installed ${t.file}\n`);
    }
    return 0;
  },
};

export const prDraftCli: CliCommand = {
  name: 'pr-draft',
  summary: "A pull request title and description for this branch against its base, following the repository's template.",
  maxOperands: 0,
  options: {
    base: { type: 'string', value: 'BRANCH', description: 'the base branch (default: the upstream, main, master)' },
    json: { type: 'boolean', description: 'print {"title","body","base","commits","source"}' },
    offline: { type: 'boolean', description: 'do not ask the model even when one is configured' },
    ...repoOption,
  },
  async run(p, io, env) {
    const repo = path.resolve(str(p, 'repo') ?? '.');
    const root = await topLevel(repo);
    if (!root) {
      io.err(`kibitz pr-draft: ${repo} is not inside a git repository\n`);
      return 2;
    }
    const base = str(p, 'base');
    const d = await prDraft(root, { base, model: flag(p, 'offline') ? undefined : cliModel(io, env) });
    if (!d) {
      io.err(`kibitz pr-draft: no base branch with commits to compare${base ? ` (${base})` : ' (tried the upstream, main, master; use --base)'}\n`);
      return 1;
    }
    if (flag(p, 'json')) io.out(JSON.stringify(d, null, 2) + '\n');
    else io.out(`${d.title}\n\n${d.body}`);
    return 0;
  },
};

export type { CliIO };
