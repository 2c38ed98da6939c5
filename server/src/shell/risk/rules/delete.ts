import type { Word } from '../../explain/words.js';
import { ALWAYS_SET, guardedAt, varRef } from '../vars.js';
import { lower, ruleReference as ref, type Ctx, type Hit, type Rule, type Severity } from '../kit.js';
import type { PathClass } from '../paths.js';

const RECURSIVE = ['-r', '-R', '--recursive'];
const REMOVERS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'srm']);
/** Packages without which the machine does not boot, log in or stay reachable. */
const ESSENTIAL =
  /^(systemd|systemd-sysv|init|sysvinit-core|libc6|glibc|libc-bin|bash|dash|coreutils|util-linux|login|passwd|sudo|dpkg|apt|rpm|dnf|yum|pacman|openssh-server|openssh|network-manager|NetworkManager|netplan\.io|ifupdown|iproute2|grub.*|linux-image.*|linux-generic.*|kernel.*|e2fsprogs|mount|base-files|base-passwd|debianutils)$/;

/** How bad deleting what this path names is (undefined: not a system, home or history path). */
function deleteSeverity(p: PathClass, recursive: boolean): Severity | undefined {
  switch (p.kind) {
    case 'root':
      return recursive ? 'critical' : undefined;
    case 'home':
      return recursive ? 'critical' : undefined;
    case 'system':
      return recursive ? (p.what.includes('(under') ? 'high' : 'critical') : undefined;
    case 'system-file':
      return p.tier === 'config' || p.tier === 'cron' ? undefined : 'high';
    case 'home-dotfile':
      return 'high';
    default:
      return undefined;
  }
}

/** `$DIR/...` or `${DIR}/...`: the variable a path starts with, when an empty value makes the path start at `/`. */
export function leadingVariable(w: Word): string | undefined {
  const m = /^"?\$(\{)?([A-Za-z_]\w*)(\}?)"?\//.exec(w.raw);
  if (!m) return undefined;
  if (m[1] && !m[3]) return undefined; // ${X:?...}, ${X:-...} and other operators
  return m[2];
}

