import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../support/lsp-client.js';
import { editorScenario, expectAskedHelpfulAndFollowed } from './scenario.js';
import { askEvents, editorRun, runEditor } from './workspace.js';

const HISTORY_Q = 'why is the base image pinned to a digest?';

// headless Neovim (0.7 on Debian) with clients/neovim's setup module and Neovim's own LSP client
editorScenario(
  'headless Neovim with clients/neovim',
  'nvim',
  { script: 'sh', dockerfile: 'dockerfile', commit: 'gitcommit' },
  async () => {
    const { env, out } = editorRun('nvim', 'neovim');
    const driver = path.join(ROOT, 'test/editors/neovim/driver.lua');
    const run = await runEditor('nvim', ['--headless', '--clean', '-c', `luafile ${driver}`], env, out, 100_000);
    // what the server recorded about the answer: the user's "+" and the citation they opened
    // (the history question's own events are checked apart)
    const events = askEvents(env);
    const history = (e: [string, string | undefined]) => e[1] === HISTORY_Q || /^commit /.test(e[1] ?? '');
    run.result.steps.askEvents = events.filter((e) => !history(e));
    run.result.steps.historyEvents = events.filter(history);
    return run;
  },
  (result) => {
    it(':KibitzAsk shows the answer in a float, and <CR> on its citation opens the cited line', () => {
      const s = result().steps.ask;
      expect(s.float).toBe(true);
      expect(s.lines).toEqual(['# how do I rollback a deploy?', '', 'Push the previous tag.', '  → docs/deploy.md:7  (Rollback)', '', '<CR> open the citation · + helpful · - not helpful · q close']);
      expectAskedHelpfulAndFollowed(result().steps);
    });

    it('a question only the commit history answers: the float cites the commit and <CR> opens its message', () => {
      const s = result().steps.ask_history;
      expect(s.lines).toContain(`  → commit ${s.sha}`);
      expect(s.lines.some((l: string) => l.includes('a digest keeps builds repeatable'))).toBe(true);
      expect(s.jumped.file).toMatch(/history\/[0-9a-f]+\.md$/);
      expect(s.jumped.text).toContain('a digest keeps builds repeatable');
      expect(result().steps.historyEvents).toEqual([
        ['offered', HISTORY_Q],
        ['followed', `commit ${s.sha}`],
      ]);
    });

    it('lsp/kibitz.lua (nvim-lspconfig format) has cmd, filetypes, root_markers and settings, matching the setup module', () => {
      const { cfg, setup_filetypes, setup_root_markers } = result().steps.lspconfig;
      expect(cfg.cmd).toEqual(['kibitz', '--stdio']);
      expect(cfg.filetypes).toEqual(['sh', 'bash', 'zsh', 'dockerfile', 'make', 'yaml', 'markdown', 'json', 'gitcommit']);
      expect(cfg.filetypes).toEqual(setup_filetypes);
      expect(cfg.root_markers).toEqual(setup_root_markers);
      expect(cfg.settings).toHaveProperty('kibitz');
      expect(result().steps.lspconfig.init_options).toEqual({ model: { chatModel: 'm' } });
      expect(result().steps.lspconfig.empty_is_object).toBe(true);
    });
  },
);
