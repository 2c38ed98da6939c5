import { describe, expect, it } from 'vitest';
import { isSecretFile, redact, redactDiff, SECRET_RULES } from '../../server/src/safety/redact.js';
import { FAMILIES, leaked, SAMPLE_SECRETS, withZeroWidth } from '../support/secrets.js';

describe('secret redaction', () => {
  it('the corpus holds at least 60 formats in every family, and the rules name as many', () => {
    expect(new Set(SAMPLE_SECRETS.map((s) => s.format)).size).toBe(SAMPLE_SECRETS.length);
    expect(SAMPLE_SECRETS.length).toBeGreaterThanOrEqual(60);
    for (const f of FAMILIES) expect(SAMPLE_SECRETS.filter((s) => s.family === f).length, f).toBeGreaterThanOrEqual(3);
    expect(new Set(SECRET_RULES.map((r) => r.id)).size).toBeGreaterThanOrEqual(60);
  });

  it.each(SAMPLE_SECRETS.map((s) => [s.format, s] as const))('%s is replaced, also with a zero-width space inside', (_f, s) => {
    for (const secret of [s.secret, withZeroWidth(s.secret)]) {
      const r = redact(s.context(secret));
      expect(leaked(r.text, s.secret), r.text).toBe(false);
      expect(r.text).toContain('[REDACTED:');
    }
  });

  it('keeps ordinary code, placeholders, checksums, key ids and public keys', () => {
    const text = [
      'password = os.environ["DB_PASSWORD"]',
      'token: ${{ secrets.GITHUB_TOKEN }}',
      'api_key = "<your key here>"',
      'const secret = process.env.SECRET;',
      'git commit -m "fix: rotate token handling"',
      'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'ENV GOLANG_SHA256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'GPG_KEYS=B42F6819007F00F88E364FD4036A9C25BF357DD4',
      'password=changeme',
      "pwd: 'Print the current working directory.',",
      'mysql -u root -p -h db',
      'docker login -u me --password-stdin',
      'curl -u "$USER:$PASS" https://x',
      'commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad',
      '-----BEGIN PUBLIC KEY-----',
      'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1yHJxQgsHQREclQu4OheqxTxd1tHcNnvnQTu',
      '-----END PUBLIC KEY-----',
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
      `+const k = "${SAMPLE_SECRETS.find((s) => s.format === 'github-pat-classic')!.secret}";`,
      '',
    ].join('\n');
    const r = redactDiff(diff);
    expect(r.withheld).toEqual(['.env', 'keys/deploy.pem']);
    expect(r.text).not.toContain('hunter2');
    expect(r.text).not.toContain('MIIEvQ');
    expect(r.text).toContain('diff --git a/src/app.ts');
    expect(r.text).toContain('[REDACTED:github-token]');
  });

  it.each([
    '.env',
    '.env.production',
    'prod.env',
    'config/app.env',
    'config/id_rsa',
    'id_ed25519.pub',
    'certs/server.key',
    'a/b.pem',
    '.npmrc',
    'infra/terraform.tfstate',
    'infra/terraform.tfvars',
    'prod.auto.tfvars',
    'secrets.yaml',
    'service-account.json',
    'gcp/my-service-account-key.json',
    'client_secret_123.apps.json',
    'firebase-adminsdk-abc12.json',
    'credentials.json',
    '.aws/credentials',
    '.kube/config',
    'deploy/kubeconfig.yaml',
    '.vault-token',
    '.pgpass',
    '.my.cnf',
    '.git-credentials',
    '.docker/config.json',
    '.htpasswd',
    'keystore.jks',
    'app.keystore',
    'signing.p12',
    'secring.gpg',
    '.netrc',
    'token.json',
    'config/master.key',
  ])('%s is a secret file', (p) => {
    expect(isSecretFile(p)).toBe(true);
  });

  it.each(['src/env.ts', 'README.md', 'keyboard.c', 'docs/secrets-management.md', 'environment.yml', 'src/token.ts', 'package.json', '.ssh/known_hosts'])('%s is not', (p) => {
    expect(isSecretFile(p)).toBe(false);
  });
});
