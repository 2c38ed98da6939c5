import { beforeAll, describe, expect, it } from 'vitest';
import { gradeAll } from '../../../eval/explain-grade.js';
import { defaultConfig } from '../../../server/src/config/schema.js';
import { Explainer } from '../../../server/src/shell/explain/index.js';
import { ManPages } from '../../../server/src/shell/manpages/index.js';
import { initParser } from '../../../server/src/shell/parse.js';
import { gradedSet } from '../../fixtures/explain/graded.js';
import { systemPages } from '../../support/system.js';

// The graded set names pages of a Debian machine with man-db; .ci/run installs the packages that carry them.
const PAGES = systemPages('tar', 'git-push', 'ssh', 'jq', 'journalctl', 'apt-get', 'ip', 'tmux', 'mount', 'unzip');

describe.skipIf(!PAGES)('graded set: the floor on explanation accuracy (raise it as it improves)', () => {
  beforeAll(async () => {
    await initParser();
  });

  it('at least 200 command lines, every token graded', () => {
    const set = gradedSet();
    expect(set.length).toBeGreaterThanOrEqual(200);
    for (const g of set) {
      expect(g.tokens.length, g.cmd).toBeGreaterThan(0);
      for (const t of g.tokens) expect(t.kind && t.page, `${g.cmd} :: ${t.text}`).toBeTruthy();
    }
  });

  it('token accuracy (kind, binding, cited page) ≥ 98%, tokens with a source ≥ 98%', async () => {
    const cfg = defaultConfig();
    const explainer = new Explainer(new ManPages({ manpath: ['/usr/share/man'], useManCommand: false }));
    const r = await gradeAll(gradedSet(), explainer, cfg.dashlessBundles);
    const accuracy = r.correct / r.tokens;
    expect(accuracy, r.failures.join('\n')).toBeGreaterThanOrEqual(0.98);
    expect(r.withSource / r.tokens).toBeGreaterThanOrEqual(0.98);
  });
});
