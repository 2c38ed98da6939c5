import { describe, expect, it } from 'vitest';
import { isSecretFile, redact, redactDiff, SECRET_RULES } from '../../server/src/safety/redact.js';
import { SAMPLE_SECRETS } from '../support/secrets.js';

describe('secret redaction', () => {
  it('has at least 25 rule families', () => {
    expect(new Set(SECRET_RULES.map((r) => r.id)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(SAMPLE_SECRETS.map((s) => s.family)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(SAMPLE_SECRETS.map((s) => [s.family, s] as const))('%s is replaced', (_family, s) => {
    const text = s.context(s.secret);
    const r = redact(text);
    expect(r.text).not.toContain(s.secret);
    expect(r.text).toContain('[REDACTED:');
    expect(Object.values(r.found).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('keeps ordinary code and placeholders', () => {
    const text = [
      'password = os.environ["DB_PASSWORD"]',
      'token: ${{ secrets.GITHUB_TOKEN }}',
      'api_key = "<your key here>"',
      'const secret = process.env.SECRET;',
      'git commit -m "fix: rotate token handling"',
      'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'password=changeme',
    ].join('\n');
    expect(redact(text).text).toBe(text);
  });

  it('withholds whole secret files from a diff and redacts the rest', () => {
    const diff = [
      'diff --git a/.env b/.env',
      '+DB_PASSWORD=hunter2hunter2',
      'diff --git a/keys/deploy.pem b/keys/deploy.pem',
      '+MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      'diff --git a/src/app.ts b/src/app.ts',
      `+const k = "${SAMPLE_SECRETS.find((s) => s.family === 'github-token')!.secret}";`,
      '',
    ].join('\n');
    const r = redactDiff(diff);
    expect(r.withheld).toEqual(['.env', 'keys/deploy.pem']);
    expect(r.text).not.toContain('hunter2');
    expect(r.text).not.toContain('MIIEvQ');
    expect(r.text).toContain('diff --git a/src/app.ts');
    expect(r.text).toContain('[REDACTED:github-token]');
  });

  it.each(['.env', '.env.production', 'config/id_rsa', 'id_ed25519.pub', 'certs/server.key', 'a/b.pem', '.npmrc', 'infra/terraform.tfstate', 'secrets.yaml'])('%s is a secret file', (p) => {
    expect(isSecretFile(p)).toBe(true);
  });

  it.each(['src/env.ts', 'README.md', 'keyboard.c', 'docs/secrets-management.md'])('%s is not', (p) => {
    expect(isSecretFile(p)).toBe(false);
  });
});
