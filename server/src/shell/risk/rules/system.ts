import type { Word } from '../../explain/words.js';
import { BLOCK_DEVICE, classifyPath, type SystemFileTier } from '../paths.js';
import { lower, ruleReference as ref, type Ctx, type Hit, type Rule, type Severity } from '../kit.js';

const WRITE_OPS = /^(>|>>|&>|&>>|>\||>&)$/;
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish', 'tcsh', 'csh']);

/** The files a command writes: redirections, tee, the target of cp/mv/install/ln, dd of=, sed -i and perl -i inputs, truncate. */
export type WriteOp = 'overwrite' | 'append' | 'edit';
const DISK_TOOLS = /^(dd|zpool|zfs|lvremove|vgremove|pvremove|mkfs(\.\w+)?|mke2fs|mkswap|mkdosfs|mkntfs|wipefs|blkdiscard|shred|fdisk|sfdisk|cfdisk|gdisk|sgdisk|parted|cryptsetup|mdadm|hdparm)$/;
const WRITERS = new Set(['tee', 'cp', 'mv', 'install', 'ln', 'dd', 'sed', 'perl', 'truncate', 'shred']);

export function writtenFiles(c: Ctx): { word: Word; how: string; op: WriteOp }[] {
  const out: { word: Word; how: string; op: WriteOp }[] = [];
  for (const r of c.cmd.redirects)
    if (r.target && WRITE_OPS.test(r.op)) out.push({ word: r.target, how: r.op.includes('>>') ? 'appends to' : 'overwrites', op: r.op.includes('>>') ? 'append' : 'overwrite' });
  if (!WRITERS.has(c.name)) return out;
  const ops = c.operands();
  switch (c.name) {
    case 'tee':
      for (const o of ops) out.push({ word: o, how: c.has('-a', '--append') ? 'appends to' : 'overwrites', op: c.has('-a', '--append') ? 'append' : 'overwrite' });
      break;
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln': {
      const dir = c.argsOf('-t', '--target-directory')[0];
      const target = dir ?? (ops.length >= 2 ? ops[ops.length - 1] : undefined);
      if (target) out.push({ word: target, how: c.name === 'ln' ? 'replaces with a link' : 'overwrites', op: 'overwrite' });
      break;
    }
    case 'dd':
      for (const a of c.args)
        if (/^of=/.test(a.value ?? '')) out.push({ word: { ...a, value: a.value!.slice(3), raw: a.raw.replace(/^of=/, ''), start: a.start + 3 }, how: 'overwrites', op: 'overwrite' });
      break;
    case 'sed':
      if (c.has('-i', '--in-place')) for (const o of c.has('-e', '--expression', '-f', '--file') ? ops : ops.slice(1)) out.push({ word: o, how: 'edits in place', op: 'edit' });
      break;
    case 'perl':
      if (c.args.some((a) => /^-\w*i/.test(a.value ?? ''))) for (const o of ops) out.push({ word: o, how: 'edits in place', op: 'edit' });
      break;
    case 'truncate':
    case 'shred':
      for (const o of ops) out.push({ word: o, how: c.name === 'shred' ? 'overwrites with random data' : 'empties', op: 'overwrite' });
      break;
  }
  return out;
}

/** How bad a write is, by what the file is for and how it is written (undefined: not reported). */
const WRITE_SEVERITY: Record<SystemFileTier, Partial<Record<WriteOp, Severity>>> = {
  auth: { overwrite: 'high', append: 'high', edit: 'medium' },
  cron: { overwrite: 'high', append: 'high', edit: 'medium' },
  boot: { overwrite: 'high', append: 'medium', edit: 'medium' },
  net: { overwrite: 'high', append: 'medium', edit: 'medium' },
  config: { overwrite: 'medium', append: 'low', edit: 'low' },
  binary: { overwrite: 'high' },
};

/** A mode that lets others write: 777, 666, o+w, a+w, +w on some systems. */
const WORLD_WRITABLE = /^0?[0-7]?[0-7][0-7][2367]$|^(\w*[ao]\w*|)[+=][rwxXst]*w/;
const SETUID = /^[2-7][0-7]{3}$|^[ugo]*[+=][rwxXt]*s/;

