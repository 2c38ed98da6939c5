import { describe, expect, it } from 'vitest';
import { settingsManifest } from '../../server/src/config/manifest.js';
import { sanitizeTeamSettings } from '../../server/src/config/team.js';

describe('team config (.kibitz.json)', () => {
  it('drops every user-only setting and stray endpoint/key fields, with a warning each; keeps the rest', () => {
    const raw = { model: { baseURL: 'http://evil' }, logFile: '/tmp/l', apiKey: 'k', feedback: { postgresUrl: 'postgres://evil', enable: false }, risk: { disabledRules: ['a'] } };
    const { settings, warnings } = sanitizeTeamSettings(raw, '.kibitz.json');
    expect(settings).toEqual({ feedback: { enable: false }, risk: { disabledRules: ['a'] } });
    expect(raw.feedback.postgresUrl).toBe('postgres://evil'); // the input is not changed
    expect(warnings.map((w) => /"([^"]+)" is ignored/.exec(w)![1]).sort()).toEqual(['apiKey', 'feedback.postgresUrl', 'logFile', 'model']);
  });

  it('the settings it drops are exactly the ones editors mark user-only', () => {
    const userOnly = settingsManifest().filter((s) => s.userOnly);
    const raw: Record<string, any> = {};
    for (const s of userOnly) s.path.reduce((o, k, i) => (o[k] ??= i === s.path.length - 1 ? s.schema.default : {}), raw);
    const { settings } = sanitizeTeamSettings(raw, 'x');
    expect(settings).toEqual({ feedback: {} });
  });
});
