import { mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLog, log, logFilePath, openLogFile, setLogScrubber } from '../../server/src/util/log.js';
import { redactText } from '../../server/src/safety/redact.js';
import { SAMPLE_SECRETS } from '../support/secrets.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the log file', () => {
  it('a relative name is a file in the state directory; a symlink is never followed', () => {
    const state = mkdtempSync(path.join(tmpdir(), 'kibitz-logstate-'));
    const env = { KIBITZ_STATE_DIR: state };
    expect(logFilePath('server.log', env)).toBe(path.join(state, 'logs', 'server.log'));
    const rc = path.join(state, 'bashrc');
    writeFileSync(rc, '# my shell startup\n');
    symlinkSync(rc, path.join(state, 'logs-link.log'));
    expect(() => openLogFile(path.join(state, 'logs-link.log'), env)).toThrow(/ELOOP|symbolic|too many/i);
    expect(readFileSync(rc, 'utf8')).toBe('# my shell startup\n');
    expect(() => openLogFile('/dev/null', env)).toThrow(/not a regular file/);
  });

  it('log lines never hold a secret, in the message or in any field', () => {
    const state = mkdtempSync(path.join(tmpdir(), 'kibitz-logstate-'));
    process.env.KIBITZ_STATE_DIR = state;
    delete process.env.KIBITZ_LOG_FILE;
    delete process.env.KIBITZ_LOG_LEVEL;
    setLogScrubber(redactText);
    configureLog('info', 'scrub.log');
    for (const s of SAMPLE_SECRETS) log().warn({ detail: { text: s.context(s.secret) }, err: new Error(s.context(s.secret)) }, `while reading ${s.context(s.secret)}`);
    const file = path.join(state, 'logs', 'scrub.log');
    expect(existsSync(file)).toBe(true);
    const written = readFileSync(file, 'utf8');
    expect(written.split('\n').filter(Boolean)).toHaveLength(SAMPLE_SECRETS.length);
    for (const s of SAMPLE_SECRETS) {
      expect(written, s.format).not.toContain(s.secret);
      expect(written, s.format).not.toContain(JSON.stringify(s.secret).slice(1, -1));
    }
  });
});