export const SYSTEM_RULES: Rule[] = [
  {
    id: 'system-file-write',
    category: 'system-files',
    severity: 'high',
    reference: ref('system-file-write'),
    check(c) {
      const out: Hit[] = [];
      for (const { word, how, op } of writtenFiles(c)) {
        const raw = word.raw.replace(/^["']|["']$/g, '');
        const p = classifyPath(word.value ?? raw);
        const keys = p.kind === 'home-dotfile' && /\.ssh\/authorized_keys2?$/.test(raw);
        if (p.kind !== 'system-file' && !keys) continue;
        let sev = keys ? 'high' : WRITE_SEVERITY[p.tier!][op];
        if (!sev) continue;
        // an image build writes the system of the image, not of the machine it runs on
        if (c.host === 'dockerfile') sev = lower(sev);
        // provisioning writes drop-in configuration with sudo every day: sudo does not make that worse
        const fixed = p.tier === 'config';
        out.push({
          token: word,
          message: `${how} ${keys ? `\`${raw}\`: whoever holds that key can log in` : p.what}${c.cmd.redirects.some((r) => r.target === word) ? '' : ` (${c.name})`}`,
          severity: sev,
          fixed,
        });
      }
      return out;
    },
  },
  {
    id: 'move-to-null',
    category: 'system-files',
    severity: 'high',
    reference: ref('move-to-null'),
    check(c) {
      if (c.name !== 'mv' && c.name !== 'cp') return [];
      const ops = c.operands();
      const last = ops[ops.length - 1];
      if (!last || ops.length < 2 || classifyPath(last.value ?? last.raw).kind !== 'null') return [];
      return [
        {
          token: last,
          message: `\`${c.name} ... /dev/null\` does not discard: ${c.name === 'mv' ? 'the source is gone and ' : ''}/dev/null is replaced by a regular file (as root), which breaks every program that writes to it`,
        },
      ];
    },
  },
  {
    id: 'raw-disk-write',
    category: 'disk',
    severity: 'critical',
    reference: ref('raw-disk-write'),
    check(c) {
      const out: Hit[] = [];
      for (const r of c.cmd.redirects)
        if (r.target && WRITE_OPS.test(r.op) && BLOCK_DEVICE.test(r.target.value ?? ''))
          out.push({ token: r.target, message: `redirecting output into the block device \`${r.target.raw}\` overwrites it` });
      if (!DISK_TOOLS.test(c.name)) return out;
      const devices = c.operands().filter((o) => BLOCK_DEVICE.test(o.value ?? '') || /^"?\$\{?(DEV|DEVICE|DISK|TARGET_DEV)\w*\}?"?$/i.test(o.raw));
      const name = c.name.replace(/\.\w+$/, '');
      const verb = c.word(0) ?? '';
      if (c.name === 'dd')
        for (const w of writtenFiles(c))
          if (BLOCK_DEVICE.test(w.word.value ?? ''))
            out.push({ token: c.args.find((a) => a.start === w.word.start - 3) ?? w.word, message: `\`of=${w.word.raw}\` writes raw data over the block device ${w.word.value}` });
      if (!devices.length) {
        if (c.name === 'zpool' && /^(destroy|labelclear)$/.test(verb)) out.push({ token: c.words[0]!, message: `\`zpool ${verb}\` destroys the pool and its data` });
        if (c.name === 'zfs' && verb === 'destroy') out.push({ token: c.words[0]!, message: '`zfs destroy` deletes the dataset and its snapshots', severity: 'high' });
        if (/^(lvremove|vgremove|pvremove)$/.test(c.name)) out.push({ token: c.cmd.nameWord, message: `\`${c.name}\` deletes LVM volumes and the data on them`, severity: 'high' });
        return out;
      }
      const on = devices.map((d) => d.raw).join(' ');
      if (/^(mkfs|mke2fs|mkswap|mkdosfs|mkntfs|wipefs|blkdiscard|shred)$/.test(name)) out.push({ token: c.cmd.nameWord, message: `\`${c.cmd.nameWord.raw}\` destroys what is on ${on}` });
      else if (/^(fdisk|sfdisk|cfdisk|gdisk|sgdisk|parted)$/.test(c.name) && !c.has('-l', '--list', '-p', '--print') && !c.words.some((w) => /^(print|p)$/.test(w.value ?? '')))
        out.push({
          token: c.cmd.nameWord,
          message: `\`${c.name}\` rewrites the partition table of ${on}`,
          severity: c.name === 'fdisk' || c.name === 'cfdisk' || c.name === 'gdisk' ? 'high' : undefined,
        });
      else if (c.name === 'cryptsetup' && /^(luksFormat|erase|luksErase|luksKillSlot|reencrypt)$/.test(verb))
        out.push({ token: c.words[0]!, message: `\`cryptsetup ${verb}\` makes the data on ${on} unreadable` });
      else if (c.name === 'mdadm' && c.has('--zero-superblock')) out.push({ token: c.flagWord('--zero-superblock')!, message: `erases the RAID metadata on ${on}` });
      else if (c.name === 'hdparm' && c.args.some((a) => /^--(security-erase|trim-sector-ranges)/.test(a.value ?? ''))) out.push({ token: c.cmd.nameWord, message: `\`hdparm\` erases ${on}` });
      return out;
    },
  },
  {
    id: 'chmod-world-writable',
    category: 'permissions',
    severity: 'high',
    reference: ref('chmod-world-writable'),
    check(c) {
      if (c.name !== 'chmod') return [];
      const mode = c.operands()[0];
      if (!mode || !WORLD_WRITABLE.test(mode.value ?? '')) return [];
      const rec = c.has('-R', '--recursive');
      const targets = c.operands(1).map((o) => c.path(o));
      const sys = targets.find((p) => p.kind === 'root' || p.kind === 'system' || p.kind === 'system-file' || p.kind === 'home' || p.kind === 'home-dotfile');
      // the sticky bit (1777, +t) is how shared directories such as /tmp are made: others write, only owners delete
      if (/^0?1[0-7]{3}$|t/.test(mode.value ?? '') && !(sys && sys.kind !== 'system'))
        return [{ token: mode, message: `\`${mode.raw}\` makes a shared directory (sticky: only owners delete their files)`, severity: 'low', fixed: true }];
      const sev: Severity = sys ? (sys.kind === 'root' && rec ? 'critical' : 'high') : 'medium';
      return [{ token: mode, message: `\`${mode.raw}\` makes ${sys ? sys.what : 'files'} writable by every user${rec ? ', recursively' : ''}`, severity: sev }];
    },
  },
  {
    id: 'chmod-setuid',
    category: 'permissions',
    severity: 'high',
    reference: ref('chmod-setuid'),
    check(c) {
      if (c.name !== 'chmod') return [];
      const mode = c.operands()[0];
      if (!mode || !SETUID.test(mode.value ?? '')) return [];
      // setgid alone (g+s, 2775) is how shared directories keep their group: a note, not a privilege grant
      const setuid = /^[4-7][0-7]{3}$|^[uoa]*u[uoa]*[+=][rwxXt]*s|^[+=][rwxXt]*s/.test(mode.value ?? '') && !/^[23][0-7]{3}$/.test(mode.value ?? '');
      if (!setuid) return [{ token: mode, message: `\`${mode.raw}\` sets the setgid bit: new files inherit the group (or the program runs with the group's rights)`, severity: 'low', fixed: true }];
      return [{ token: mode, message: `\`${mode.raw}\` sets the setuid bit: the program runs with its owner's privileges` }];
    },
  },
  {
    id: 'chown-system-recursive',
    category: 'permissions',
    severity: 'high',
    reference: ref('chown-system-recursive'),
    check(c) {
      if (!['chown', 'chgrp', 'chmod'].includes(c.name) || !c.has('-R', '--recursive')) return [];
      return c.operands(1).flatMap((o) => {
        const p = c.path(o);
        return p.kind === 'root' || (p.kind === 'system' && p.depth <= 2 && !p.what.includes('(under'))
          ? [{ token: o, message: `\`${c.name} -R\` on ${p.what} breaks ownership or permissions system-wide`, severity: p.kind === 'root' ? 'critical' : undefined }]
          : [];
      });
    },
  },
  {
    id: 'root-shell',
    category: 'privilege',
    severity: 'high',
    reference: ref('root-shell'),
    check(c) {
      // sudo -i, sudo -s, sudo su, sudo bash, su, su -: an interactive shell as root
      if (c.name === 'sudo' && !c.model.wrapper?.wrapped && c.has('-i', '-s', '--login', '--shell'))
        return [{ token: c.flagWord('-i', '-s', '--login', '--shell')!, message: '`sudo` opens a root shell: everything typed next runs as root' }];
      if (c.name === 'su' && !c.has('-c', '--command') && c.operands().every((o) => /^(-|-l|--login|root)$/.test(o.value ?? '')))
        return [{ token: c.cmd.nameWord, message: '`su` opens a root shell: everything typed next runs as root' }];
      // (a shell fed by a pipe or a file is not interactive: pipe-to-shell judges that)
      const fed = !!c.cmd.pipedFrom || c.cmd.redirects.some((r) => /^<|^<</.test(r.op));
      if (SHELLS.has(c.name) && c.cmd.sudo && !fed && !c.args.some((a) => /^-\w*c/.test(a.value ?? '')) && c.operands().length === 0)
        return [{ token: c.cmd.nameWord, message: `\`sudo ${c.name}\` opens a root shell: everything typed next runs as root` }];
      return [];
    },
  },
  {
    id: 'account-privilege',
    category: 'privilege',
    severity: 'high',
    reference: ref('account-privilege'),
    check(c) {
      if (c.name === 'usermod' || c.name === 'gpasswd' || c.name === 'adduser' || c.name === 'addgroup') {
        // usermod -aG GROUPS user; gpasswd -a user GROUP; adduser user GROUP
        const groups = c.name === 'usermod' ? c.argsOf('-G', '--groups') : c.name === 'gpasswd' ? (c.has('-a', '--add', '-M', '--members') ? c.operands().slice(-1) : []) : c.operands(1);
        const admin = groups.find((g) => (g.value ?? '').split(',').some((x) => /^(sudo|wheel|admin|root)$/.test(x)));
        if (admin) return [{ token: admin, message: `adds the account to \`${admin.raw}\`: it gets full root rights` }];
      }
      if (c.name === 'passwd' && c.has('-d', '--delete')) return [{ token: c.flagWord('-d', '--delete')!, message: '`passwd -d` removes the password: the account can log in without one' }];
      return [];
    },
  },
];
