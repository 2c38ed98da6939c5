import { ruleReference as ref, type Ctx, type Hit, type Rule } from '../kit.js';

const isGit = (c: Ctx, verb: string) => c.name === 'git' && c.word(0) === verb;

export const GIT_RULES: Rule[] = [
  {
    id: 'git-clean-force',
    category: 'destructive-delete',
    severity: 'medium',
    reference: ref('git-clean-force'),
    check(c) {
      if (!isGit(c, 'clean') || !c.has('-f', '--force')) return [];
      const x = c.has('-x');
      const tok = c.flagWord('-f', '--force')!;
      return [{ token: tok, message: `\`git clean ${tok.raw}\` permanently deletes untracked files${x ? ' including ignored ones (.env, build caches)' : ''}`, severity: x ? 'high' : undefined }];
    },
  },
  {
    id: 'git-reset-hard',
    category: 'destructive-delete',
    severity: 'medium',
    reference: ref('git-reset-hard'),
    check(c) {
      const hard = isGit(c, 'reset') ? c.flagWord('--hard') : undefined;
      return hard ? [{ token: hard, message: '`--hard` discards uncommitted changes in the work tree and index' }] : [];
    },
  },
  {
    id: 'git-push-force',
    category: 'history-rewrite',
    severity: 'high',
    reference: ref('git-push-force'),
    check(c) {
      if (!isGit(c, 'push')) return [];
      // --force-with-lease alone is the safe form; --force next to it still forces
      const force = c.flagWord('-f', '--force');
      if (force && !(force.value ?? '').startsWith('--force-with-lease'))
        return [{ token: force, message: `\`${force.raw}\` overwrites the remote branch and can discard others' commits; use --force-with-lease` }];
      const plus = c.operands(2).find((a) => /^\+[^+]/.test(a.value ?? ''));
      if (plus) return [{ token: plus, message: `\`${plus.raw}\`: a + refspec force-pushes that branch` }];
      const mirror = c.flagWord('--mirror');
      return mirror ? [{ token: mirror, message: '`--mirror` makes the remote match this repository exactly: branches and tags it lacks are deleted there, others overwritten' }] : [];
    },
  },
  {
    id: 'git-push-delete',
    category: 'publishing',
    severity: 'high',
    reference: ref('git-push-delete'),
    check(c) {
      if (!isGit(c, 'push')) return [];
      const del = c.flagWord('-d', '--delete');
      if (del)
        return [
          {
            token: del,
            message: `\`git push ${del.raw}\` deletes ${
              c
                .operands(2)
                .map((o) => `\`${o.raw}\``)
                .join(', ') || 'refs'
            } on the remote`,
          },
        ];
      const colon = c.operands(2).find((a) => /^:[^:]/.test(a.value ?? ''));
      return colon ? [{ token: colon, message: `\`${colon.raw}\`: an empty source deletes \`${colon.value!.slice(1)}\` on the remote` }] : [];
    },
  },
  {
    id: 'git-history-rewrite',
    category: 'history-rewrite',
    severity: 'high',
    reference: ref('git-history-rewrite'),
    check(c) {
      if (c.name !== 'git') return [];
      const verb = c.word(0);
      const out: Hit[] = [];
      if (verb === 'filter-branch' || verb === 'filter-repo')
        out.push({ token: c.words[0]!, message: `\`git ${verb}\` rewrites every commit it touches: all clones diverge, and what it drops is gone once the originals expire` });
      if (verb === 'update-ref' && c.has('-d')) out.push({ token: c.flagWord('-d')!, message: '`git update-ref -d` deletes the ref without any check (commits only it reached are lost)' });
      if (verb === 'reflog' && c.word(1) === 'expire' && c.args.some((a) => /^--expire(-unreachable)?=(now|all|0)/.test(a.value ?? '')))
        out.push({ token: c.words[1]!, message: '`git reflog expire --expire=now` drops the safety net that lets you recover lost commits' });
      if (verb === 'gc' && c.args.some((a) => /^--prune=(now|all)$/.test(a.value ?? '')))
        out.push({ token: c.args.find((a) => /^--prune=/.test(a.value ?? ''))!, message: '`git gc --prune=now` deletes unreachable commits at once, with no grace period', severity: 'medium' });
      if (verb === 'branch' && c.has('-D') && c.operands(1).some((o) => /^(main|master|trunk|develop|release.*)$/.test(o.value ?? '')))
        out.push({ token: c.flagWord('-D')!, message: '`git branch -D` deletes the branch even when it is not merged', severity: 'medium' });
      return out;
    },
  },
];