function unguardedVariable(c: Ctx, w: Word): { name: string; severity: Severity } | undefined {
  const opaque = c.leadingOpaque(w);
  if (opaque && /^["']?[^"'/]*["']?\//.test(w.raw.slice(0, w.raw.indexOf('/') + 1) || 'x')) {
    // $(BUILD)/ in a Makefile, ${{ inputs.dir }}/ in a workflow: empty when not set, and make variables can be
    // overridden from the command line even when the Makefile sets them
    const name = /\$[({]\s*([\w.$@-]+)/.exec(opaque.text)?.[1] ?? opaque.text;
    if (c.ctx.hostChecked?.has(name)) return undefined;
    if (/^(runner\.temp|github\.workspace|env\.HOME|CURDIR|PWD|HOME)$/.test(name)) return undefined;
    // the recipe checks it first (`[ -z "$(OUT)" ] && exit 1`): the placeholder stands for the same text each time
    const filler = w.raw.replace(/^["']/, '').slice(0, opaque.end - opaque.start);
    if (w.node && guardedAt(w.node, filler.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))) return undefined;
    const set = c.ctx.hostVars?.get(name);
    if (set !== undefined && /\b(mktemp|shell\s+pwd|CURDIR|abspath|realpath)\b|^[\w./-]/.test(set.trim())) return { name, severity: 'medium' };
    return { name, severity: set?.trim() ? 'medium' : 'high' };
  }
  const name = leadingVariable(w);
  if (!name || ALWAYS_SET.has(name)) return undefined;
  if (c.script.facts.nonEmpty.has(name) || c.script.facts.required.has(name)) return undefined;
  if (w.node && guardedAt(w.node, varRef(name))) return undefined;
  return { name, severity: 'high' };
}

const EXPANSIONS = new Set(['simple_expansion', 'expansion', 'command_substitution']);
/** Expansions of a word that are outside quotes, so word splitting and globbing apply (`$#`, `$?`, `$$` are safe). */
export function unquotedExpansions(w: Word): { start: number; end: number; name?: string }[] {
  if (!w.node) return [];
  const shift = w.start - w.node.startIndex;
  const pieces = EXPANSIONS.has(w.node.type) ? [w.node] : w.node.type === 'concatenation' ? w.node.namedChildren.filter((c) => c && EXPANSIONS.has(c.type)) : [];
  return pieces.filter((p) => p && !/^\$[#?$!-]$/.test(p.text)).map((p) => ({ start: p.startIndex + shift, end: p.endIndex + shift, name: /^\$\{?([A-Za-z_]\w*)\}?$/.exec(p.text)?.[1] }));
}

export const DELETE_RULES: Rule[] = [
  {
    id: 'rm-critical-path',
    category: 'destructive-delete',
    severity: 'critical',
    reference: ref('rm-critical-path'),
    check(c) {
      if (!REMOVERS.has(c.name)) return [];
      const recursive = c.name === 'rm' ? c.has(...RECURSIVE) : false;
      const out: Hit[] = [];
      const npr = c.flagWord('--no-preserve-root');
      if (npr) out.push({ token: npr, message: '`--no-preserve-root` lets rm delete the whole file system', severity: 'critical' });
      for (const o of c.operands()) {
        const p = c.path(o);
        if (p.kind === 'history' || p.kind === 'log') continue; // clear-history, clear-logs
        // rmdir only removes empty directories: it breaks less, but not nothing
        let sev = c.name === 'rmdir' ? (p.kind === 'root' || p.kind === 'system' ? 'medium' : undefined) : deleteSeverity(p, recursive || c.name === 'shred');
        // an image build slims its own file system: below the top-level directories that is not the machine's loss
        if (sev && c.host === 'dockerfile' && p.kind !== 'root' && p.depth > 1) sev = lower(sev);
        if (sev) out.push({ token: o, message: `\`${o.raw}\`: ${recursive ? 'recursive ' : ''}delete of ${p.what}`, severity: sev });
      }
      return out;
    },
  },
  {
    id: 'rm-unguarded-variable',
    category: 'destructive-delete',
    severity: 'high',
    reference: ref('rm-unguarded-variable'),
    check(c) {
      if (c.name !== 'rm' || !c.has(...RECURSIVE)) return [];
      return c.operands().flatMap((o) => {
        const v = unguardedVariable(c, o);
        if (!v) return [];
        const rest = o.raw.slice(o.raw.indexOf('/')).replace(/"/g, '');
        return [{ token: o, message: `\`${o.raw}\`: if ${v.name} is empty or unset, this deletes \`${rest}\` from the root; guard it with \${${v.name}:?}`, severity: v.severity }];
      });
    },
  },
  {
    id: 'unquoted-expansion',
    category: 'destructive-delete',
    severity: 'low',
    reference: ref('unquoted-expansion'),
    check(c) {
      if (!['rm', 'rmdir', 'shred', 'unlink', 'chmod', 'chown', 'chgrp'].includes(c.name)) return [];
      const rec = c.has(...RECURSIVE);
      if (c.name.startsWith('ch') && !rec) return [];
      // chmod/chown/chgrp: the first operand is the mode or owner, not a path
      return c.operands(c.name.startsWith('ch') ? 1 : 0).flatMap((o): Hit[] => {
        const pieces = unquotedExpansions(o);
        if (!pieces.length) return [];
        // a variable built as a word list (`list="$list $f"`) is unquoted on purpose: a hint, and no quoting fix
        if (pieces.every((p) => p.name && c.script.facts.lists.has(p.name)))
          return [{ token: o, message: `\`${o.raw}\` is a word list built by this script: each word is deleted; make sure none can be a path you keep`, severity: 'low' }];
        return [
          {
            token: o,
            message: `\`${o.raw}\` is unquoted: word splitting and globbing can turn it into other paths than the one meant; quote it`,
            severity: rec && c.name === 'rm' ? 'medium' : undefined,
          },
        ];
      });
    },
  },
  {
    id: 'xargs-rm',
    category: 'destructive-delete',
    severity: 'medium',
    reference: ref('xargs-rm'),
    check(c) {
      if (c.name !== 'rm' || !c.cmd.viaXargs) return [];
      if (!c.has(...RECURSIVE) && !c.has('-f', '--force')) return [];
      // the names come from the command piped in: find / or ls /var/lib deletes system paths
      const up = c.cmd.pipedFrom;
      const roots = up ? up.args.filter((a) => !(a.value ?? '').startsWith('-')).map((a) => ({ a, p: c.path(a) })) : [];
      const sys = roots.find((r) => r.p.kind === 'root' || r.p.kind === 'system' || r.p.kind === 'home');
      if (sys)
        return [
          { token: c.cmd.nameWord, message: `\`rm\` run by xargs deletes what \`${up!.name}\` lists under ${sys.p.what}`, severity: sys.p.kind === 'system' && sys.p.depth > 1 ? 'high' : 'critical' },
        ];
      return [{ token: c.cmd.nameWord, message: '`rm` run by xargs deletes whatever names arrive on standard input' }];
    },
  },
  {
    id: 'find-delete',
    category: 'destructive-delete',
    severity: 'medium',
    reference: ref('find-delete'),
    check(c) {
      if (c.name !== 'find') return [];
      const args = c.args;
      const del = args.find((a) => a.value === '-delete');
      const execAt = args.findIndex((a, i) => ['-exec', '-execdir', '-ok', '-okdir'].includes(a.value ?? '') && /^(rm|shred|unlink)$/.test((args[i + 1]?.value ?? '').replace(/^.*\//, '')));
      const token = del ?? (execAt >= 0 ? args[execAt + 1] : undefined);
      if (!token) return [];
      const firstExpr = args.findIndex((a) => /^[-(!]/.test(a.value ?? a.raw));
      const roots = args.slice(0, firstExpr < 0 ? args.length : firstExpr).map((a) => c.path(a));
      const root = roots.find((p) => p.kind === 'root' || p.kind === 'system' || p.kind === 'home' || p.kind === 'home-dotfile');
      let sev: Severity | undefined = root ? (root.kind === 'home-dotfile' || (root.kind === 'system' && root.what.includes('(under')) ? 'high' : 'critical') : undefined;
      // every file under /var/log, with no age or name filter: clearing the logs, not rotating them
      if (
        !root &&
        roots.some((p) => p.kind === 'log' && /^\/var\/log\/?\*?$/.test(p.what.replace(/^the system logs /, ''))) &&
        !args.some((a) => /^-(m|a|c)(time|min)$|^-i?name$|^-newer|^-i?path$|^-i?regex$/.test(a.value ?? ''))
      )
        sev = 'high';
      return [{ token, message: `\`${token.raw}\` deletes every file find matches${root ? ` under ${root.what}` : ''}`, severity: sev }];
    },
  },
  {
    id: 'rsync-delete',
    category: 'destructive-delete',
    severity: 'high',
    reference: ref('rsync-delete'),
    check(c) {
      if (c.name !== 'rsync') return [];
      const del = c.args.find((a) => /^--(delete|delete-before|delete-during|delete-after|delete-delay|delete-excluded|remove-source-files)$/.test(a.value ?? ''));
      if (!del) return [];
      const dest = c.operands().at(-1);
      const p = dest && c.path(dest);
      if (!p || !(p.kind === 'root' || p.kind === 'system' || p.kind === 'home' || p.kind === 'home-dotfile')) return [];
      return [
        {
          token: dest,
          message: `\`rsync ${del.raw}\` deletes everything in ${p.what} that the source does not have`,
          severity: p.kind === 'root' || p.kind === 'home' || p.depth <= 1 ? 'critical' : 'high',
        },
      ];
    },
  },
  {
    id: 'package-remove-essential',
    category: 'destructive-delete',
    severity: 'high',
    reference: ref('package-remove-essential'),
    check(c) {
      const verbs: Record<string, RegExp> = {
        'apt-get': /^(remove|purge|autoremove)$/,
        apt: /^(remove|purge|autoremove)$/,
        aptitude: /^(remove|purge)$/,
        dnf: /^(remove|erase)$/,
        yum: /^(remove|erase)$/,
        zypper: /^(remove|rm)$/,
        pacman: /^$/,
        apk: /^del$/,
        dpkg: /^$/,
        rpm: /^$/,
      };
      const verb = verbs[c.name];
      if (!verb) return [];
      const words = c.words.map((w) => w.value ?? '');
      const removing =
        c.name === 'pacman'
          ? c.args.some((a) => /^-R/.test(a.value ?? ''))
          : c.name === 'dpkg'
            ? c.has('-r', '-P', '--remove', '--purge')
            : c.name === 'rpm'
              ? c.has('-e', '--erase')
              : verb.test(words[0] ?? '');
      if (!removing) return [];
      const pkgs = (c.name === 'pacman' || c.name === 'dpkg' || c.name === 'rpm' ? c.words : c.words.slice(1)).filter((w) => ESSENTIAL.test(w.value ?? ''));
      // a container image needs no init, kernel or ssh server: removing them there is slimming
      return pkgs.map((w): Hit => ({
        token: w,
        message: `removing \`${w.raw}\` takes away what the machine needs to boot, log in or stay reachable`,
        ...(c.host === 'dockerfile' ? { severity: 'medium' } : {}),
      }));
    },
  },
];
