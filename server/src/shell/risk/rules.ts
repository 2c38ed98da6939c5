import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resourceRoot } from '../../util/resources.js';
import type { Word } from '../explain/words.js';
import type { ScriptModel, SimpleCommand } from './model.js';
import { baseName } from './model.js';

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

export interface Finding {
  rule: string;
  category: string;
  severity: Severity;
  message: string;
  /** The exact dangerous token. */
  start: number;
  end: number;
  reference: string;
}

export interface Rule {
  id: string;
  category: string;
  severity: Severity;
  reference: string;
  check(cmd: SimpleCommand): { token: { start: number; end: number }; message: string; severity?: Severity }[];
}

const v = (w: Word | undefined) => w?.value;
const flagSet = (cmd: SimpleCommand) => {
  const short = new Set<string>();
  const long = new Set<string>();
  for (const a of cmd.args) {
    const x = a.value;
    if (!x || !x.startsWith('-') || x === '-' || x === '--') continue;
    if (x.startsWith('--')) long.add(x.split('=')[0]!);
    else for (const ch of x.slice(1)) short.add(ch);
  }
  return { short, long, has: (s: string, l?: string) => short.has(s) || (!!l && long.has(l)) };
};
const operands = (cmd: SimpleCommand) => cmd.args.filter((a) => !(a.value ?? '').startsWith('-') || a.value === '-');
const flagWord = (cmd: SimpleCommand, test: (s: string) => boolean) => cmd.args.find((a) => a.value !== undefined && test(a.value)) ?? cmd.nameWord;

