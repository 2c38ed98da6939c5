import { classifyPath } from '../paths.js';
import { ruleReference as ref, type Ctx, type Hit, type Rule } from '../kit.js';
import { writtenFiles } from './system.js';

/** Services that keep the machine reachable or its network up. */
const LIFELINE =
  /^(ssh|sshd|openssh-server|networking|network|NetworkManager|network-manager|systemd-networkd|systemd-resolved|wpa_supplicant|dbus|systemd-logind|getty@.*|serial-getty@.*)(\.service|\.socket)?$/;

function verb(c: Ctx): string {
  return c.word(0) ?? '';
}

export const MACHINE_RULES: Rule[] = [
  {
    id: 'system-state',
    category: 'system-state',
    severity: 'high',
    reference: ref('system-state'),
    check(c) {
      if (!/^(shutdown|reboot|halt|poweroff|init|telinit|systemctl)$/.test(c.name)) return [];
      const help = c.has('--help', '--version');
      if (['shutdown', 'reboot', 'halt', 'poweroff'].includes(c.name) && !help && !c.has('-c', '-k')) return [{ token: c.cmd.nameWord, message: `\`${c.name}\` stops the machine` }];
      if ((c.name === 'init' || c.name === 'telinit') && /^[06sS]$/.test(verb(c)))
        return [{ token: c.words[0]!, message: `\`${c.name} ${verb(c)}\` ${verb(c) === '6' ? 'reboots' : verb(c) === '0' ? 'halts' : 'drops to single-user mode on'} the machine` }];
      if (c.name === 'systemctl' && /^(poweroff|reboot|halt|kexec|rescue|emergency|soft-reboot)$/.test(verb(c))) return [{ token: c.words[0]!, message: `\`systemctl ${verb(c)}\` stops the machine` }];
      return [];
    },
  },
  {
    id: 'service-lifeline',
    category: 'system-state',
    severity: 'high',
    reference: ref('service-lifeline'),
    check(c) {
      let units: { start: number; end: number; raw: string }[] = [];
      let action = '';
      if (c.name === 'systemctl' && /^(stop|disable|mask|kill)$/.test(verb(c))) {
        action = verb(c);
        units = c.operands(1).filter((o) => LIFELINE.test(o.value ?? ''));
      } else if (c.name === 'service' && /^(stop)$/.test(c.word(1) ?? '') && LIFELINE.test(c.word(0) ?? '')) {
        action = 'stop';
        units = [c.words[0]!];
      }
      return units.map((u) => ({ token: u, message: `\`${action} ${u.raw}\` can cut off remote access to this machine` }));
    },
  },
  {
    id: 'network-down',
    category: 'system-state',
    severity: 'high',
    reference: ref('network-down'),
    check(c) {
      if (c.name === 'ip' && /^l(ink)?$/.test(verb(c)) && c.word(1) === 'set' && c.words.some((w) => w.value === 'down'))
        return [{ token: c.words.find((w) => w.value === 'down')!, message: 'takes the network interface down: remote sessions through it drop' }];
      if (c.name === 'ifconfig' && c.words.some((w) => w.value === 'down'))
        return [{ token: c.words.find((w) => w.value === 'down')!, message: 'takes the network interface down: remote sessions through it drop' }];
      if (c.name === 'ifdown' && c.operands().length) return [{ token: c.cmd.nameWord, message: '`ifdown` takes the network interface down: remote sessions through it drop' }];
      if (c.name === 'nmcli' && c.words.some((w) => /^(off|down)$/.test(w.value ?? '')) && c.words.some((w) => /^(networking|radio|connection|con|device|dev)$/.test(w.value ?? '')))
        return [{ token: c.cmd.nameWord, message: '`nmcli` turns networking off' }];
      return [];
    },
  },
  {
    id: 'firewall-flush',
    category: 'system-state',
    severity: 'high',
    reference: ref('firewall-flush'),
    check(c) {
      if (/^(iptables|ip6tables|iptables-legacy|iptables-nft)$/.test(c.name)) {
        const flush = c.args.find((a) => /^(-F|--flush|-X|--delete-chain)$/.test(a.value ?? '') || /^-[A-Za-z]*F$/.test(a.value ?? ''));
        if (flush) return [{ token: flush, message: `\`${c.name} ${flush.raw}\` removes firewall rules` }];
        const policy = c.args.findIndex((a) => a.value === '-P' || a.value === '--policy');
        if (policy >= 0 && /^(INPUT|OUTPUT)$/.test(c.args[policy + 1]?.value ?? '') && c.args[policy + 2]?.value === 'DROP')
          return [{ token: c.args[policy]!, message: `\`-P ${c.args[policy + 1]!.value} DROP\` drops all traffic without a rule, including your own session` }];
      }
      if (c.name === 'nft' && verb(c) === 'flush') return [{ token: c.words[0]!, message: '`nft flush` removes firewall rules' }];
      if (c.name === 'ufw' && /^(disable|reset)$/.test(verb(c))) return [{ token: c.words[0]!, message: `\`ufw ${verb(c)}\` turns the firewall off` }];
      if (c.name === 'firewall-cmd' && c.args.some((a) => a.value === '--panic-on')) return [{ token: c.cmd.nameWord, message: '`--panic-on` drops all traffic' }];
      return [];
    },
  },
  {
    id: 'kill-all',
    category: 'system-state',
    severity: 'high',
    reference: ref('kill-all'),
    check(c) {
      if (c.name === 'kill') {
        const all = c.operands().find((a) => a.value === '-1' || a.value === '1');
        if (all) return [{ token: all, message: all.value === '1' ? '`kill ... 1` signals init: the machine goes down' : '`kill ... -1` signals every process you can reach' }];
        const neg = c.args.find((a, i) => a.value === '-1' && i > 0);
        if (neg) return [{ token: neg, message: '`kill ... -1` signals every process you can reach' }];
      }
      if (c.name === 'killall5') return [{ token: c.cmd.nameWord, message: '`killall5` signals every process outside your session' }];
      if ((c.name === 'pkill' || c.name === 'killall') && c.argsOf('-u', '--user').some((u) => u.value === 'root' || u.value === '0'))
        return [{ token: c.argsOf('-u', '--user')[0]!, message: `\`${c.name} -u root\` kills the system's own processes` }];
      if (c.name === 'pkill' && c.operands().some((o) => /^(\.|\.\*|sshd|systemd|init)$/.test(o.value ?? '')))
        return [{ token: c.operands().find((o) => /^(\.|\.\*|sshd|systemd|init)$/.test(o.value ?? ''))!, message: 'this pattern matches processes the system needs' }];
      return [];
    },
  },
  {
    id: 'crontab-remove',
    category: 'system-state',
    severity: 'high',
    reference: ref('crontab-remove'),
    check(c) {
      const r = c.name === 'crontab' ? c.args.find((a) => /^-[a-z]*r/.test(a.value ?? '')) : undefined;
      return r ? [{ token: r, message: '`crontab -r` deletes your whole crontab without asking' }] : [];
    },
  },
  {
    id: 'kernel-state',
    category: 'system-state',
    severity: 'medium',
    reference: ref('kernel-state'),
    check(c) {
      const out: Hit[] = [];
      for (const r of c.cmd.redirects) {
        const t = r.target?.value ?? '';
        if (t === '/proc/sysrq-trigger') out.push({ token: r.target!, message: 'writing to /proc/sysrq-trigger crashes, reboots or freezes the machine at once', severity: 'critical' });
        else if (/^\/proc\/sys\//.test(t) && /^>/.test(r.op)) out.push({ token: r.target!, message: `changes the kernel setting ${t}` });
      }
      if (c.name === 'sysctl' && (c.has('-w', '--write') || c.operands().some((o) => /=/.test(o.value ?? ''))))
        out.push({ token: c.cmd.nameWord, message: '`sysctl -w` changes kernel settings of the running system' });
      return out;
    },
  },
  {
    id: 'clear-history',
    category: 'covering-tracks',
    severity: 'high',
    reference: ref('clear-history'),
    check(c) {
      const out: Hit[] = [];
      if (c.name === 'history' && c.has('-c')) out.push({ token: c.flagWord('-c')!, message: '`history -c` erases the shell history (covering tracks)' });
      if (c.name === 'unset' && c.args.some((a) => /^HIST(FILE|SIZE)$/.test(a.value ?? '')))
        out.push({ token: c.args.find((a) => /^HIST/.test(a.value ?? ''))!, message: 'unsetting HISTFILE stops this session from being recorded' });
      if (c.name === 'set' && c.args.some((a) => a.value === '+o') && c.args.some((a) => a.value === 'history'))
        out.push({ token: c.cmd.nameWord, message: '`set +o history` stops recording commands' });
      for (const { word } of writtenFiles(c)) if (classifyPath(word.value ?? word.raw).kind === 'history') out.push({ token: word, message: `empties the shell history \`${word.raw}\`` });
      if (['rm', 'shred', 'unlink'].includes(c.name) || (c.name === 'ln' && c.operands().some((o) => o.value === '/dev/null'))) {
        for (const o of c.operands())
          if (classifyPath(o.value ?? o.raw).kind === 'history')
            out.push({ token: o, message: `${c.name === 'ln' ? 'points' : 'deletes'} the shell history \`${o.raw}\`${c.name === 'ln' ? ' at /dev/null' : ''}` });
      }
      return out;
    },
  },
  {
    id: 'clear-logs',
    category: 'covering-tracks',
    severity: 'high',
    reference: ref('clear-logs'),
    check(c) {
      const out: Hit[] = [];
      const isLog = (raw: string) => classifyPath(raw).kind === 'log';
      if (['rm', 'shred', 'unlink', 'truncate'].includes(c.name))
        for (const o of c.operands()) if (isLog(o.value ?? o.raw)) out.push({ token: o, message: `${c.name === 'truncate' ? 'empties' : 'deletes'} the system logs \`${o.raw}\`` });
      for (const r of c.cmd.redirects)
        if (r.target && /^>/.test(r.op) && r.op !== '>>' && isLog(r.target.value ?? r.target.raw)) out.push({ token: r.target, message: `empties the system log \`${r.target.raw}\`` });
      if (c.name === 'journalctl' && c.args.some((a) => /^--(vacuum-(time|size|files)|rotate)/.test(a.value ?? '')))
        out.push({ token: c.args.find((a) => /^--vacuum/.test(a.value ?? '')) ?? c.cmd.nameWord, message: '`journalctl --vacuum-*` deletes the system journal' });
      // an image build throws away its own package-manager logs; that is not covering tracks
      if (c.host === 'dockerfile') return out.map((h) => ({ ...h, severity: 'low' as const }));
      return out;
    },
  },
];
