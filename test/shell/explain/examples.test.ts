// The command lines of the explanations issue, checked against the man pages of this machine (and the CLI specs
// that ship with kibitz), through the explainer, the CLI and a hover.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Explainer, type Part } from '../../../server/src/shell/explain/index.js';
import { ManPages } from '../../../server/src/shell/manpages/index.js';
import { initParser } from '../../../server/src/shell/parse.js';
import { defaultConfig } from '../../../server/src/config/schema.js';
import { InProcessClient, inProcessEnv } from '../../support/in-process.js';
import { BIN } from '../../support/lsp-client.js';
import { systemPages } from '../../support/system.js';

const PAGES = systemPages('ssh', 'git-log', 'head', 'sed', 'bash', 'find', 'ps', 'systemctl', 'ls', 'jq', 'curl');
const cfg = defaultConfig();
const explainer = new Explainer(new ManPages({ manpath: ['/usr/share/man'], useManCommand: false }), { dashlessBundles: cfg.dashlessBundles });

const explain = async (cmd: string) => (await explainer.explain(cmd)).parts;
const at = (parts: Part[], text: string, kind?: string) => parts.find((p) => p.text === text && (!kind || p.kind === kind));
const flag = (parts: Part[], f: string) => parts.find((p) => p.kind === 'flag' && p.flag === f);

