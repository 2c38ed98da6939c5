import type { Word } from '../explain/words.js';

/**
 * What a path argument points at, for judging the damage a command does there: the root, a system directory or
 * file, a home directory or what is in it, logs and shell history, a block device, or a scratch place (the
 * working tree, /tmp, caches). Paths are judged as written: `$HOME` and `~` are the home directory; other
 * variables are unknown (see vars.ts for when an empty one turns `$X/` into `/`).
 */
export type PathKind = 'root' | 'system' | 'system-file' | 'home' | 'home-dotfile' | 'history' | 'log' | 'device' | 'null' | 'scratch' | 'other';

export interface PathClass {
  kind: PathKind;
  /** How it reads in a message: "the root directory", "system directory /usr/lib". */
  what: string;
  /** Directory depth below / (`/usr/lib` is 2); 0 for the root, -1 when not absolute. */
  depth: number;
  /** For system files: what breaks when it is wrong. */
  tier?: SystemFileTier;
}

const TOP = new Set(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'usr', 'var', 'snap', 'mnt', 'media']);
/** Directories whose whole content the system needs (deleting them, or their direct children, breaks it). */
const SYSTEM_TREES = [
  '/usr',
  '/usr/local',
  '/usr/lib',
  '/usr/lib64',
  '/usr/lib32',
  '/usr/libexec',
  '/usr/bin',
  '/usr/sbin',
  '/usr/share',
  '/usr/include',
  '/usr/local/lib',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/local/share',
  '/var',
  '/var/lib',
  '/var/spool',
  '/var/mail',
  '/var/www',
  '/etc',
  '/boot',
  '/opt',
  '/srv',
  '/lib',
  '/lib64',
  '/lib32',
  '/bin',
  '/sbin',
  '/root',
  '/home',
];
/** Deep system places people clean on purpose: package lists, caches, docs and temp in image builds. */
const CLEANED =
  /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt\/lists|var\/lib\/dnf|var\/lib\/yum|var\/cache\/apk|usr\/share\/(doc|man|info|locale)|usr\/src|root\/\.cache|root\/\.npm|root\/\.cargo\/registry|var\/lib\/gems\/[^/]+\/cache|usr\/local\/src)(\/|$)/;
/**
 * Files the system reads, by what breaks when they are wrong: logging in and rights (auth), booting (boot), name
 * resolution and remote access (net), drop-in configuration that provisioning scripts write every day (config),
 * and the programs and libraries everything else runs (binary: only core ones; installing a new tool is normal).
 */
export type SystemFileTier = 'auth' | 'cron' | 'boot' | 'net' | 'config' | 'binary';
const TIERS: [SystemFileTier, RegExp][] = [
  ['auth', /^\/etc\/(passwd|shadow|group|gshadow|sudoers|sudoers\.d\/.+|ld\.so\.preload|pam\.d\/.+|security\/.+|login\.defs|nsswitch\.conf|shells)$/],
  ['cron', /^\/etc\/(crontab|cron\.(d|hourly|daily|weekly|monthly)\/.+)$|^\/var\/spool\/cron\/.+/],
  ['boot', /^\/etc\/(fstab|crypttab|inittab|default\/grub|rc\.local|selinux\/config|modules)$|^\/boot\/.+|^\/var\/lib\/(dpkg\/(status|available)|rpm\/.+|pacman\/local\/.+)$/],
  ['net', /^\/etc\/(hosts|hostname|resolv\.conf|ssh\/sshd_config|ssh\/sshd_config\.d\/.+|hosts\.(allow|deny)|network\/interfaces|netplan\/.+)$/],
  [
    'config',
    /^\/etc\/(profile|profile\.d\/.+|bash\.bashrc|environment|ld\.so\.conf|ld\.so\.conf\.d\/.+|sysctl\.conf|sysctl\.d\/.+|modprobe\.d\/.+|systemd\/system\/.+|apt\/sources\.list|apt\/sources\.list\.d\/.+|yum\.repos\.d\/.+|locale\.gen|timezone|localtime)$/,
  ],
  [
    'binary',
    /^\/(usr\/)?(s?bin)\/(sh|bash|dash|zsh|ls|cp|mv|rm|cat|sudo|su|login|passwd|ssh|sshd|init|systemd|mount|umount|ps|find|grep|sed|awk|chmod|chown|kill|tar|gzip|curl|wget|apt|apt-get|dpkg|rpm|dnf|yum|python3|perl|env|id|whoami|bash-[\d.]+)$|^\/(usr\/)?lib(32|64|x32)?\/(.+\/)?(libc|ld-linux[\w-]*|libpam|libcrypt|libnss_\w+|libsystemd|libselinux|libssl|libcrypto)[\w.-]*\.so[\d.]*$|^\/lib\/systemd\/systemd$/,
  ],
];

