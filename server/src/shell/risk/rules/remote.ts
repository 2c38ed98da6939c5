import type { SimpleCommand } from '../model.js';
import { ruleReference as ref, type Hit, type Rule } from '../kit.js';

const NET = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'scp', 'rsync', 'sftp', 'ftp', 'telnet', 'ssh', 'http', 'https', 'xh']);
const SHELL_SINKS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'python', 'python3', 'perl', 'ruby', 'node', 'php', 'fish', 'source', '.', 'eval', 'pwsh']);
const SECRETS =
  /(^|\/)(\.ssh\/(?!.*\.pub$|known_hosts|config$)|\.aws\/|\.gnupg\/|\.kube\/config|\.docker\/config\.json|\.netrc|\.git-credentials|\.config\/gcloud\/|\.ssh$|\.aws$|\.gnupg$)|\/etc\/shadow$|(^|\/)id_(rsa|ed25519|ecdsa|dsa)$/;
/** Options whose file is read locally and never sent: ssh/scp identity files and configs, client certificates. */
const SSH_LOCAL = ['-i', '-F', '-o', '-S', '-E'];
const LOCAL_FILE_OPTIONS: Record<string, string[]> = {
  ssh: SSH_LOCAL,
  scp: SSH_LOCAL,
  sftp: SSH_LOCAL,
  rsync: ['-e', '--rsh'],
  curl: ['--cacert', '--cert', '-E', '--key', '--config', '-K', '--capath', '-o', '--output'],
  wget: ['--ca-certificate', '--certificate', '--private-key', '-O', '--output-document'],
};

function chainNames(c: SimpleCommand | undefined): string[] {
  const out: string[] = [];
  for (let cur = c; cur; cur = cur.pipedFrom) out.push(cur.name);
  return out;
}

