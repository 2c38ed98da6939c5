/**
 * Sample secrets, one or more per rule family, built at run time from pieces so that this file itself does
 * not trip secret scanners. None of them is a real credential.
 */
const rep = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const alnum = (n: number) => rep('a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ', n);
const hex = (n: number) => rep('0f1e2d3c4b5a69788796a5b4c3d2e1f0', n);

export const SAMPLE_SECRETS: { family: string; secret: string; context: (s: string) => string }[] = [
  { family: 'aws-access-key-id', secret: 'AKIA' + 'Z7Q2M4N6P8R0T2V4', context: (s) => `aws_access_key_id = ${s}` },
  { family: 'aws-secret-access-key', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'Q1w2E3r4T5', context: (s) => `aws_secret_access_key=${s}` },
  { family: 'gcp-api-key', secret: 'AIza' + alnum(35), context: (s) => `const key = "${s}";` },
  { family: 'google-oauth-secret', secret: 'GOCSPX-' + alnum(28), context: (s) => `client_secret: ${s}` },
  { family: 'azure-storage-key', secret: alnum(86) + '==', context: (s) => `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${s};EndpointSuffix=core.windows.net` },
  { family: 'github-token', secret: 'ghp_' + alnum(36), context: (s) => `export GITHUB_TOKEN=${s}` },
  { family: 'github-fine-grained-pat', secret: 'github_pat_' + alnum(22) + '_' + alnum(59), context: (s) => `token: ${s}` },
  { family: 'gitlab-token', secret: 'glpat-' + alnum(20), context: (s) => `git clone https://oauth2:${s}@gitlab.com/x/y.git` },
  { family: 'slack-token', secret: 'xoxb-' + '1234567890-' + alnum(24), context: (s) => `SLACK=${s}` },
  { family: 'slack-webhook', secret: 'https://hooks.slack.com/services/T0' + 'ABCDEFG/B0ABCDEFG/' + alnum(24), context: (s) => `curl -X POST ${s}` },
  { family: 'anthropic-key', secret: 'sk-ant-' + 'api03-' + alnum(93), context: (s) => `ANTHROPIC_API_KEY=${s}` },
  { family: 'openai-key', secret: 'sk-proj-' + alnum(48), context: (s) => `client = OpenAI(api_key="${s}")` },
  { family: 'stripe-key', secret: 'sk_live_' + alnum(24), context: (s) => `Stripe.apiKey = '${s}'` },
  { family: 'twilio-key', secret: 'SK' + hex(32), context: (s) => `twilio ${s}` },
  { family: 'sendgrid-key', secret: 'SG.' + alnum(22) + '.' + alnum(43), context: (s) => `SENDGRID=${s}` },
  { family: 'npm-token', secret: 'npm_' + alnum(36), context: (s) => `//registry.npmjs.org/:_authToken=${s}` },
  { family: 'pypi-token', secret: 'pypi-AgEIcHlwaS5vcmc' + alnum(60), context: (s) => `password = ${s}` },
  { family: 'dockerhub-pat', secret: 'dckr_pat_' + alnum(27), context: (s) => `echo ${s} | docker login -u me --password-stdin` },
  { family: 'huggingface-token', secret: 'hf_' + alnum(34), context: (s) => `HF_TOKEN=${s}` },
  { family: 'shopify-token', secret: 'shpat_' + hex(32), context: (s) => `X-Shopify-Access-Token: ${s}` },
  { family: 'digitalocean-token', secret: 'dop_v1_' + hex(64), context: (s) => `doctl auth init -t ${s}` },
  { family: 'mailgun-key', secret: 'key-' + alnum(32), context: (s) => `api:${s}` },
  { family: 'telegram-bot-token', secret: '123456789:AA' + alnum(33), context: (s) => `bot = Bot("${s}")` },
  { family: 'discord-webhook', secret: 'https://discord.com/api/webhooks/123456789012345678/' + alnum(68), context: (s) => `WEBHOOK=${s}` },
  { family: 'age-secret-key', secret: 'AGE-SECRET-KEY-1' + rep('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58), context: (s) => `# age key\n${s}` },
  { family: 'jwt', secret: 'eyJhbGciOiJIUzI1NiJ9.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIn0.' + alnum(43), context: (s) => `Cookie: session=${s}` },
  { family: 'private-key', secret: '-----BEGIN OPENSSH PRIVATE KEY-----\n' + alnum(64) + '\n' + alnum(64) + '\n-----END OPENSSH PRIVATE KEY-----', context: (s) => `key:\n${s}\n` },
  { family: 'private-key', secret: '-----BEGIN RSA PRIVATE KEY-----\\n' + alnum(64) + '\\n-----END RSA PRIVATE KEY-----', context: (s) => `{"private_key": "${s}"}` },
  { family: 'url-credentials', secret: 'Sup3r-S3cret-pw', context: (s) => `DATABASE_URL=postgres://app:${s}@db.internal:5432/app` },
  { family: 'authorization-header', secret: alnum(40), context: (s) => `curl -H "Authorization: Bearer ${s}" https://api.x` },
  { family: 'generic-secret', secret: 'q8Z!x2Lp0vR7#mK4', context: (s) => `DB_PASSWORD="${s}"` },
  { family: 'generic-secret', secret: alnum(32), context: (s) => `client_secret: ${s}` },
];