export function systemFileTier(p: string): SystemFileTier | undefined {
  return TIERS.find(([, re]) => re.test(p))?.[0];
}

const HISTORY = /(^|\/)\.(bash|zsh|sh|python|node_repl|mysql|psql|lesshst|sqlite)_?history$|(^|\/)\.local\/share\/fish\/fish_history$/;
const LOGS = /^\/var\/log(\/|$)|^\/var\/log\/(wtmp|btmp|lastlog|auth\.log|secure|syslog|messages|audit\/.*)$/;
export const BLOCK_DEVICE = /^\/dev\/(sd[a-z]+\d*|nvme\d+n\d+(p\d+)?|hd[a-z]\d*|vd[a-z]\d*|xvd[a-z]\d*|mmcblk\d+(p\d+)?|disk\d+(s\d+)?|rdisk\d+|mapper\/\S+|dm-\d+|md\d+|loop\d+|sr\d+|nbd\d+(p\d+)?)$/;
/** Home-directory entries whose loss locks you out or loses credentials and configuration. */
const HOME_PRECIOUS = /^\.(ssh|gnupg|aws|kube|password-store)(\/|$)|^\.(config|local|docker|mozilla|thunderbird|bashrc|zshrc|profile|bash_profile|zprofile|netrc|git-credentials|gitconfig)\/?$/;

/** The path a word names, as written (quotes removed; `~` and `$HOME` kept so they can be recognised). */
export function pathText(w: Word): string {
  return (w.value ?? w.raw.replace(/^["']|["']$/g, '').replace(/"/g, '')).trim();
}

function normalise(p: string): string {
  let s = p.replace(/\/+/g, '/');
  // /usr/./lib, /usr//lib, /usr/lib/ all mean /usr/lib; a trailing /* means the content of the directory
  s = s.replace(/\/\.(?=\/|$)/g, '');
  if (s.length > 1) s = s.replace(/\/$/, '');
  return s || '/';
}

const HOME_PREFIX = /^(~(?=\/|$)|\$HOME(?![\w])|\$\{HOME\}|\/root(?=\/|$)|\/home\/[^/$]+(?=\/|$))/;

export function classifyPath(raw: string): PathClass {
  const p = normalise(raw);
  if (p === '/dev/null') return { kind: 'null', what: '/dev/null', depth: 2 };
  if (BLOCK_DEVICE.test(p)) return { kind: 'device', what: `the block device ${p}`, depth: 2 };
  if (HISTORY.test(p)) return { kind: 'history', what: `the shell history ${p}`, depth: -1 };
  const home = HOME_PREFIX.exec(p);
  if (home) {
    const rest = p.slice(home[0].length).replace(/^\//, '').replace(/^\*$/, '');
    if (!rest) return { kind: 'home', what: `the home directory ${p}`, depth: 1 };
    if (HOME_PRECIOUS.test(rest)) return { kind: 'home-dotfile', what: `${p} in your home directory`, depth: 2 };
    return { kind: 'other', what: p, depth: -1 };
  }
  if (!p.startsWith('/')) return { kind: /^(\.\/|\.\.\/)?[\w.@%+=:,-]/.test(p) && !p.startsWith('$') ? 'scratch' : 'other', what: p, depth: -1 };
  const bare = p.replace(/\/\*$/, '');
  const parts = bare.split('/').filter(Boolean);
  const depth = parts.length;
  if (depth === 0) return { kind: 'root', what: 'the root directory', depth: 0 };
  if (LOGS.test(bare)) return { kind: 'log', what: `the system logs ${p}`, depth };
  if (CLEANED.test(bare)) return { kind: 'scratch', what: p, depth };
  if (systemFileTier(bare)) return { kind: 'system-file', what: `the system file ${p}`, depth, tier: systemFileTier(bare) };
  if (depth === 1 && TOP.has(parts[0]!)) return { kind: 'system', what: `the system directory ${p}`, depth };
  if (SYSTEM_TREES.includes(bare)) return { kind: 'system', what: `the system directory ${p}`, depth };
  // a direct child of a system tree: /etc/nginx, /var/lib/postgresql, /usr/local/lib/x, /opt/app
  const parent = '/' + parts.slice(0, -1).join('/');
  // (not under /home, /srv, /opt, /var/www or /usr/local: those are the owner's own places, installed and removed by hand)
  if (SYSTEM_TREES.includes(parent) && !/^\/(home|srv|opt|var\/www|usr\/local)(\/|$)/.test(parent)) return { kind: 'system', what: `${p} (under ${parent})`, depth };
  return { kind: 'other', what: p, depth };
}

/** Whether a recursive delete (or overwrite) of this path breaks the machine, and how badly. */
export function isSystemLike(c: PathClass): boolean {
  return c.kind === 'root' || c.kind === 'system' || c.kind === 'system-file';
}
