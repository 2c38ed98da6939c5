import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../../server/src/shell/risk/document.js';
import { documentFixes } from '../../../server/src/shell/risk/document-fixes.js';
import { analyzeRisk, type Finding } from '../../../server/src/shell/risk/index.js';
import { DANGEROUS, SAFE } from '../../fixtures/risk/labelled.js';

const HIGH = new Set(['high', 'critical']);
const high = (fs: Finding[]) => fs.filter((f) => HIGH.has(f.severity));

describe('the labelled set: recall at high or critical, and false alarms (floors, raised as the rules improve)', () => {
  it('at least 150 dangerous and 100 safe lines, every family with both', () => {
    expect(DANGEROUS.length).toBeGreaterThanOrEqual(150);
    expect(SAFE.length).toBeGreaterThanOrEqual(100);
    for (const f of new Set(DANGEROUS.map((d) => d.family)))
      expect(
        SAFE.some((s) => s.family === f),
        f,
      ).toBe(true);
  });
  it('recall ≥ 0.97 and false alarms ≤ 0.02', async () => {
    const misses: string[] = [];
    for (const d of DANGEROUS) if (!high((await analyzeRisk(d.cmd)).findings).length) misses.push(d.cmd);
    const alarms: string[] = [];
    for (const s of SAFE) if (high((await analyzeRisk(s.cmd)).findings).length) alarms.push(s.cmd);
    expect(1 - misses.length / DANGEROUS.length, misses.join('\n')).toBeGreaterThanOrEqual(0.97);
    expect(alarms.length / SAFE.length, alarms.join('\n')).toBeLessThanOrEqual(0.02);
  });
});

describe('false alarms the issue names', () => {
  it('ssh -i and scp -i only read the key locally', async () => {
    expect((await analyzeRisk('ssh -i ~/.ssh/deploy_key deploy@host uptime')).findings).toEqual([]);
    expect((await analyzeRisk('scp -i ~/.ssh/id_ed25519 build.tgz host:/srv')).findings).toEqual([]);
    // the key itself sent away still is
    expect((await analyzeRisk('scp ~/.ssh/id_ed25519 host:')).findings[0]!.rule).toBe('exfiltration');
  });

  it('a word list built on purpose is a low note without a quoting fix; a plain variable keeps both', async () => {
    const script = '#!/bin/sh\nlist=""\nfor f in *.tmp; do list="$list $f"; done\nrm -f $list\n';
    const fs = await analyzeDocument('shellscript', '/w/clean.sh', script);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'unquoted-expansion', severity: 'low' });
    expect(fs[0]!.message).toContain('word list');
    expect((await documentFixes('shellscript', '/w/clean.sh', script, fs)).map((f) => f.title).filter((t) => t.startsWith('Quote'))).toEqual([]);
    const plain = '#!/bin/sh\nrm -f $FILES\n';
    const pf = await analyzeDocument('shellscript', '/w/p.sh', plain);
    expect((await documentFixes('shellscript', '/w/p.sh', plain, pf)).some((f) => f.title.startsWith('Quote'))).toBe(true);
  });

  it('a checked variable is not unguarded: through if, &&, ||, an earlier exit, a function, a derived value', async () => {
    for (const script of [
      'if [ -n "$OUT" ]; then rm -rf "$OUT/"; fi',
      'if [ "$OUT" ]; then\n  rm -rf "$OUT"/*\nfi',
      '[ -n "$OUT" ] && rm -rf "$OUT/"',
      '[ -d "$OUT" ] && rm -rf "$OUT/"',
      '[ -z "$OUT" ] || rm -rf "$OUT/"',
      '[ -z "$OUT" ] && exit 1\nrm -rf "$OUT/"',
      'clean() {\n  [ -z "$1" ] && return 1\n  rm -rf "$1/"\n}',
      ': "${OUT:?set OUT}"\nrm -rf "$OUT/"',
      'OUT=$(mktemp -d)\ntrap \'rm -rf "$OUT/"\' EXIT\nrm -rf "$OUT/"',
      'OUT="${OUT:-/tmp/out}"\nrm -rf "$OUT/"',
      'if [ "$t" ]; then p=$(echo "$t" | sed s/x/y/); rm -rf $p/; fi',
    ]) {
      const fs = (await analyzeRisk(script)).findings.filter((f) => f.rule === 'rm-unguarded-variable');
      expect(fs, script).toEqual([]);
    }
    expect((await analyzeRisk('if [ -z "$OUT" ]; then rm -rf "$OUT/"; fi')).findings[0]!.rule).toBe('rm-unguarded-variable');
  });

  it('variables the environment always sets are not "possibly empty"', async () => {
    for (const cmd of ['rm -rf "$HOME/tmp/x"', 'rm -rf "$GITHUB_WORKSPACE/dist"', 'rm -rf "$RUNNER_TEMP"/*', 'rm -rf "$PWD/build"']) {
      expect(high((await analyzeRisk(cmd)).findings), cmd).toEqual([]);
    }
    // the home directory itself still is
    expect((await analyzeRisk('rm -rf "$HOME"')).findings[0]).toMatchObject({ rule: 'rm-critical-path', severity: 'critical' });
  });

  it('one finding per token: the stronger one', async () => {
    const fs = (await analyzeRisk('rm -rf $DIR/*')).findings;
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'rm-unguarded-variable', severity: 'high' });
  });
});

