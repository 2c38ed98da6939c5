import { describe, expect, it } from 'vitest';
import { ConfigSchema, defaultConfig } from '../../server/src/config/schema.js';
import { applySettings } from '../../server/src/config/settings.js';

describe('settings', () => {
  it('defaults come from the schema', () => {
    const c = defaultConfig();
    expect(c.logLevel).toBe('info');
    expect(c.hover.enable).toBe(true);
    expect(c.dashlessBundles).toContain('tar');
  });
  it('applies good values and keeps the last good value of a bad one, with a warning', () => {
    const base = defaultConfig();
    const { config, warnings } = applySettings(base, { logLevel: 'loud', hover: { maxParts: 5 } });
    expect(config.logLevel).toBe('info');
    expect(config.hover.maxParts).toBe(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('kibitz.logLevel');
    expect(warnings[0]).toContain('Keeping "info"');
  });
  it('keeps previous good values across updates', () => {
    const first = applySettings(defaultConfig(), { logLevel: 'debug' }).config;
    const second = applySettings(first, { logLevel: 42, hover: { enable: 'yes' } });
    expect(second.config.logLevel).toBe('debug');
    expect(second.config.hover.enable).toBe(true);
    expect(second.warnings).toHaveLength(2);
  });
  it('warns on unknown keys and non-object settings', () => {
    expect(applySettings(defaultConfig(), { nope: 1 }).warnings[0]).toContain('Unknown setting kibitz.nope');
    const r = applySettings(defaultConfig(), 'bad');
    expect(r.config).toEqual(defaultConfig());
    expect(r.warnings[0]).toContain('must be an object');
  });
  it('the schema is the single source of every setting', () => {
    expect(Object.keys(ConfigSchema.shape).sort()).toEqual([
      'actions',
      'analysis',
      'commit',
      'dashlessBundles',
      'feedback',
      'hover',
      'logFile',
      'logLevel',
      'manpath',
      'model',
      'retrieval',
      'risk',
      'useManCommand',
    ]);
  });
});
