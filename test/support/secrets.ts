/**
 * Sample secrets: one per format, grouped by family, each in the kind of text it is found in. Built at run time
 * from pieces so that this file itself does not trip secret scanners. None of them is a real credential; each has
 * the real shape (prefix, length, alphabet) of its format.
 */
const rep = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const alnum = (n: number) => rep('a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ', n);
const hex = (n: number) => rep('0f1e2d3c4b5a69788796a5b4c3d2e1f0', n);
const lowerAlnum = (n: number) => rep('q7w3e9r1t5y8u2i6o4p0asdfghjklzxcvbnm', n);
const b64 = (n: number) => rep('Qm9vdC1zdHJhcC1mYWtlLXNlY3JldC1WYWx1ZS8rK2FiY2Q5OA', n);

export type SecretFamily = 'cloud' | 'saas-token' | 'credentials-in-commands' | 'credentials-in-urls' | 'key-material' | 'entropy';

export interface SampleSecret {
  /** The format, unique in this list. */
  format: string;
  family: SecretFamily;
  secret: string;
  /** The secret in the text it is found in. */
  context: (s: string) => string;
}

export const SAMPLE_SECRETS: SampleSecret[] = [
  // cloud providers
  { format: 'aws-access-key-id', family: 'cloud', secret: 'AKIA' + 'Z7Q2M4N6P8R0T2V4', context: (s) => `aws_access_key_id = ${s}` },
  { format: 'aws-secret-access-key', family: 'cloud', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'Q1w2E3r4T5', context: (s) => `aws_secret_access_key=${s}` },
  { format: 'aws-session-token', family: 'cloud', secret: 'IQoJb3JpZ2luX2VjE' + b64(180), context: (s) => `export AWS_SESSION_TOKEN="${s}"` },
  { format: 'gcp-api-key', family: 'cloud', secret: 'AIza' + alnum(35), context: (s) => `const key = "${s}";` },
  { format: 'gcp-service-account-key-id', family: 'cloud', secret: hex(40), context: (s) => `  "private_key_id": "${s}",` },
  { format: 'google-oauth-secret', family: 'cloud', secret: 'GOCSPX-' + alnum(28), context: (s) => `client_secret: ${s}` },
  { format: 'google-oauth-refresh-token', family: 'cloud', secret: '1//0' + alnum(96), context: (s) => `refresh=${s}` },
  { format: 'azure-storage-key', family: 'cloud', secret: alnum(86) + '==', context: (s) => `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${s};EndpointSuffix=core.windows.net` },
  {
    format: 'azure-sas-token',
    family: 'cloud',
    secret: alnum(43) + '%3D',
    context: (s) => `curl "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig=${s}"`,
  },
  { format: 'azure-ad-client-secret', family: 'cloud', secret: 'abc8Q~' + alnum(34), context: (s) => `AZURE_CLIENT_SECRET: ${s}` },
  { format: 'alibaba-access-key', family: 'cloud', secret: 'LTAI' + alnum(20), context: (s) => `aliyun configure --access-key-id ${s}` },
  { format: 'digitalocean-token', family: 'cloud', secret: 'dop_v1_' + hex(64), context: (s) => `doctl auth init -t ${s}` },
  { format: 'heroku-api-key', family: 'cloud', secret: '8f2b1c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d', context: (s) => `HEROKU_API_KEY=${s}` },
  { format: 'vault-token', family: 'cloud', secret: 'hvs.' + alnum(90), context: (s) => `vault login ${s}` },
  { format: 'vault-batch-token', family: 'cloud', secret: 'hvb.' + alnum(120), context: (s) => `VAULT_TOKEN=${s} terraform apply` },
  { format: 'terraform-cloud-token', family: 'cloud', secret: lowerAlnum(14) + '.atlasv1.' + lowerAlnum(67), context: (s) => `credentials "app.terraform.io" { token = "${s}" }` },
  // SaaS tokens with fixed prefixes
  { format: 'github-pat-classic', family: 'saas-token', secret: 'ghp_' + alnum(36), context: (s) => `export GITHUB_TOKEN=${s}` },
  { format: 'github-oauth-token', family: 'saas-token', secret: 'gho_' + alnum(36), context: (s) => `oauth ${s}` },
  { format: 'github-fine-grained-pat', family: 'saas-token', secret: 'github_pat_' + alnum(22) + '_' + alnum(59), context: (s) => `token: ${s}` },
  { format: 'gitlab-pat', family: 'saas-token', secret: 'glpat-' + alnum(20), context: (s) => `PRIVATE-TOKEN: ${s}` },
  { format: 'slack-bot-token', family: 'saas-token', secret: 'xoxb-' + '1234567890-' + alnum(24), context: (s) => `SLACK=${s}` },
  { format: 'slack-app-token', family: 'saas-token', secret: 'xapp-1-A0' + 'ABCDEFGH-1234567890123-' + hex(64), context: (s) => `app_token = "${s}"` },
  { format: 'slack-webhook', family: 'saas-token', secret: 'https://hooks.slack.com/services/T0' + 'ABCDEFG/B0ABCDEFG/' + alnum(24), context: (s) => `curl -X POST ${s}` },
  { format: 'discord-bot-token', family: 'saas-token', secret: 'MTA' + alnum(23) + '.' + alnum(6) + '.' + alnum(38), context: (s) => `client.login('${s}')` },
  { format: 'discord-webhook', family: 'saas-token', secret: 'https://discord.com/api/webhooks/123456789012345678/' + alnum(68), context: (s) => `WEBHOOK=${s}` },
  { format: 'telegram-bot-token', family: 'saas-token', secret: '123456789:AA' + alnum(33), context: (s) => `bot = Bot("${s}")` },
  { format: 'openai-key', family: 'saas-token', secret: 'sk-proj-' + alnum(48), context: (s) => `client = OpenAI(api_key="${s}")` },
  { format: 'anthropic-key', family: 'saas-token', secret: 'sk-ant-' + 'api03-' + alnum(93), context: (s) => `ANTHROPIC_API_KEY=${s}` },
  { format: 'stripe-secret-key', family: 'saas-token', secret: 'sk_live_' + alnum(24), context: (s) => `Stripe.apiKey = '${s}'` },
  { format: 'stripe-webhook-secret', family: 'saas-token', secret: 'whsec_' + alnum(32), context: (s) => `endpointSecret = "${s}"` },
  { format: 'twilio-api-key', family: 'saas-token', secret: 'SK' + hex(32), context: (s) => `twilio ${s}` },
  { format: 'twilio-auth-token', family: 'saas-token', secret: hex(32), context: (s) => `TWILIO_AUTH_TOKEN=${s}` },
  { format: 'sendgrid-key', family: 'saas-token', secret: 'SG.' + alnum(22) + '.' + alnum(43), context: (s) => `SENDGRID=${s}` },
  { format: 'mailchimp-key', family: 'saas-token', secret: hex(32) + '-us12', context: (s) => `mc.setConfig({ apiKey: "${s}" })` },
  { format: 'mailgun-key', family: 'saas-token', secret: 'key-' + alnum(32), context: (s) => `api:${s}` },
  { format: 'npm-token', family: 'saas-token', secret: 'npm_' + alnum(36), context: (s) => `//registry.npmjs.org/:_authToken=${s}` },
  { format: 'pypi-token', family: 'saas-token', secret: 'pypi-AgEIcHlwaS5vcmc' + alnum(60), context: (s) => `password = ${s}` },
  { format: 'dockerhub-pat', family: 'saas-token', secret: 'dckr_pat_' + alnum(27), context: (s) => `echo ${s} | docker login -u me --password-stdin` },
  { format: 'huggingface-token', family: 'saas-token', secret: 'hf_' + alnum(34), context: (s) => `HF_TOKEN=${s}` },
  { format: 'shopify-token', family: 'saas-token', secret: 'shpat_' + hex(32), context: (s) => `X-Shopify-Access-Token: ${s}` },
  { format: 'atlassian-api-token', family: 'saas-token', secret: 'ATATT3xFfGF0' + alnum(180) + '=0F1E2D3C', context: (s) => `JIRA_TOKEN=${s}` },
  { format: 'postman-api-key', family: 'saas-token', secret: 'PMAK-' + hex(24) + '-' + hex(34), context: (s) => `postman login --with-api-key ${s}` },
  { format: 'databricks-token', family: 'saas-token', secret: 'dapi' + hex(32), context: (s) => `databricks configure --token ${s}` },
  { format: 'okta-api-token', family: 'saas-token', secret: '00' + alnum(40), context: (s) => `Authorization: SSWS ${s}` },
  { format: 'linear-api-key', family: 'saas-token', secret: 'lin_api_' + alnum(40), context: (s) => `LINEAR_KEY=${s}` },
  { format: 'notion-token', family: 'saas-token', secret: 'ntn_' + alnum(46), context: (s) => `notion = Client(auth="${s}")` },
  { format: 'sentry-auth-token', family: 'saas-token', secret: 'sntrys_' + b64(120), context: (s) => `sentry-cli --auth-token ${s} releases new` },
  { format: 'grafana-service-account', family: 'saas-token', secret: 'glsa_' + alnum(32) + '_' + hex(8), context: (s) => `grafana: ${s}` },
  { format: 'new-relic-user-key', family: 'saas-token', secret: 'NRAK-' + rep('A1B2C3D4E5F6G7H8I9J0KLMNOP', 27), context: (s) => `newrelic profiles add --apiKey ${s}` },
  { format: 'pulumi-token', family: 'saas-token', secret: 'pul-' + hex(40), context: (s) => `PULUMI_ACCESS_TOKEN=${s}` },
  { format: 'doppler-token', family: 'saas-token', secret: 'dp.pt.' + alnum(43), context: (s) => `doppler setup --token ${s}` },
  { format: 'planetscale-token', family: 'saas-token', secret: 'pscale_tkn_' + alnum(43), context: (s) => `pscale auth login --service-token ${s}` },
  { format: 'supabase-token', family: 'saas-token', secret: 'sbp_' + hex(40), context: (s) => `supabase login --token ${s}` },
  { format: 'jwt', family: 'saas-token', secret: 'eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.' + alnum(43), context: (s) => `Cookie: session=${s}` },
  { format: 'age-secret-key', family: 'key-material', secret: 'AGE-SECRET-KEY-1' + rep('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58), context: (s) => `# age key\n${s}` },
  // credentials in URLs
  { format: 'postgres-url-password', family: 'credentials-in-urls', secret: 'Sup3r-S3cret-pw', context: (s) => `DATABASE_URL=postgres://app:${s}@db.internal:5432/app` },
  { format: 'mongodb-srv-password', family: 'credentials-in-urls', secret: 'm0ng0P%40ss', context: (s) => `MONGO_URI="mongodb+srv://admin:${s}@cluster0.abcde.mongodb.net/test?retryWrites=true"` },
  { format: 'redis-url-password', family: 'credentials-in-urls', secret: 'r3d1s-passw0rd', context: (s) => `REDIS_URL=redis://:${s}@cache:6379/0` },
  { format: 'git-https-token', family: 'credentials-in-urls', secret: 'x9Y8z7W6v5U4t3S2r1Q0', context: (s) => `git clone https://deploy:${s}@git.example.com/team/app.git` },
  { format: 'sentry-dsn', family: 'credentials-in-urls', secret: hex(32), context: (s) => `SENTRY_DSN=https://${s}@o123456.ingest.sentry.io/1234567` },
  // credentials in command arguments
  { format: 'mysql-p-attached', family: 'credentials-in-commands', secret: 'Tr0ub4dor3', context: (s) => `mysql -u root -p${s} -h db app < dump.sql` },
  { format: 'mysql-password-option', family: 'credentials-in-commands', secret: 'dbPa55word!', context: (s) => `mysqldump --user=backup --password=${s} app > app.sql` },
  { format: 'sshpass', family: 'credentials-in-commands', secret: 'hunter2hunter2', context: (s) => `sshpass -p ${s} ssh deploy@host uptime` },
  { format: 'curl-user-pass', family: 'credentials-in-commands', secret: 'pa55-w0rd-42', context: (s) => `curl -u admin:${s} https://ci.example.com/api/json` },
  { format: 'wget-password', family: 'credentials-in-commands', secret: 'wg3tSecret', context: (s) => `wget --user=bob --password=${s} https://files.example.com/a.tgz` },
  { format: 'htpasswd-batch', family: 'credentials-in-commands', secret: 'Adm1nPass', context: (s) => `htpasswd -bc /etc/nginx/.htpasswd admin ${s}` },
  { format: 'docker-login-password', family: 'credentials-in-commands', secret: 'D0ckerHubPw', context: (s) => `docker login -u ci -p ${s} registry.example.com` },
  { format: 'pgpassword-env', family: 'credentials-in-commands', secret: 'pgS3cr3t', context: (s) => `PGPASSWORD=${s} psql -h db -U app -c 'select 1'` },
  { format: 'openssl-pass', family: 'credentials-in-commands', secret: 'k3yPassphrase', context: (s) => `openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:${s}` },
  { format: 'smbclient-user-pass', family: 'credentials-in-commands', secret: 'smbPa55', context: (s) => `smbclient //nas/share -U alice%${s}` },
  { format: 'authorization-bearer', family: 'credentials-in-commands', secret: alnum(40), context: (s) => `curl -H "Authorization: Bearer ${s}" https://api.x` },
  { format: 'authorization-basic', family: 'credentials-in-commands', secret: 'YWRtaW46c2VjcmV0LXBhc3N3b3Jk', context: (s) => `Authorization: Basic ${s}` },
  // key material in config formats
  {
    format: 'openssh-private-key',
    family: 'key-material',
    secret: '-----BEGIN OPENSSH PRIVATE KEY-----\n' + alnum(64) + '\n' + alnum(64) + '\n-----END OPENSSH PRIVATE KEY-----',
    context: (s) => `key:\n${s}\n`,
  },
  {
    format: 'rsa-private-key-in-json',
    family: 'key-material',
    secret: '-----BEGIN RSA PRIVATE KEY-----\\n' + alnum(64) + '\\n-----END RSA PRIVATE KEY-----',
    context: (s) => `{"private_key": "${s}"}`,
  },
  { format: 'pgp-private-key', family: 'key-material', secret: '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n' + b64(64) + '\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----', context: (s) => `${s}\n` },
  {
    format: 'putty-private-key',
    family: 'key-material',
    secret: b64(64) + '\n' + b64(40),
    context: (s) => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: me\nPublic-Lines: 1\nAAAAC3NzaC1lZDI1NTE5\nPrivate-Lines: 2\n${s}\nPrivate-MAC: ${hex(64)}\n`,
  },
  {
    format: 'kubeconfig-client-key-data',
    family: 'key-material',
    secret: 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo' + b64(200),
    context: (s) => `users:\n- name: admin\n  user:\n    client-key-data: ${s}\n`,
  },
  { format: 'kubeconfig-token', family: 'key-material', secret: 'eyJ' + b64(120), context: (s) => `users:\n- name: sa\n  user:\n    token: ${s}\n` },
  { format: 'npmrc-auth', family: 'key-material', secret: 'dXNlcjpzM2NyM3QtdG9rZW4tdmFsdWU=', context: (s) => `_auth=${s}\nalways-auth=true` },
  { format: 'docker-config-auth', family: 'key-material', secret: 'Y2k6ZG9ja2VyLWh1Yi1wYXNzd29yZC0xMjM=', context: (s) => `{"auths": {"https://index.docker.io/v1/": {"auth": "${s}"}}}` },
  { format: 'netrc-password', family: 'key-material', secret: 'n3trcPassw0rd', context: (s) => `machine api.example.com login bot password ${s}` },
  { format: 'wireguard-private-key', family: 'key-material', secret: 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=', context: (s) => `[Interface]\nPrivateKey = ${s}\nAddress = 10.0.0.2/32` },
  { format: 'dotenv-password', family: 'key-material', secret: 'q8Z!x2Lp0vR7#mK4', context: (s) => `DB_PASSWORD="${s}"` },
  { format: 'yaml-client-secret', family: 'key-material', secret: alnum(32), context: (s) => `client_secret: ${s}` },
  // high-entropy values without a telling keyword
  { format: 'high-entropy-hex-assignment', family: 'entropy', secret: hex(64), context: (s) => `export X_VALUE=${s}` },
  { format: 'high-entropy-base64-assignment', family: 'entropy', secret: 'Zk9x' + b64(44), context: (s) => `config.opaque = "${s}"` },
  { format: 'high-entropy-base64-bare', family: 'entropy', secret: 'Rk1x7Zq0Lp' + alnum(38) + 'Tg9/Xw==', context: (s) => `remote add ${s}` },
];

/** Zero-width space inside a secret: a redactor that looks before stripping invisible characters misses it. */
export function withZeroWidth(s: string): string {
  const mid = Math.floor(s.length / 2);
  return s.slice(0, mid) + '\u200b' + s.slice(mid);
}

/** Did the secret (or a large part of it) survive in `out`? */
export function leaked(out: string, secret: string): boolean {
  if (out.includes(secret)) return true;
  if (secret.length < 16) return false;
  const part = Math.ceil(secret.length * 0.6);
  return out.includes(secret.slice(0, part)) || out.includes(secret.slice(-part));
}

export const FAMILIES: SecretFamily[] = ['cloud', 'saas-token', 'credentials-in-commands', 'credentials-in-urls', 'key-material', 'entropy'];
