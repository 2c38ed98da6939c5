import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { thisDeveloper } from '../../server/src/feedback/developer.js';
import { Feedback } from '../../server/src/feedback/service.js';
import { readTeamExamples, stagedPaths, teamExamplesFile } from '../../server/src/feedback/team-memory.js';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { conventionalRepo } from '../support/git-fixtures.js';
import { LspClient, serverEnv } from '../support/lsp-client.js';
import { describeWithPostgres, developerHome, freshDatabase, query, waitFor } from '../support/team.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });
const BUFFER = "\n# Please enter the commit message for your changes. Lines starting\n# with '#' will be ignored.\n";

describe('the request format of commit examples', () => {
  it('reads the staged paths the editor and the CLI write', () => {
    expect(stagedPaths('staged: a/b.ts (modified, +1 -2), c d.md (added, +3 -0)\nbranch: x')).toEqual(['a/b.ts', 'c d.md']);
    expect(stagedPaths('staged: a/b.ts, c.md')).toEqual(['a/b.ts', 'c.md']);
    expect(stagedPaths('no list here')).toEqual([]);
  });
});

describeWithPostgres('team memory: one developer corrects, another server proposes with it', (server) => {
  it("a teammate's corrected commit message reaches a second server's offline draft and its model prompt", async () => {
    const url = await freshDatabase(server().url, 'memory');
    const repo = conventionalRepo();
    repo.git('remote', 'add', 'origin', 'git@example.com:acme/shop.git');
    repo.stage({ 'packages/web/src/wishlist.tsx': 'export function Wishlist() {\n  return null;\n}\n' });

    // developer A, in their own editor: a draft for the same kind of change, corrected before committing
    const ada = developerHome('ada@example.com');
    const a = new Feedback({ dir: ada.dir, enabled: () => true, postgresUrl: url, env: ada.env });
    const input = 'staged: packages/web/src/wishlist.tsx (added, +3 -0)';
    a.record({
      v: 1,
      at: new Date().toISOString(),
      type: 'edited',
      proposal: 'a1',
      feature: 'commit',
      source: 'offline',
      kind: 'learned',
      session: 'a',
      repo: 'acme/shop',
      input,
      output: 'feat(web): add Wishlist',
      final: 'feat(web): add the wishlist page',
      distance: 0.4,
    });
    // a developer who opted out is counted, never copied
    const cy = developerHome('cy@example.com');
    const c = new Feedback({ dir: cy.dir, enabled: () => true, postgresUrl: url, env: cy.env, teamContribute: false });
    c.record({
      v: 1,
      at: new Date().toISOString(),
      type: 'edited',
      proposal: 'c1',
      feature: 'commit',
      source: 'offline',
      session: 'c',
      repo: 'acme/shop',
      input,
      output: 'x',
      final: 'feat(web): private wording',
      distance: 0.9,
    });
    await a.shipper!.ship();
    await c.shipper!.ship();
    await a.close();
    await c.close();
    // rows settle before they are pulled (a slower transaction may hold an earlier sequence number)
    await query(url, "UPDATE kibitz_team_events SET received_at = now() - interval '1 minute'");

    // developer B's server: pulls the team's corrections on start, and its commit drafts use them
    const bo = developerHome('bo@example.com');
    const lsp = new LspClient(['--stdio'], serverEnv({ ...bo.env } as Record<string, string>) as Record<string, string>);
    try {
      await lsp.initialize({
        initializationOptions: { feedback: { postgresUrl: url }, model: { baseURL: endpoint.fake.url, chatModel: 'fake-chat', cache: { enable: false } } },
      });
      await waitFor(() => existsSync(teamExamplesFile(bo.dir)));
      expect(readTeamExamples(bo.dir).map((e) => e.output)).toEqual(['feat(web): add the wishlist page']);
      endpoint.fake.reply({ json: { subject: 'feat(web): add a wishlist', body: '' } });
      const uri = `file://${repo.root}/.git/COMMIT_EDITMSG`;
      await lsp.open(uri, 'gitcommit', BUFFER);
      const list: any = await lsp.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 1 } });
      const team = list.items.find((i: any) => i.detail === "kibitz: like your team's corrected commit");
      expect(team?.label).toBe('feat(web): add the wishlist page');
      const prompts = endpoint.fake.chats.map((ch) => JSON.stringify(ch));
      expect(prompts.some((p) => p.includes('feat(web): add the wishlist page'))).toBe(true);
      expect(prompts.some((p) => p.includes('private wording'))).toBe(false);
    } finally {
      await lsp.shutdown();
    }
    // B's drafts went to the store too when the server shut down, under B's hashed id (no name was given)
    const rows = await query<{ n: number; named: number }>(
      url,
      "SELECT count(*)::int AS n, count(developer_name)::int AS named FROM kibitz_team_events WHERE developer = $1 AND type = 'offered' AND feature = 'commit' AND repo = 'acme/shop'",
      [thisDeveloper(undefined, bo.env).id],
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(rows[0]!.named).toBe(0);
    expect(readFileSync(path.join(bo.dir, 'events.jsonl'), 'utf8')).toContain('"repo":"acme/shop"');
  }, 90_000);
});