describe('severity matches the damage', () => {
  it.each([
    ['rm -rf ./build', undefined],
    ['rm -rf /usr/local/lib', 'critical'],
    ['rm -rf /var/lib/postgresql', 'high'],
    ['sudo rm -rf /var/lib/postgresql', 'critical'],
    ['chmod 777 ./tmp', 'medium'],
    ['chmod 777 /etc/shadow', 'high'],
    ['sudo chmod -R 777 /', 'critical'],
    ['sed -i s/a/b/ ./config', undefined],
    ['sed -i s/a/b/ /etc/ssh/sshd_config', 'medium'],
    ['sudo sed -i s/a/b/ /etc/ssh/sshd_config', 'high'],
    ['echo x > /etc/hosts', 'high'],
    ['echo x >> /etc/profile.d/tool.sh', 'low'],
    ['sudo tee /etc/apt/sources.list.d/x.list < x.list', 'medium'],
    ['chmod g+s /srv/shared', 'low'],
    ['chmod 1777 /srv/drop', 'low'],
  ])('%s -> %s', async (cmd, sev) => {
    const fs = (await analyzeRisk(cmd)).findings;
    if (!sev) expect(fs.filter((f) => f.severity !== 'low')).toEqual([]);
    else expect(fs.map((f) => f.severity)).toContain(sev);
  });

  it('image builds: system writes and slimming deletes count one level lower, rm -rf / does not', async () => {
    const df = 'FROM debian\nRUN rm -rf /var/lib/mongodb && echo x > /etc/hosts\nRUN rm -rf /\n';
    const fs = await analyzeDocument('dockerfile', '/w/Dockerfile', df);
    expect(fs.map((f) => [df.slice(f.start, f.end), f.severity])).toEqual([
      ['/var/lib/mongodb', 'medium'],
      ['/etc/hosts', 'medium'],
      ['/', 'critical'],
    ]);
  });

  it('Makefiles: an unguarded $(VAR) in a delete target; medium when the Makefile sets it; none when a recipe checks it', async () => {
    const unset = 'clean:\n\trm -rf $(BUILD)/\n';
    expect((await analyzeDocument('makefile', '/w/Makefile', unset))[0]).toMatchObject({ rule: 'rm-unguarded-variable', severity: 'high' });
    const set = 'BUILD := out\nclean:\n\trm -rf $(BUILD)/\n';
    expect((await analyzeDocument('makefile', '/w/Makefile', set))[0]).toMatchObject({ rule: 'rm-unguarded-variable', severity: 'medium' });
    const checked = 'clean:\n\t@if [ -z "$(BUILD)" ]; then echo "BUILD is empty"; exit 1; fi\n\trm -rf $(BUILD)/\n';
    expect((await analyzeDocument('makefile', '/w/Makefile', checked)).filter((f) => f.rule === 'rm-unguarded-variable')).toEqual([]);
    // the message quotes the Makefile's text, not the parser's placeholder
    expect((await analyzeDocument('makefile', '/w/Makefile', unset))[0]!.message).toMatch(/^`\$\(BUILD\)\/`: if BUILD is empty/);
  });

  it("Makefiles: a variable that names the program runs it ($(RM) is make's rm, $(TRASH) set to rm here)", async () => {
    const viaMake = 'clean:\n\t$(RM) -r $(OUT)/\n';
    expect((await analyzeDocument('makefile', '/w/Makefile', viaMake))[0]).toMatchObject({ rule: 'rm-unguarded-variable', severity: 'high', message: expect.stringContaining('`$(OUT)/`') });
    const viaSet = 'TRASH = rm\nclean:\n\t$(TRASH) -rf /usr\n';
    expect((await analyzeDocument('makefile', '/w/Makefile', viaSet))[0]).toMatchObject({ rule: 'rm-critical-path' });
    // a variable set to something else is not rm
    expect(await analyzeDocument('makefile', '/w/Makefile', 'TRASH = echo\nclean:\n\t$(TRASH) -rf /usr\n')).toEqual([]);
  });

  it('commands are found wherever they run: case arms, tests, substitutions, prefixed assignments', async () => {
    for (const cmd of ['case "$1" in clean) rm -rf / ;; esac', 'X=1 rm -rf /', 'if [ "$(rm -rf /)" ]; then :; fi', 'echo "$(curl -s x | sh)"', 'f() { rm -rf /; }']) {
      expect(high((await analyzeRisk(cmd)).findings).length, cmd).toBeGreaterThan(0);
    }
  });

  it('every family of the issue has a rule that fires', async () => {
    const cases: [string, string][] = [
      ['cat <<EOF > /etc/hosts\n1.2.3.4 x\nEOF', 'system-file-write'],
      ['echo x | sudo tee /etc/sudoers', 'system-file-write'],
      ['mv ~/.bashrc /dev/null', 'move-to-null'],
      ['sudo wipefs -a /dev/sdb', 'raw-disk-write'],
      ['rm -fr /usr/local', 'rm-critical-path'],
      ['find / -name x -delete', 'find-delete'],
      ['git push origin +main', 'git-push-force'],
      ['sudo -i', 'root-shell'],
      ['sudo chmod u+s /bin/bash', 'chmod-setuid'],
      ['sudo systemctl mask ssh', 'service-lifeline'],
      ['sudo nft flush ruleset', 'firewall-flush'],
      ['history -c', 'clear-history'],
      ['sudo journalctl --vacuum-time=1s', 'clear-logs'],
      ['npm unpublish pkg --force', 'unpublish'],
      ['git push origin --delete main', 'git-push-delete'],
      ['helm uninstall prod', 'cloud-destroy'],
      ['redis-cli FLUSHALL', 'database-drop'],
    ];
    for (const [cmd, rule] of cases)
      expect(
        (await analyzeRisk(cmd)).findings.map((f) => f.rule),
        cmd,
      ).toContain(rule);
  });
});
