import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Frame } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../server/src/feedback/log.js';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { ROOT, serverEnv } from '../support/lsp-client.js';
import { requiredInCi } from '../support/system.js';
import { chromiumBin, codeServerBin, packageVsix, startCodeServer, type CodeServer } from './vscode/code-server.js';
import { Workbench } from './vscode/workbench.js';
import { editorWorkspace, SCRIPT } from './workspace.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });
// .ci/run installs Debian chromium and code-server (scripts/install-code-server.sh)
const present = requiredInCi(!!codeServerBin() && !!chromiumBin(), 'code-server (scripts/install-code-server.sh) and Debian chromium');
const SHOTS = path.join(ROOT, 'test-results/vscode');
const serverLog = path.join(mkdtempSync(path.join(tmpdir(), 'kibitz-vscode-log-')), 'server.log');
const tail = (file: string) => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
};

/**
 * The VS Code extension in a real VS Code (code-server, driven in headless Chromium): one session, steps in the
 * order a person would take them; each `it` checks what one step showed.
 */
describe.skipIf(!present)('VS Code (code-server) with the packaged extension', () => {
  const seen: Record<string, any> = {};
  let server: CodeServer;
  let browser: Browser;
  let root: string;
  const t0 = Date.now();
  const env = serverEnv();

  beforeAll(async () => {
    const g = editorWorkspace();
    root = g.root;
    // a repository must not be able to point the extension at a model endpoint
    mkdirSync(path.join(root, '.vscode'));
    writeFileSync(path.join(root, '.vscode/settings.json'), JSON.stringify({ 'kibitz.model.baseURL': endpoint.fake.url, 'kibitz.model.chatModel': 'fake-chat' }));
    const vsix = packageVsix(mkdtempSync(path.join(tmpdir(), 'kibitz-vsix-')));
    server = await startCodeServer(
      vsix,
      {
        'workbench.startupEditor': 'none',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'git.openRepositoryInParentFolders': 'always',
        'editor.hover.delay': 200,
        'kibitz.logLevel': 'debug',
      },
      { ...env, KIBITZ_LOG_FILE: serverLog },
    );
    browser = await chromium.launch({ executablePath: chromiumBin(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const wb = new Workbench(page, SHOTS, () => `kibitz server log (end):\n${tail(serverLog)}`);
    await wb.step('open-workspace', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(root)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await wb.openFile('deploy.sh');
    });
    seen.hover = await wb.step('hover', async () => {
      const text = await wb.hover('tar -xzf', '-xzf', 60_000);
      if (!text) throw new Error('no hover widget on -xzf');
      return text;
    });
    seen.problems = await wb.step('problems', () => wb.problems('--force'));
    await wb.step('quick-fix', async () => {
      seen.actions = await wb.codeActions('git push', '--force');
      await wb.pickAction('Use --force-with-lease instead of --force');
      await wb.editorLine('--force-with-lease').first().waitFor();
      seen.afterFix = await wb.saveAndRead(path.join(root, 'deploy.sh'), (t) => t.includes('--force-with-lease'));
    });
    await wb.step('explain', async () => {
      seen.explainActions = await wb.codeActions('tar -xzf', 'tar');
      await wb.pickAction('Explain this command');
      await wb.editorLine('# ').first().waitFor();
      seen.afterExplain = await wb.saveAndRead(path.join(root, 'deploy.sh'), (t) => t.includes('\n# '));
    });
    await wb.step('source-control', async () => {
      await page.keyboard.press('Control+Shift+G');
      const input = page.locator('.scm-editor .monaco-editor').first();
      await input.waitFor({ timeout: 20_000 });
      await input.click();
      seen.scm = await wb.suggestions(/^docs/);
      await page.keyboard.press('Escape');
    });
    await wb.step('settings', async () => {
      await page.keyboard.press('Control+,');
      const search = page.locator('.settings-header .monaco-editor').first();
      await search.waitFor({ timeout: 20_000 });
      await search.click();
      await page.keyboard.type('kibitz.hover.enable');
      const box = page.locator('.setting-item-contents', { hasText: 'Explain shell snippets on hover' }).locator('.setting-value-checkbox').first();
      await box.waitFor({ timeout: 20_000 });
      await box.click();
      // the Settings editor writes the user settings file (debounced): wait for it before closing
      for (const t1 = Date.now(); Date.now() - t1 < 15_000; await page.waitForTimeout(200)) {
        seen.userSettings = JSON.parse(readFileSync(server.userSettings, 'utf8'));
        if (seen.userSettings['kibitz.hover.enable'] === false) break;
      }
      // the Settings editor may open as a modal: close it, back to the script
      await page.locator('.settings-editor').first().press('Escape');
      await page.keyboard.press('Escape');
      await wb.openFile('deploy.sh');
      // the server reads the changed setting (workspace/configuration) and stops explaining
      for (let i = 0; i < 10; i++) {
        seen.hoverOff = await wb.hover('tar -xzf', '-xzf', 2000);
        if (!/tar\(1\)/.test(seen.hoverOff)) break;
      }
    });
    await wb.step('ask', async () => {
      await wb.command('kibitz: Ask the docs');
      await page.locator('.quick-input-widget', { hasText: "Ask this workspace's docs" }).waitFor();
      await page.keyboard.type('how do I rollback a deploy?');
      await page.keyboard.press('Enter');
      // the Markdown preview is a webview: find the frame that shows the answer
      let frame: Frame | undefined;
      for (const t1 = Date.now(); !frame && Date.now() - t1 < 30_000; await page.waitForTimeout(250)) {
        for (const f of page.frames())
          if (
            await f
              .locator('body', { hasText: 'Push the previous tag.' })
              .count()
              .catch(() => 0)
          )
            frame = f;
      }
      if (!frame) throw new Error('no Markdown preview with the answer');
      seen.answer = await frame.locator('body').innerText();
      // the toast asks whether it helped
      await page
        .locator('.notifications-toasts .monaco-button', { hasText: /^Helpful$/ })
        .first()
        .click();
      for (const t1 = Date.now(); Date.now() - t1 < 10_000; await page.waitForTimeout(200)) {
        seen.askEvents = new EventLog(env.KIBITZ_STATE_DIR!)
          .read()
          .filter((e) => e.feature === 'ask')
          .map((e) => e.type);
        if (seen.askEvents.includes('accepted')) break;
      }
      await frame.locator('a', { hasText: 'docs/deploy.md:7' }).first().click();
      // VS Code opens a Markdown file linked from a preview in its own preview (markdown.preview.openMarkdownLinks)
      await page.locator('.tab.active', { hasText: 'deploy.md' }).waitFor();
      seen.afterCitation = (await page.locator('.tab.active').innerText()).trim();
    });
    seen.modelRequests = endpoint.fake.requests.length;
    seen.wallSeconds = (Date.now() - t0) / 1000;
    console.log(`VS Code test: ${seen.wallSeconds.toFixed(1)} s\nhover widget:\n${seen.hover}\nsource control suggestions:\n${(seen.scm as string[]).join('\n')}`);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the hover widget on -xzf shows tar(1) and where in the man page it comes from', () => {
    expect(seen.hover).toMatch(/-x, --extract/);
    expect(seen.hover).toMatch(/tar\(1\) .*tar\.1(\.gz)? OPTIONS, lines \d+–\d+/);
  });

  it('the risk diagnostic is in the Problems panel', () => {
    expect(seen.problems).toContain('--force');
    expect(seen.problems).toContain('git-push-force');
  });

  it('the quick fix from the light bulb changes the file as offered', () => {
    expect(seen.actions).toContain('Use --force-with-lease instead of --force');
    expect(seen.afterFix).toBe(SCRIPT.replace('git push --force origin', 'git push --force-with-lease origin'));
  });

  it('"Explain this command" writes a comment above the command', () => {
    expect(seen.explainActions).toContain('Explain this command (as a comment above it)');
    const lines = (seen.afterExplain as string).split('\n');
    const tar = lines.findIndex((l) => l.startsWith('tar -xzf'));
    const comment = lines.slice(lines.indexOf('set -eu') + 1, tar);
    expect(comment.length).toBeGreaterThan(0);
    expect(comment.every((l) => l.startsWith('#'))).toBe(true);
    expect(comment[0]).toMatch(/^# tar — an archiving utility/);
    expect(comment.join('\n')).toContain('-x: Extract files from an archive.');
  });

  it('the Source Control input box offers a commit draft for the staged change', () => {
    expect(seen.scm.some((s: string) => /^docs(\([^)]*\))?: /.test(s))).toBe(true);
  });

  it('a setting changed in the Settings editor takes effect', () => {
    expect(seen.userSettings['kibitz.hover.enable']).toBe(false);
    expect(seen.hoverOff).not.toMatch(/tar\(1\)/);
  });

  it('"kibitz: Ask the docs" opens the answer in the Markdown preview; its citation opens the cited line', () => {
    expect(seen.answer).toContain('how do I rollback a deploy?');
    expect(seen.answer).toMatch(/Push the previous tag\. — docs\/deploy\.md:7 \(Rollback\)/);
    expect(seen.afterCitation).toBe('Preview deploy.md');
    expect(seen.askEvents).toEqual(['offered', 'accepted']);
  });

  it("a workspace's .vscode/settings.json cannot set the model endpoint", () => {
    expect(seen.modelRequests).toBe(0);
  });
});
