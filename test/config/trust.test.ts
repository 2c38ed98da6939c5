import { describe, expect, it } from 'vitest';
import { LayeredSettings } from '../../server/src/config/layers.js';
import { settingsManifest } from '../../server/src/config/manifest.js';
import { maySet, normalizeSettings, SOURCE_TRUST, trustedSettings } from '../../server/src/config/trust.js';

const HOSTILE_SHAPES: [string, unknown][] = [
  ['nested under "kibitz"', { kibitz: { logFile: '/home/u/.bashrc', feedback: { postgresUrl: 'postgres://evil/db' }, model: { baseURL: 'http://evil/v1' } } }],
  ['nested twice', { kibitz: { kibitz: { logFile: '/home/u/.bashrc' } } }],
  ['dotted keys', { 'kibitz.logFile': '/home/u/.bashrc', 'model.baseURL': 'http://evil/v1', 'feedback.postgresUrl': 'postgres://evil/db' }],
  ['case variants', { LogFile: '/home/u/.bashrc', MODEL: { BaseUrl: 'http://evil/v1' }, Feedback: { PostgresURL: 'postgres://evil/db' }, ManPath: ['/proc'] }],
  ['__proto__', JSON.parse('{"__proto__": {"logFile": "/home/u/.bashrc", "model": {"baseURL": "http://evil/v1"}}}')],
  ['constructor.prototype', JSON.parse('{"constructor": {"prototype": {"logFile": "/home/u/.bashrc"}}}')],
  ['stray endpoint keys', { baseURL: 'http://evil/v1', apiKey: 'k', endpoint: 'http://evil' }],
];

describe('one trust boundary for settings', () => {
  it('user sources may set everything; workspace sources never the user-only settings', () => {
    for (const s of settingsManifest()) {
      expect(maySet(s.path, 'initializationOptions')).toBe(true);
      for (const src of ['teamFile', 'workspaceConfiguration', 'didChangeConfiguration'] as const) expect(maySet(s.path, src), `${s.key} from ${src}`).toBe(!s.userOnly);
    }
    expect(SOURCE_TRUST.environment).toBe('user');
  });

  it.each(HOSTILE_SHAPES)('%s: nothing user-only gets through from a workspace source', (_name, raw) => {
    for (const src of ['teamFile', 'workspaceConfiguration', 'didChangeConfiguration'] as const) {
      const layered = new LayeredSettings();
      layered.apply(raw, src);
      const c = layered.get();
      expect(c.logFile).toBe('');
      expect(c.model.baseURL).toBe('');
      expect(c.feedback.postgresUrl).toBe('');
      expect(c.manpath).toEqual([]);
      expect(({} as Record<string, unknown>).logFile).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("VS Code's answer with every key at its default is dropped without a warning; a real value still warns", () => {
    const defaults = {
      logFile: '',
      manpath: [],
      model: { baseURL: '', apiKey: '', chatModel: '', embeddingModel: '', maxRetries: 1, timeouts: { commitMs: 20000, hoverMs: 3000, codeActionMs: 15000 } },
      feedback: { postgresUrl: '', teamName: '', enable: true },
    };
    const quiet = trustedSettings(defaults, 'workspaceConfiguration');
    expect(quiet.dropped).toEqual(expect.arrayContaining(['logFile', 'manpath', 'model', 'feedback.postgresUrl', 'feedback.teamName']));
    expect(quiet.warnings).toEqual([]);
    const loud = trustedSettings({ ...defaults, model: { ...defaults.model, baseURL: 'http://127.0.0.1:9/v1' } }, 'workspaceConfiguration');
    expect(loud.warnings).toEqual([expect.stringContaining('"model" is ignored')]);
  });

  it('the same shapes from the user are read in canonical form', () => {
    const t = trustedSettings({ kibitz: { 'model.baseURL': 'http://127.0.0.1:11434/v1', LOGFILE: 'kibitz.log', Risk: { DisabledRules: ['git-reset-hard'] } } }, 'initializationOptions');
    expect(t.settings).toEqual({ model: { baseURL: 'http://127.0.0.1:11434/v1' }, logFile: 'kibitz.log', risk: { disabledRules: ['git-reset-hard'] } });
  });

  it('an empty Lua table ([]) is an empty object, not an error; other non-objects are reported', () => {
    expect(normalizeSettings([], 'init')).toEqual({ settings: {}, warnings: [] });
    expect(normalizeSettings('x', 'init').warnings[0]).toMatch(/must be an object, got string/);
  });

  it('the gate on model-written text keeps the built-in severities: a repository may raise, not lower or switch off', () => {
    const layered = new LayeredSettings();
    layered.apply(
      {
        risk: {
          disabledRules: ['pipe-to-shell'],
          allowCommands: ['curl'],
          severity: { 'pipe-to-shell': 'low', 'git-reset-hard': 'critical' },
          deny: [{ pattern: '^terraform ', message: 'no', severity: 'high' }],
        },
      },
      'teamFile',
    );
    layered.apply({ risk: { severity: { 'rm-critical-path': 'low' } } }, 'workspaceConfiguration');
    expect(layered.get().risk.disabledRules).toEqual(['pipe-to-shell']);
    const gate = layered.gatePolicy();
    expect(gate.disabledRules).toEqual([]);
    expect(gate.allowCommands).toEqual([]);
    expect(gate.severity).toEqual({});
    expect(gate.minSeverity).toMatchObject({ 'pipe-to-shell': 'low', 'git-reset-hard': 'critical' });
    expect(gate.deny.map((d) => d.pattern)).toEqual(['^terraform ']);
    expect(gate.directives).toBe(false);
    // the user's own settings do apply to the gate
    layered.apply({ risk: { disabledRules: ['git-reset-hard'] } }, 'initializationOptions');
    expect(layered.gatePolicy().disabledRules).toEqual(['git-reset-hard']);
  });

  it('custom actions are labelled with where they come from', () => {
    const layered = new LayeredSettings();
    layered.apply({ actions: { custom: [{ name: 'Fix with AI: quote the variable', prompt: 'x' }] } }, 'teamFile');
    expect(layered.customActionsOrigin()).toBe('.kibitz.json');
    layered.apply({ actions: { custom: [{ name: 'Mine', prompt: 'y' }] } }, 'initializationOptions');
    expect(layered.customActionsOrigin()).toBe('user');
  });

  it("an invalid value keeps the layer's last good value; a catastrophic deny pattern is refused", () => {
    const warnings: string[] = [];
    const layered = new LayeredSettings((w) => warnings.push(w));
    layered.apply({ hover: { maxParts: 7 } }, 'workspaceConfiguration');
    layered.apply({ hover: { maxParts: -1 } }, 'workspaceConfiguration');
    expect(layered.get().hover.maxParts).toBe(7);
    layered.apply(
      {
        risk: {
          deny: [
            { pattern: '^echo (a+)+$', message: 'x' },
            { pattern: '(a)\\1', message: 'y' },
          ],
        },
      },
      'teamFile',
    );
    expect(layered.get().risk.deny).toEqual([]);
    expect(warnings.join('\n')).toMatch(/kibitz\.risk\.deny/);
  });
});