describe.skipIf(!PAGES)('the explanations issue, on the pages of this machine', () => {
  beforeAll(async () => {
    await initParser();
  });

  it('ssh -L: the mdoc head is read whole and the forwarding spec is the argument of -L', async () => {
    const parts = await explain('ssh -L 5432:localhost:5432 db.example.com');
    const l = flag(parts, '-L')!;
    expect(l.explanation).toMatch(/^-L \[bind_address:\]port:host:hostport/);
    expect(l.explanation).toContain('Specifies that connections to the given TCP port');
    expect(l.explanation).not.toMatch(/Xo|Sm/);
    expect(at(parts, '5432:localhost:5432')).toMatchObject({ kind: 'argument', flag: '-L' });
    expect(at(parts, 'db.example.com')!.kind).toBe('operand');
  });

  it('git log -n 20 and head -n 10: the number is the argument of -n, from each page', async () => {
    const git = await explain('git log -n 20');
    expect(flag(git, '-n')!.source!.page).toBe('git-log(1)');
    expect(at(git, '20')).toMatchObject({ kind: 'argument', flag: '-n' });
    const git3 = await explain('git log -3');
    expect(flag(git3, '-3')!.explanation).toContain('-<number>');
    const head = await explain('head -n 10 file.txt');
    expect(flag(head, '-n')!.source!.page).toBe('head(1)');
    expect(at(head, '10')).toMatchObject({ kind: 'argument', flag: '-n' });
    expect(at(head, 'file.txt')!.kind).toBe('operand');
  });

  it('sed -i.bak -E: two flags, the suffix bound to -i, help2man headers whole, the script a program', async () => {
    const parts = await explain("sed -i.bak -E 's/a/b/' f.txt");
    expect(parts.filter((p) => p.kind === 'flag').map((p) => p.flag)).toEqual(['-i', '-E']);
    expect(at(parts, '.bak')).toMatchObject({ kind: 'argument', flag: '-i' });
    expect(flag(parts, '-i')!.explanation).toMatch(/^-i\[SUFFIX\], --in-place\[=SUFFIX\]: edit files in place/);
    expect(flag(parts, '-E')!.explanation).toMatch(/^-E, -r, --regexp-extended: use extended regular expressions/);
    const program = at(parts, "'s/a/b/'")!;
    expect(program.kind).toBe('program');
    expect(program.explanation).toContain('s/regexp/replacement/');
  });

  it('kill -9: the builtin has its text and -9 is the signal', async () => {
    const parts = await explain('kill -9 1234');
    expect(parts[0]!.explanation).toMatch(/^Shell builtin: Send the signal/);
    expect(flag(parts, '-9')!.source!.page).toBe('bash(1)');
    expect(at(parts, '1234')!.kind).toBe('operand');
  });

  it('find: the documented value of -type, and the -exec form of its terminator', async () => {
    const parts = await explain('find . -type f -exec rm {} +');
    expect(at(parts, 'f')!.explanation).toContain('`f` = regular file');
    expect(flag(parts, '-exec')!.explanation).toMatch(/^-exec command \{\} \+/);
    const semi = await explain('find . -name x -exec rm {} \\;');
    expect(flag(semi, '-exec')!.explanation).toMatch(/^-exec command ;/);
  });

  it('ps aux, systemctl enable --now, ls --color=auto', async () => {
    const ps = await explain('ps aux');
    expect(ps.filter((p) => p.kind === 'flag').map((p) => [p.flag, p.text])).toEqual([
      ['a', 'a'],
      ['u', 'u'],
      ['x', 'x'],
    ]);
    const sys = await explain('systemctl enable --now nginx');
    expect(at(sys, 'enable')).toMatchObject({ kind: 'subcommand' });
    expect(at(sys, 'enable')!.source!.page).toBe('systemctl(1)');
    expect(flag(sys, '--now')!.source!.page).toBe('systemctl(1)');
    const ls = await explain('ls --color=auto');
    expect(at(ls, '--color')!.kind).toBe('flag');
    expect(at(ls, 'auto')).toMatchObject({ kind: 'argument', flag: '--color' });
    expect(at(ls, 'auto')!.explanation).toBe('Argument WHEN of `--color`.');
  });

  it('awk, sed and jq program text is a program, not an operand', async () => {
    for (const [cmd, text] of [
      ["awk '{print $1}' f", "'{print $1}'"],
      ["jq -r '.name' p.json", "'.name'"],
      ["sed -e 's/a/b/' -e '/^#/d' f", "'/^#/d'"],
    ] as const) {
      expect(at(await explain(cmd), text)!.kind, cmd).toBe('program');
    }
  });

  it('CLIs without a man page are explained from the specs that ship with kibitz, and say so', async () => {
    for (const [cmd, sub, f] of [
      ['docker run --rm -it alpine sh', 'run', '--rm'],
      ['kubectl get pods -n kube-system', 'get', '-n'],
      ['helm install web ./chart --namespace web', 'install', '--namespace'],
      ['terraform apply -auto-approve', 'apply', undefined],
      ['aws s3 cp a.txt s3://bucket/ --recursive', 's3', '--recursive'],
      ['gh pr create --fill', 'pr', '--fill'],
      ['npm install --save-dev vitest', 'install', '--save-dev'],
      ['cargo build --release', 'build', '--release'],
    ] as const) {
      const parts = await explain(cmd);
      expect(parts[0]!.source, cmd).not.toBeNull();
      expect(at(parts, sub)!.kind, cmd).toBe('subcommand');
      if (f) expect(flag(parts, f)!.source!.page, cmd).toMatch(/^spec: .* \(@withfig\/autocomplete [\d.]+\)$/);
    }
  });

  it('test operators and functions of the script', async () => {
    const parts = (await explainer.explain('deploy() { echo go; }\nif [ -z "$x" ] && [[ -d dir ]]; then deploy; fi')).parts;
    expect(at(parts, '-z')).toMatchObject({ kind: 'test-operator' });
    expect(at(parts, '-z')!.source!.section).toBe('CONDITIONAL EXPRESSIONS');
    expect(at(parts, '-d')!.source!.section).toBe('CONDITIONAL EXPRESSIONS');
    const call = parts.filter((p) => p.text === 'deploy').pop()!;
    expect(call).toMatchObject({ kind: 'function' });
    expect(call.explanation).toContain('defined in this script at line 1');
  });

  it('forms scripts use: expansions after a flag, + operands, single-dash long options, verbs listed in a synopsis', async () => {
    const make = await explain('make -j"$(nproc)" --directory="$SRC" all');
    expect(at(make, '-j')).toMatchObject({ kind: 'flag', flag: '-j' });
    expect(at(make, '"$(nproc)"')).toMatchObject({ kind: 'argument', flag: '-j' });
    expect(at(make, '--directory')).toMatchObject({ kind: 'flag' });
    expect(at(make, '"$SRC"')).toMatchObject({ kind: 'argument', flag: '--directory' });
    expect(at(await explain('chmod +x run.sh'), '+x')!.kind).toBe('operand');
    expect(at(await explain('date -u +%Y-%m-%d'), '+%Y-%m-%d')!.kind).toBe('operand');
    expect(at(await explain('set +e'), '+e')).toMatchObject({ kind: 'flag' });
    const tf = await explain('terraform apply -auto-approve -no-color');
    expect(tf.filter((p) => p.kind === 'flag').map((p) => p.text)).toEqual(['-auto-approve', '-no-color']);
    const apt = await explain('apt-get install -y --no-install-recommends curl');
    expect(at(apt, 'install')).toMatchObject({ kind: 'subcommand' });
    expect(at(apt, 'install')!.source!.page).toBe('apt-get(8)');
    expect(at(apt, 'curl')!.kind).toBe('operand');
    const perl = await explain("perl -pi -e 's/a/b/' f");
    expect(perl.filter((p) => p.kind === 'flag').map((p) => p.flag)).toEqual(['-p', '-i', '-e']);
    expect(at(perl, "'s/a/b/'")!.kind).toBe('program');
    const cmdv = await explain('command -v git');
    expect(at(cmdv, 'git')!.kind).toBe('operand');
    expect(at(cmdv, 'git')!.explanation).toContain('looks up (it is not run)');
    const compose = await explain('docker compose up -d --build');
    expect(at(compose, 'up')!.kind).toBe('subcommand');
    expect(flag(compose, '--build')!.source).not.toBeNull();
  });

  it('a here-document: the operator with its delimiter, the other redirections, the body and its expansions', async () => {
    const parts = (await explainer.explain('cat <<EOF | grep x > out.txt\nhome=$HOME\nEOF')).parts;
    expect(at(parts, '<<EOF')!.kind).toBe('redirection');
    expect(at(parts, '> out.txt')!.kind).toBe('redirection');
    expect(at(parts, 'grep')!.kind).toBe('command');
    expect(at(parts, '$HOME')!.kind).toBe('expansion');
    expect(parts.find((p) => p.text.startsWith('home='))!.explanation).toContain('up to EOF');
  });

  it('the CLI prints the same binding', () => {
    const out = execFileSync(process.execPath, [BIN, 'explain', '--json', '--', 'ssh -L 5432:localhost:5432 db'], { encoding: 'utf8', env: { ...process.env, KIBITZ_CACHE_DIR: '' } });
    const parts = JSON.parse(out).parts as Part[];
    expect(at(parts, '5432:localhost:5432')).toMatchObject({ kind: 'argument', flag: '-L' });
    const text = execFileSync(process.execPath, [BIN, 'explain', '--', 'head -n 10 f'], { encoding: 'utf8', env: { ...process.env, KIBITZ_CACHE_DIR: '' } });
    expect(text).toContain('10  [argument of -n]');
  });

  describe('in a hover', () => {
    let client: InProcessClient;
    const uri = 'file:///tmp/kibitz-examples/run.sh';
    const lines = ['#!/bin/sh', 'ssh -L 5432:localhost:5432 db.example.com', 'curl -fsSL https://example.com/x.sh -o x.sh', "sed -i.bak -E 's/a/b/' f.txt", 'docker run --rm -it alpine sh'];
    beforeAll(async () => {
      inProcessEnv();
      client = new InProcessClient();
      await client.initialize();
      await client.open(uri, 'shellscript', lines.join('\n') + '\n');
    });
    afterAll(() => client.dispose());
    const hover = async (line: number, token: string) => {
      const h = await client.hover(uri, line, lines[line]!.indexOf(token) + 1);
      return h.contents.value as string;
    };

    it('shows the argument as the argument of its flag, with the page cited', async () => {
      const md = await hover(1, '5432:localhost');
      expect(md).toMatch(/^\*\*`5432:localhost:5432`\*\* — argument of `-L` of `ssh`/);
      expect(md).toMatch(/ssh\(1\) `.*ssh\.1\.gz` DESCRIPTION, lines \d+–\d+/);
    });

    it('keeps each meaning in the table to its first sentence, never cut mid-word', async () => {
      const md = await hover(2, '-fsSL');
      const rows = md.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('| **'));
      expect(rows.length).toBeGreaterThanOrEqual(5);
      for (const row of rows) {
        const meaning = row.split(' | ').pop()!.replace(/ \|$/, '');
        expect(meaning.length, row).toBeLessThanOrEqual(200);
        if (meaning.endsWith('…')) expect(meaning, row).toMatch(/\w…$|[\w)]…$/);
      }
      // the token's own section keeps the whole documented text
      expect(md.split('\n')[2]!.length).toBeGreaterThan(200);
    });

    it('sed and docker hovers', async () => {
      expect(await hover(3, '.bak')).toMatch(/^\*\*`\.bak`\*\* — argument of `-i`/);
      const docker = await hover(4, '--rm');
      expect(docker).toContain('spec: docker › run › --rm (@withfig/autocomplete');
    });
  });
});