const DB_CLIENTS = new Set(['psql', 'mysql', 'mariadb', 'sqlite3', 'cockroach', 'sqlcmd', 'clickhouse-client', 'duckdb']);
const DROP_SQL = /\b(DROP\s+(DATABASE|SCHEMA|TABLE|OWNED)|TRUNCATE(\s+TABLE)?\s+\w|DELETE\s+FROM\s+\w+\s*(;|$|")(?![\s\S]*WHERE))/i;

export const REMOTE_RULES: Rule[] = [
  {
    id: 'pipe-to-shell',
    category: 'remote-code',
    severity: 'critical',
    reference: ref('pipe-to-shell'),
    check(c) {
      if (!SHELL_SINKS.has(c.name) || !c.cmd.pipedFrom) return [];
      // `sh -c "..."` or `sh script.sh` read their code from the argument; `sh`, `sh -s`, `python3 -` from the pipe
      if (c.args.some((a) => /^-\w*c$/.test(a.value ?? ''))) return [];
      const first = c.operands()[0]?.value;
      const fromStdin = c.args.some((a) => /^-\w*s$/.test(a.value ?? '')) || first === undefined || first === '-' || first === '/dev/stdin';
      if (!fromStdin) return [];
      const src = chainNames(c.cmd.pipedFrom);
      if (src.some((n) => n === 'curl' || n === 'wget' || n === 'fetch' || n === 'http' || n === 'xh'))
        return [{ token: c.cmd.nameWord, message: `downloaded content is piped straight into \`${c.cmd.nameWord.raw}\` and executed unseen` }];
      if (src.includes('base64') || src.includes('xxd') || src.includes('openssl'))
        return [{ token: c.cmd.nameWord, message: `decoded data is piped into \`${c.cmd.nameWord.raw}\` and executed (a common way to hide a payload)`, severity: 'high' }];
      return [];
    },
  },
  {
    id: 'exfiltration',
    category: 'exfiltration',
    severity: 'high',
    reference: ref('exfiltration'),
    check(c) {
      const out: Hit[] = [];
      if (NET.has(c.name)) {
        const localOptions = LOCAL_FILE_OPTIONS[c.name] ?? [];
        const local = new Set(c.argsOf(...localOptions).map((w) => w.start));
        for (const a of c.args) {
          if (local.has(a.start) || localOptions.includes(a.value ?? '') || /^-[io]\S/.test(a.value ?? '')) continue;
          const val = (a.value ?? a.raw).replace(/^@/, '');
          const payload = val.replace(/^[^=]*=[@<]?/, '');
          if (SECRETS.test(val) || SECRETS.test(payload)) out.push({ token: a, message: `\`${a.raw}\` sends credentials (${payload}) over the network with ${c.name}` });
        }
        for (let up = c.cmd.pipedFrom; up; up = up.pipedFrom) {
          const secret = up.args.find((a) => SECRETS.test(a.value ?? a.raw));
          if (secret) out.push({ token: secret, message: `\`${secret.raw}\` is read and piped to \`${c.name}\`, sending credentials over the network` });
        }
        if (c.cmd.pipedFrom && ['env', 'printenv', 'set', 'export'].includes(chainNames(c.cmd.pipedFrom).at(-1) ?? '') && chainNames(c.cmd.pipedFrom).length === 1)
          out.push({ token: c.cmd.nameWord, message: `the environment (API keys, tokens) is piped to \`${c.name}\`` });
      }
      return out;
    },
  },
  {
    id: 'reverse-shell',
    category: 'exfiltration',
    severity: 'critical',
    reference: ref('reverse-shell'),
    check(c) {
      const out: Hit[] = [];
      for (const r of c.cmd.redirects)
        if (r.target && /^\/dev\/(tcp|udp)\//.test(r.target.value ?? r.target.raw))
          out.push({ token: r.target, message: `\`${r.target.raw}\` opens a network connection from the shell (reverse shell / exfiltration)` });
      if (/^(nc|ncat|netcat)$/.test(c.name)) {
        const e = c.args.find((a) => /^(-e|-c|--exec|--sh-exec|--lua-exec)$/.test(a.value ?? ''));
        if (e) out.push({ token: e, message: `\`${c.name} ${e.raw}\` hands a shell to whoever is at the other end` });
      }
      if (c.name === 'socat' && c.args.some((a) => /exec:|system:/i.test(a.value ?? '')) && c.args.some((a) => /tcp/i.test(a.value ?? '')))
        out.push({ token: c.cmd.nameWord, message: '`socat` connects a shell to a network socket' });
      return out;
    },
  },
  {
    id: 'unpublish',
    category: 'publishing',
    severity: 'high',
    reference: ref('unpublish'),
    check(c) {
      if (!/^(npm|pnpm|yarn|cargo|gem|gh|docker)$/.test(c.name)) return [];
      const v0 = c.word(0) ?? '';
      if (c.name === 'npm' || c.name === 'pnpm' || c.name === 'yarn') {
        if (v0 === 'unpublish') return [{ token: c.words[0]!, message: `\`${c.name} unpublish\` removes published versions: everyone who depends on them breaks` }];
        if (v0 === 'publish' && c.has('--force', '-f')) return [{ token: c.flagWord('--force', '-f')!, message: "`publish --force` overrides the registry's safety checks" }];
      }
      if ((c.name === 'cargo' || c.name === 'gem') && v0 === 'yank') return [{ token: c.words[0]!, message: `\`${c.name} yank\` withdraws a published version` }];
      if (c.name === 'gh' && /^(release|repo)$/.test(v0) && c.word(1) === 'delete')
        return [
          {
            token: c.words[1]!,
            message: `\`gh ${v0} delete\` deletes the ${v0} on GitHub${v0 === 'repo' ? ' with its issues, pull requests and history' : ''}`,
            severity: v0 === 'repo' ? 'critical' : undefined,
          },
        ];
      if (c.name === 'docker' && v0 === 'push' && c.has('--force', '-f')) return [{ token: c.flagWord('--force', '-f')!, message: '`docker push --force` overwrites a published tag' }];
      return [];
    },
  },
  {
    id: 'cloud-destroy',
    category: 'cloud',
    severity: 'high',
    reference: ref('cloud-destroy'),
    check(c) {
      if (!/^(terraform|tofu|terragrunt|kubectl|helm|aws|gcloud|az|doctl|docker|podman)$/.test(c.name)) return [];
      const w = c.words.map((x) => x.value ?? '');
      const tok = (i: number) => c.words[i] ?? c.cmd.nameWord;
      if ((c.name === 'terraform' || c.name === 'tofu' || c.name === 'terragrunt') && w[0] === 'destroy')
        return [{ token: tok(0), message: `\`${c.name} destroy\` deletes every resource in the state` }];
      if ((c.name === 'terraform' || c.name === 'tofu') && w[0] === 'apply' && c.args.some((a) => a.value === '-destroy'))
        return [{ token: c.args.find((a) => a.value === '-destroy')!, message: '`apply -destroy` deletes every resource in the state' }];
      if (c.name === 'kubectl' && w[0] === 'delete') {
        const kind = w[1] ?? '';
        if (/^(namespaces?|ns|all|pv|pvc|persistentvolumes?|persistentvolumeclaims?|nodes?|crd|customresourcedefinitions?)$/.test(kind) || c.has('--all', '-A', '--all-namespaces'))
          return [{ token: tok(1), message: `\`kubectl delete ${kind}${c.has('--all') ? ' --all' : ''}\` deletes everything in it` }];
      }
      if (c.name === 'helm' && /^(uninstall|delete|del|un)$/.test(w[0] ?? '')) return [{ token: tok(0), message: `\`helm ${w[0]}\` removes the release and the resources it created` }];
      if (c.name === 'aws') {
        if (w[0] === 's3' && ['rm', 'rb'].includes(w[1] ?? '') && c.has('--recursive', '--force'))
          return [{ token: tok(1), message: `\`aws s3 ${w[1]}\` with --recursive/--force deletes every object` }];
        const op = w.find((x, i) => i > 0 && /^(delete|terminate|remove|purge|deregister)-/.test(x));
        if (op) return [{ token: c.words[w.indexOf(op)]!, message: `\`aws ${w[0]} ${op}\` deletes cloud resources` }];
      }
      if ((c.name === 'gcloud' || c.name === 'az') && w.includes('delete'))
        return [
          {
            token: c.words[w.indexOf('delete')]!,
            message: `\`${c.name} ${w.slice(0, w.indexOf('delete') + 1).join(' ')}\` deletes cloud resources`,
            severity: w[0] === 'projects' || w[0] === 'group' ? 'critical' : undefined,
          },
        ];
      if (c.name === 'doctl' && w.includes('delete')) return [{ token: c.words[w.indexOf('delete')]!, message: '`doctl ... delete` deletes cloud resources' }];
      if (c.name === 'docker' || c.name === 'podman') {
        if (w[0] === 'system' && w[1] === 'prune' && c.has('--volumes')) return [{ token: c.flagWord('--volumes')!, message: `\`${c.name} system prune --volumes\` deletes data volumes` }];
        if (w[0] === 'volume' && /^(rm|prune)$/.test(w[1] ?? '') && (w[1] === 'prune' ? c.has('-a', '--all') || c.has('-f', '--force') : c.args.some((a) => /\$\(/.test(a.raw))))
          return [{ token: tok(1), message: `\`${c.name} volume ${w[1]}\` deletes data volumes` }];
      }
      return [];
    },
  },
  {
    id: 'database-drop',
    category: 'cloud',
    severity: 'high',
    reference: ref('database-drop'),
    check(c) {
      if (DB_CLIENTS.has(c.name)) {
        const sql = c.args.find((a) => DROP_SQL.test(a.value ?? a.raw));
        if (sql) return [{ token: sql, message: `${sql.raw.slice(0, 60)} deletes data permanently` }];
        for (const r of c.cmd.redirects) if (r.target && DROP_SQL.test(r.target.raw)) return [{ token: r.target, message: 'the SQL fed in drops data permanently' }];
      }
      if (c.name === 'dropdb' && c.operands().length)
        return [
          {
            token: c.cmd.nameWord,
            message: `\`dropdb\` deletes the database ${c
              .operands()
              .map((o) => o.raw)
              .join(' ')}`,
          },
        ];
      if (c.name === 'redis-cli' && c.words.some((w) => /^flush(all|db)$/i.test(w.value ?? '')))
        return [{ token: c.words.find((w) => /^flush/i.test(w.value ?? ''))!, message: `\`${c.words.find((w) => /^flush/i.test(w.value ?? ''))!.raw}\` deletes every key` }];
      if (/^(mongo|mongosh)$/.test(c.name) && c.args.some((a) => /\.drop(Database)?\(\)|deleteMany\(\s*\{\s*\}\s*\)/.test(a.value ?? a.raw)))
        return [{ token: c.args.find((a) => /drop|deleteMany/.test(a.raw))!, message: 'drops MongoDB data permanently' }];
      return [];
    },
  },
];
