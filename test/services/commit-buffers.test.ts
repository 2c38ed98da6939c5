import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/src/config/schema.js';
import { CommitBuffers, CommitCancelled, type CommitHost } from '../../server/src/services/commit-buffers.js';
import { conventionalRepo } from '../support/git-fixtures.js';

/** A host with documents in a map and warnings recorded: no LSP anywhere. */
function host(docs: Map<string, { languageId: string; text: string }>, warnings: string[]): CommitHost {
  return { document: (uri) => docs.get(uri), config: () => defaultConfig(), model: () => undefined, reportModelError: () => undefined, warn: (m) => warnings.push(m) };
}

describe('commit buffers without LSP', () => {
  it('a commit buffer opened in a repository gets offline drafts; a staged secrets file becomes a finding on the first line', async () => {
    const g = conventionalRepo();
    g.stage({ 'packages/api/src/orders.ts': 'export function createOrder() {}\nexport function cancelOrder() {}\n', '.env': 'API_TOKEN=x\n' });
    const uri = `file://${g.root}/.git/COMMIT_EDITMSG`;
    const docs = new Map([[uri, { languageId: 'gitcommit', text: '\n# Please enter the commit message\n' }]]);
    const buffers = new CommitBuffers(host(docs, []));
    expect(buffers.kind(uri, 'gitcommit')).toBe('commit');
    buffers.opened(uri);
    const state = await buffers.state(uri);
    const drafts = await state!.drafts!;
    expect(drafts.drafts.length).toBeGreaterThan(0);
    expect(drafts.drafts[0]!.message).toMatch(/^feat\(api\): /);
    const findings = await buffers.secretFindings(uri);
    expect(findings.map((f) => [f.rule, f.start, f.end])).toEqual([['staged-secret', 0, 0]]);
    buffers.closed(uri);
    expect(buffers.state(uri)).toBeUndefined();
  });

  it('a pull request draft outside a repository warns the user; a cancelled one throws CommitCancelled', async () => {
    const warnings: string[] = [];
    const buffers = new CommitBuffers(host(new Map(), warnings));
    expect(await buffers.draftPullRequest([{ root: mkdtempSync(path.join(tmpdir(), 'kibitz-norepo-')) }])).toBeNull();
    expect(warnings).toEqual(['kibitz: no git repository for this pull request draft.']);
    const g = conventionalRepo();
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(buffers.draftPullRequest([{ root: g.root }], ctrl.signal)).rejects.toBeInstanceOf(CommitCancelled);
  });
});