const SYSTEM_DIRS = ['/', '/*', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/opt', '/proc', '/root', '/sbin', '/srv', '/sys', '/usr', '/var', '/usr/bin', '/usr/lib', '/usr/local', '/var/lib'];
function criticalPath(w: Word): string | undefined {
  const raw = w.raw.replace(/^["']|["']$/g, '');
  const val = w.value ?? raw;
  const norm = val.replace(/\/+$/, '') || '/';
  if (SYSTEM_DIRS.includes(norm) || SYSTEM_DIRS.includes(val)) return `system directory ${val}`;
  if (/^(~|\$HOME|\$\{HOME\})\/?\*?$/.test(raw)) return 'your home directory';
  if (/^\/\*?$/.test(norm)) return 'the root directory';
  return undefined;
}
/** `$DIR/...` or `${DIR}/...` without a `:?` guard: an empty variable turns the path into `/...`. */
function unguardedVariable(w: Word): string | undefined {
  if (!w.node) return undefined;
  const raw = w.raw;
  // `rm -rf "$X"` with X empty removes nothing; `"$X/"` or `$X/*` removes from the root
  const m = /^"?\$(\{)?([A-Za-z_]\w*)(\}?)"?\//.exec(raw);
  if (!m) return undefined;
  if (m[1] && !m[3]) return undefined; // ${X:?...} or other operators
  return m[2];
}
const RM_ALLOW_VARS = new Set(['PWD']);

const EXPANSIONS = new Set(['simple_expansion', 'expansion', 'command_substitution']);
/** Expansions of a word that are outside quotes, so word splitting and globbing apply (`$#`, `$?`, `$$` are safe). */
export function unquotedExpansions(w: Word): { start: number; end: number }[] {
  if (!w.node) return [];
  const shift = w.start - w.node.startIndex;
  const pieces = EXPANSIONS.has(w.node.type) ? [w.node] : w.node.type === 'concatenation' ? w.node.namedChildren.filter((c) => c && EXPANSIONS.has(c.type)) : [];
  return pieces.filter((p) => p && !/^\$[#?$!-]$/.test(p.text)).map((p) => ({ start: p!.startIndex + shift, end: p!.endIndex + shift }));
}

const BLOCK_DEVICE = /^\/dev\/(sd[a-z]\d*|nvme\d+n\d+(p\d+)?|hd[a-z]\d*|vd[a-z]\d*|xvd[a-z]\d*|mmcblk\d+(p\d+)?|disk\d+|mapper\/\S+|dm-\d+|md\d+)$/;
const NET = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'scp', 'rsync', 'sftp', 'ftp', 'telnet', 'ssh']);
const SHELL_SINKS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'python', 'python3', 'perl', 'ruby', 'node', 'php', 'fish', 'source', '.', 'eval']);
const SYSTEM_FILES = /^(\/etc\/(passwd|shadow|group|gshadow|sudoers(\.d\/\S*)?|hosts|ld\.so\.preload|crontab|cron\.d\/\S*|profile|environment|resolv\.conf|fstab)|\/var\/spool\/cron\/\S*|(~|\$HOME|\/root|\/home\/[^/]+)\/\.ssh\/authorized_keys2?)$/;
const SECRETS = /(^|\/)(\.ssh|\.aws|\.gnupg|\.kube|\.docker\/config\.json|\.netrc|\.git-credentials|\.config\/gcloud)(\/|$)|\/etc\/shadow$|(^|\/)id_(rsa|ed25519|ecdsa|dsa)$/;

/** docs/rules.md, shipped with the server: a link that works offline and documents exactly this version. */
export const RULES_DOC = path.join(resourceRoot(), 'docs/rules.md');
export const ruleReference = (id: string) => `${pathToFileURL(RULES_DOC).href}#${id}`;
const ref = ruleReference;

export const RULES: Rule[] = [
  {
    id: 'rm-critical-path', category: 'destructive-delete', severity: 'critical', reference: ref('rm-critical-path'),
    check(cmd) {
      if (cmd.name !== 'rm') return [];
      const f = flagSet(cmd);
      if (!f.has('r', '--recursive') && !f.has('R')) return [];
      const out = [];
      if (f.long.has('--no-preserve-root')) out.push({ token: flagWord(cmd, (s) => s === '--no-preserve-root'), message: '`--no-preserve-root` lets rm delete the whole file system' });
      for (const o of operands(cmd)) {
        const what = criticalPath(o);
        if (what) out.push({ token: o, message: `\`${o.raw}\`: recursive delete of ${what}` });
      }
      return out;
    },
  },
  {
    id: 'rm-unguarded-variable', category: 'destructive-delete', severity: 'high', reference: ref('rm-unguarded-variable'),
    check(cmd) {
      if (cmd.name !== 'rm') return [];
      const f = flagSet(cmd);
      if (!f.has('r', '--recursive') && !f.has('R')) return [];
      return operands(cmd).flatMap((o) => {
        const name = unguardedVariable(o);
        if (!name || RM_ALLOW_VARS.has(name)) return [];
        return [{ token: o, message: `\`${o.raw}\`: if \$${name} is empty or unset, this deletes \`${o.raw.replace(/^"?\$\{?\w+\}?"?/, '').replace(/"/g, '')}\` from the root; guard it with \${${name}:?}` }];
      });
    },
  },
  {
    id: 'unquoted-expansion', category: 'destructive-delete', severity: 'low', reference: ref('unquoted-expansion'),
    check(cmd) {
      const rec = flagSet(cmd).has('r', '--recursive') || flagSet(cmd).has('R');
      if (!['rm', 'rmdir', 'shred', 'unlink'].includes(cmd.name) && !(rec && ['chmod', 'chown', 'chgrp'].includes(cmd.name))) return [];
      // chmod/chown/chgrp: the first operand is the mode or owner, not a path
      return operands(cmd).slice(cmd.name.startsWith('ch') ? 1 : 0).flatMap((o) => {
        if (unquotedExpansions(o).length === 0) return [];
        return [{ token: o, message: `\`${o.raw}\` is unquoted: word splitting and globbing can turn it into other paths than the one meant; quote it`, severity: rec && cmd.name === 'rm' ? 'medium' as Severity : undefined }];
      });
    },
  },
  {
    id: 'xargs-rm', category: 'destructive-delete', severity: 'medium', reference: ref('xargs-rm'),
    check(cmd) {
      if (cmd.name !== 'rm' || !cmd.viaXargs) return [];
      const f = flagSet(cmd);
      if (!f.has('r', '--recursive') && !f.has('R') && !f.has('f', '--force')) return [];
      return [{ token: cmd.nameWord, message: '`rm` run by xargs deletes whatever names arrive on standard input' }];
    },
  },
  {
    id: 'find-delete', category: 'destructive-delete', severity: 'medium', reference: ref('find-delete'),
    check(cmd) {
      if (cmd.name !== 'find') return [];
      const del = cmd.args.find((a) => a.value === '-delete');
      const execRm = cmd.args.findIndex((a, i) => ['-exec', '-execdir', '-ok'].includes(a.value ?? '') && ['rm', 'shred'].includes(baseName(cmd.args[i + 1]?.value ?? '')));
      const token = del ?? (execRm >= 0 ? cmd.args[execRm + 1] : undefined);
      if (!token) return [];
      const root = cmd.args[0] && criticalPath(cmd.args[0]);
      return [{ token, message: `\`${token.raw}\` deletes every file find matches${root ? ` under ${root}` : ''}`, severity: root ? 'critical' as Severity : undefined }];
    },
  },
  {
    id: 'git-clean-force', category: 'destructive-delete', severity: 'medium', reference: ref('git-clean-force'),
    check(cmd) {
      if (cmd.name !== 'git' || v(operands(cmd)[0]) !== 'clean') return [];
      const f = flagSet(cmd);
      if (!f.has('f', '--force')) return [];
      const x = f.has('x');
      const tok = flagWord(cmd, (s) => /^-[a-zA-Z]*f|^--force/.test(s));
      return [{ token: tok, message: `\`git clean ${tok.raw}\` permanently deletes untracked files${x ? ' including ignored ones (.env, build caches)' : ''}`, severity: x ? 'high' as Severity : undefined }];
    },
  },
  {
    id: 'git-reset-hard', category: 'destructive-delete', severity: 'medium', reference: ref('git-reset-hard'),
    check(cmd) {
      if (cmd.name !== 'git' || v(operands(cmd)[0]) !== 'reset') return [];
      const hard = cmd.args.find((a) => a.value === '--hard');
      return hard ? [{ token: hard, message: '`--hard` discards uncommitted changes in the work tree and index' }] : [];
    },
  },
  {
    id: 'git-push-force', category: 'destructive-delete', severity: 'high', reference: ref('git-push-force'),
    check(cmd) {
      if (cmd.name !== 'git' || v(operands(cmd)[0]) !== 'push') return [];
      const force = cmd.args.find((a) => a.value === '--force' || a.value === '-f' || (/^-[a-zA-Z]+$/.test(a.value ?? '') && a.value!.includes('f')));
      if (force) return [{ token: force, message: `\`${force.raw}\` overwrites the remote branch and can discard others' commits; use --force-with-lease` }];
      const plus = operands(cmd).slice(1).find((a) => /^\+[^+]/.test(a.value ?? ''));
      return plus ? [{ token: plus, message: `\`${plus.raw}\`: a + refspec force-pushes that branch` }] : [];
    },
  },
  {
    id: 'raw-disk-write', category: 'disk', severity: 'critical', reference: ref('raw-disk-write'),
    check(cmd) {
      const out: { token: { start: number; end: number }; message: string }[] = [];
      if (cmd.name === 'dd') {
        const of = cmd.args.find((a) => /^of=/.test(a.value ?? '') && BLOCK_DEVICE.test(a.value!.slice(3)));
        if (of) out.push({ token: of, message: `\`${of.raw}\` writes raw data over the block device ${of.value!.slice(3)}` });
      }
      if (/^mkfs(\.\w+)?$|^mke2fs$|^mkswap$|^wipefs$|^shred$/.test(cmd.name) && (cmd.name !== 'shred' || operands(cmd).some((o) => BLOCK_DEVICE.test(o.value ?? '')))) {
        out.push({ token: cmd.nameWord, message: `\`${cmd.nameWord.raw}\` destroys the file system on ${operands(cmd).map((o) => o.raw).join(' ') || 'the device'}` });
      }
      for (const r of cmd.redirects) {
        if (r.target && /^>|^&>/.test(r.op) && BLOCK_DEVICE.test(r.target.value ?? '')) out.push({ token: r.target, message: `redirecting output into the block device \`${r.target.raw}\` overwrites it` });
      }
      return out;
    },
  },
  {
    id: 'chmod-world-writable', category: 'permissions', severity: 'high', reference: ref('chmod-world-writable'),
    check(cmd) {
      if (cmd.name !== 'chmod') return [];
      const mode = operands(cmd)[0];
      if (!mode || !/^0?[0-7]?777$|^(a|ugo|o)\+[rwx]*w/.test(mode.value ?? '')) return [];
      const rec = flagSet(cmd).has('R', '--recursive');
      return [{ token: mode, message: `\`${mode.raw}\` makes files writable by every user${rec ? ', recursively' : ''}`, severity: rec ? 'high' as Severity : 'medium' as Severity }];
    },
  },
  {
    id: 'chmod-setuid', category: 'permissions', severity: 'high', reference: ref('chmod-setuid'),
    check(cmd) {
      if (cmd.name !== 'chmod') return [];
      const mode = operands(cmd)[0];
      if (!mode || !/^[4-7][0-7]{3}$|^[ug]*\+[rwx]*s/.test(mode.value ?? '')) return [];
      return [{ token: mode, message: `\`${mode.raw}\` sets the setuid/setgid bit: the program runs with its owner's privileges` }];
    },
  },
  {
    id: 'chown-system-recursive', category: 'permissions', severity: 'high', reference: ref('chown-system-recursive'),
    check(cmd) {
      if (cmd.name !== 'chown' && cmd.name !== 'chgrp' && cmd.name !== 'chmod') return [];
      if (!flagSet(cmd).has('R', '--recursive')) return [];
      return operands(cmd).slice(1).flatMap((o) => {
        const what = criticalPath(o);
        return what ? [{ token: o, message: `\`${cmd.name} -R\` on ${what} breaks ownership or permissions system-wide` }] : [];
      });
    },
  },
  {
    id: 'pipe-to-shell', category: 'remote-code', severity: 'critical', reference: ref('pipe-to-shell'),
    check(cmd) {
      if (!SHELL_SINKS.has(cmd.name) || !cmd.pipedFrom) return [];
      const src = chainNames(cmd.pipedFrom);
      if (src.some((n) => n === 'curl' || n === 'wget' || n === 'fetch')) {
        return [{ token: cmd.nameWord, message: `downloaded content is piped straight into \`${cmd.nameWord.raw}\` and executed unseen` }];
      }
      if (src.includes('base64') || src.includes('xxd')) {
        return [{ token: cmd.nameWord, message: `decoded data is piped into \`${cmd.nameWord.raw}\` and executed (a common way to hide a payload)`, severity: 'high' as Severity }];
      }
      return [];
    },
  },
  {
    id: 'exfiltration', category: 'exfiltration', severity: 'high', reference: ref('exfiltration'),
    check(cmd) {
      const out: { token: { start: number; end: number }; message: string; severity?: Severity }[] = [];
      if (NET.has(cmd.name)) {
        for (const a of cmd.args) {
          const val = (a.value ?? a.raw).replace(/^@/, '');
          if (SECRETS.test(val) || SECRETS.test(val.replace(/^[^=]*=@?/, ''))) out.push({ token: a, message: `\`${a.raw}\` sends credentials (${val}) over the network with ${cmd.name}` });
        }
        for (let up = cmd.pipedFrom; up; up = up.pipedFrom) {
          const secret = up.args.find((a) => SECRETS.test(a.value ?? a.raw));
          if (secret) out.push({ token: secret, message: `\`${secret.raw}\` is read and piped to \`${cmd.name}\`, sending credentials over the network` });
        }
        if (cmd.pipedFrom && ['env', 'printenv', 'set', 'history'].includes(chainNames(cmd.pipedFrom)[0] ?? '')) {
          out.push({ token: cmd.nameWord, message: `the environment (API keys, tokens) is piped to \`${cmd.name}\`` });
        }
      }
      for (const r of cmd.redirects) {
        if (r.target && /^\/dev\/(tcp|udp)\//.test(r.target.value ?? r.target.raw)) out.push({ token: r.target, message: `\`${r.target.raw}\` opens a network connection from the shell (reverse shell / exfiltration)`, severity: 'critical' });
      }
      if (cmd.name === 'history' && cmd.args.some((a) => a.value === '-c')) out.push({ token: cmd.args.find((a) => a.value === '-c')!, message: '`history -c` erases the shell history (covering tracks)', severity: 'medium' });
      return out;
    },
  },
  {
    id: 'system-file-write', category: 'system-files', severity: 'high', reference: ref('system-file-write'),
    check(cmd) {
      const out = [];
      for (const r of cmd.redirects) {
        if (r.target && /^>|^&>/.test(r.op) && SYSTEM_FILES.test(r.target.raw.replace(/^["']|["']$/g, ''))) out.push({ token: r.target, message: `writes to the system file \`${r.target.raw}\`${r.op === '>' ? ', replacing its content' : ''}` });
      }
      if (cmd.name === 'tee' || cmd.name === 'cp' || cmd.name === 'mv' || cmd.name === 'install') {
        const targets = cmd.name === 'tee' ? operands(cmd) : operands(cmd).slice(-1);
        for (const o of targets) if (SYSTEM_FILES.test(o.raw.replace(/^["']|["']$/g, ''))) out.push({ token: o, message: `\`${cmd.name}\` writes to the system file \`${o.raw}\`` });
      }
      return out;
    },
  },
  {
    id: 'system-state', category: 'system-state', severity: 'high', reference: ref('system-state'),
    check(cmd) {
      const a0 = v(cmd.args[0]);
      if (cmd.name === 'kill' || cmd.name === 'pkill') {
        const all = cmd.args.find((a) => a.value === '-1');
        if (cmd.name === 'kill' && all && cmd.args.length >= 2) return [{ token: all, message: '`kill ... -1` signals every process you can reach' }];
        return [];
      }
      if (['shutdown', 'reboot', 'halt', 'poweroff'].includes(cmd.name)) return [{ token: cmd.nameWord, message: `\`${cmd.name}\` stops the machine`, severity: 'medium' }];
      if (cmd.name === 'systemctl' && ['poweroff', 'reboot', 'halt'].includes(a0 ?? '')) return [{ token: cmd.args[0]!, message: `\`systemctl ${a0}\` stops the machine`, severity: 'medium' }];
      if ((cmd.name === 'iptables' || cmd.name === 'ip6tables') && cmd.args.some((a) => a.value === '-F' || a.value === '--flush')) return [{ token: cmd.args.find((a) => a.value === '-F' || a.value === '--flush')!, message: `\`${cmd.name} ${cmd.args.find((a) => a.value === '-F' || a.value === '--flush')!.raw}\` flushes every firewall rule` }];
      if (cmd.name === 'crontab' && cmd.args.some((a) => /^-[a-z]*r/.test(a.value ?? ''))) return [{ token: cmd.args.find((a) => /^-[a-z]*r/.test(a.value ?? ''))!, message: '`crontab -r` deletes your whole crontab without asking' }];
      return [];
    },
  },
  {
    id: 'cloud-destroy', category: 'cloud', severity: 'high', reference: ref('cloud-destroy'),
    check(cmd) {
      const ops = operands(cmd).map((o) => o.value ?? '');
      if (cmd.name === 'terraform' && ops[0] === 'destroy') return [{ token: operands(cmd)[0]!, message: '`terraform destroy` deletes every resource in the state' }];
      if ((cmd.name === 'terraform' || cmd.name === 'tofu') && ops[0] === 'apply' && cmd.args.some((a) => a.value === '-destroy')) return [{ token: cmd.args.find((a) => a.value === '-destroy')!, message: '`apply -destroy` deletes every resource in the state' }];
      if (cmd.name === 'kubectl' && ops[0] === 'delete' && ['namespace', 'ns', 'namespaces', 'all', 'pv', 'pvc'].includes(ops[1] ?? '')) return [{ token: operands(cmd)[1]!, message: `\`kubectl delete ${ops[1]}\` deletes everything in it` }];
      if (cmd.name === 'aws' && ops[0] === 's3' && ['rm', 'rb'].includes(ops[1] ?? '') && cmd.args.some((a) => a.value === '--recursive' || a.value === '--force')) return [{ token: operands(cmd)[1]!, message: `\`aws s3 ${ops[1]}\` with --recursive/--force deletes every object` }];
      if (cmd.name === 'docker' && ops[0] === 'system' && ops[1] === 'prune' && cmd.args.some((a) => a.value === '--volumes')) return [{ token: cmd.args.find((a) => a.value === '--volumes')!, message: '`docker system prune --volumes` deletes data volumes' }];
      if (['psql', 'mysql', 'mariadb', 'sqlite3', 'cockroach'].includes(cmd.name)) {
        const sql = cmd.args.find((a) => /\b(DROP\s+(DATABASE|SCHEMA|TABLE)|TRUNCATE\s+TABLE)\b/i.test(a.value ?? a.raw));
        if (sql) return [{ token: sql, message: `${sql.raw.slice(0, 60)} drops data permanently` }];
      }
      return [];
    },
  },
];

function chainNames(c: SimpleCommand): string[] {
  const out: string[] = [];
  for (let cur: SimpleCommand | undefined = c; cur; cur = cur.pipedFrom) out.push(cur.name);
  return out;
}

/** Script-level checks that are not about one command: fork bombs, `$(curl ...)` executed. */
export function scriptFindings(model: ScriptModel): Omit<Finding, 'reference'>[] {
  const out: Omit<Finding, 'reference'>[] = [];
  for (const b of model.forkBombs) out.push({ rule: 'fork-bomb', category: 'system-state', severity: 'critical', start: b.start, end: b.end, message: `function \`${b.name}\` pipes into itself in the background: a fork bomb that exhausts the process table` });
  for (const s of model.substitutions) {
    if (!s.commands.some((c) => c.name === 'curl' || c.name === 'wget')) continue;
    const exec = model.commands.find((c) => c.start <= s.start && c.end >= s.end && (c.name === 'eval' || c.name === 'source' || c.name === '.' || ((['sh', 'bash', 'zsh', 'dash'].includes(c.name)) && (s.kind === 'process_substitution' || c.args.some((a) => /^-[a-z]*c/.test(a.value ?? ''))))));
    if (exec) out.push({ rule: 'pipe-to-shell', category: 'remote-code', severity: 'critical', start: s.start, end: s.end, message: `\`${exec.nameWord.raw}\` executes code downloaded by \`${s.text.slice(0, 60)}\`` });
  }
  return out;
}
