import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { suggest } from '../../server/src/assist/generate-command.js';
import { resolveModel } from '../../server/src/config/model-settings.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { Feedback, examplesFile } from '../../server/src/feedback/service.js';
import { teamExamplesFile } from '../../server/src/feedback/team-memory.js';
import { ModelClient } from '../../server/src/model/client.js';
import { Retrieval } from '../../server/src/retrieval/service.js';
import { Explainer } from '../../server/src/shell/explain/index.js';
import { DEFAULT_POLICY } from '../../server/src/shell/risk/index.js';
import { lastUser, useFakeOpenAI } from '../support/fake-openai.js';
import { FIXTURE_MAN, fixtureManPages } from '../support/fixtures.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });

describe('few-shot memory', () => {
  it('a corrected proposal becomes an example that later prompts retrieve', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-mem-'));
    const fb = new Feedback({ dir, enabled: () => true });
    const id = fb.tracker.offer({
      feature: 'code-action',
      source: 'model',
      kind: 'generate-command',
      input: "archive the logs folder with today's date",
      output: 'tar -czf logs.tgz logs',
      uri: 'u',
      at: 0,
    });
    fb.tracker.accept(id, 'u', 'tar -czf logs.tgz logs\n');
    fb.tracker.change('u', [{ start: 9, end: 17, text: 'logs-$(date +%F).tgz' }]);
    fb.tracker.finalize('u', 'tar -czf logs-$(date +%F).tgz logs\n');
    const example = JSON.parse(readFileSync(examplesFile(dir), 'utf8').trim());
    expect(example).toMatchObject({ kind: 'generate-command', input: "archive the logs folder with today's date", output: 'tar -czf logs-$(date +%F).tgz logs', accepted: true });

    const retrieval = new Retrieval({ cacheDir: mkdtempSync(path.join(tmpdir(), 'kibitz-memc-')), manpath: [FIXTURE_MAN], feedbackFile: examplesFile(dir) });
    const model = new ModelClient(resolveModel({ ...defaultConfig().model, baseURL: endpoint.fake.url, chatModel: 'm', cache: { enable: false, maxEntries: 1 } }, {})!);
    endpoint.fake.reply({ json: { command: 'tar -czf src-$(date +%F).tgz src', summary: 'Archive src.' } });
    await suggest('archive the src folder', { model, explainer: new Explainer(fixtureManPages()), policy: DEFAULT_POLICY, dashlessBundles: ['tar'], customActions: [], retrieval });
    const prompt = lastUser(endpoint.fake.chats[0]!);
    expect(prompt).toContain('Earlier requests and the answer the user kept');
    expect(prompt).toContain('tar -czf logs-$(date +%F).tgz logs');
  });

  it("the team's corrections pulled beside the local examples reach the prompt too", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-teammem-'));
    writeFileSync(
      teamExamplesFile(dir),
      JSON.stringify({
        id: 'team-1',
        kind: 'generate-command',
        feature: 'code-action',
        input: 'back up the database every night',
        output: 'pg_dump -Fc shop > shop-$(date +%F).dump',
        accepted: true,
        team: true,
      }) + '\n',
    );
    const retrieval = new Retrieval({ cacheDir: mkdtempSync(path.join(tmpdir(), 'kibitz-teamc-')), manpath: [FIXTURE_MAN], feedbackFile: examplesFile(dir) });
    const model = new ModelClient(resolveModel({ ...defaultConfig().model, baseURL: endpoint.fake.url, chatModel: 'm', cache: { enable: false, maxEntries: 1 } }, {})!);
    endpoint.fake.reply({ json: { command: 'pg_dump -Fc shop > shop.dump', summary: 'Dump the database.' } });
    await suggest('back up the database', { model, explainer: new Explainer(fixtureManPages()), policy: DEFAULT_POLICY, dashlessBundles: ['tar'], customActions: [], retrieval });
    expect(lastUser(endpoint.fake.chats[0]!)).toContain('pg_dump -Fc shop > shop-$(date +%F).dump');
  });

  it('turned off, nothing is written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-off-'));
    const fb = new Feedback({ dir, enabled: () => false });
    fb.tracker.offer({ feature: 'hover', source: 'offline' });
    expect(fb.log.read()).toEqual([]);
  });
});
