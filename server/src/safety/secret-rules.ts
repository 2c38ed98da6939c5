/**
 * Secret detection rules by family, modelled on public secret-scanning rule sets (gitleaks, GitHub secret
 * scanning): provider token formats with fixed prefixes, key material in config formats, credentials in URLs and
 * in command arguments, and high-entropy values with context. Order matters: specific formats first, the generic
 * keyword and entropy rules last.
 */
export interface SecretRule {
  id: string;
  family: 'cloud' | 'saas-token' | 'key-material' | 'credentials-in-urls' | 'credentials-in-commands' | 'generic' | 'entropy';
  re: RegExp;
  /** Which capture group is the secret (0 = the whole match). */
  group?: number;
  /** Picks the secret among the capture groups (instead of `group`). */
  pick?: (groups: (string | undefined)[]) => string | undefined;
  /** Extra check on the captured value (`match` is the whole match). */
  accept?: (value: string, match: string) => boolean;
  /** Lower-case strings one of which the text must contain for the rule to run (a fast pre-check). */
  hints?: string[];
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A value, not code: variables, templates, placeholders, member paths and calls stay. */
export function looksLikeValue(v: string): boolean {
  return !/^\$|^%\w|^\{\{|^<[^>]*>?$|REDACTED|^\*+$|^x+$|[()[\]]|^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$|^(true|false|null|none|undefined|stdin|-)$/i.test(v);
}

const DUMMY =
  /^(changeme|change_me|password|passwd|secret|example|sample|test|testing|dummy|placeholder|redacted|your[\w-]*|my[\w-]*password|admin|root|user|guest|default|none|null|xxx+|\*+|\.\.\.)$/i;

/** A password value: not a placeholder, and not a plain dictionary-looking word (it has a digit, a symbol or mixed case). */
function passwordLike(v: string): boolean {
  const bare = v.replace(/^["']|["']$/g, '');
  return (
    !/\s/.test(bare) &&
    !/^(\/|\.\.?\/|~\/)[\w./-]+$/.test(bare) &&
    bare.length >= 6 &&
    looksLikeValue(bare) &&
    !DUMMY.test(bare) &&
    (/\d|[^A-Za-z]/.test(bare) || (/[a-z]/.test(bare) && /[A-Z]/.test(bare)))
  );
}

/** A token value: not a placeholder, and random enough. */
function tokenLike(v: string): boolean {
  return looksLikeValue(v) && entropy(v) >= 3.2 && /\d|[^A-Za-z]/.test(v);
}

/** Names of things that hold checksums, hashes, versions or ids: a high-entropy value there is not a secret. */
const NOT_SECRET_NAME =
  /(sha\d*|sum|hash|digest|checksum|commit|revision|\brev\b|ref|fingerprint|etag|version|uuid|guid|(^|[_.-])id$|integrity|color|colour|nonce|salt|build|image|tag|url|uri|path|file|dir|name|gpg[_-]?keys?|pgp[_-]?keys?|key[_-]?ids?|keyring|pubkey|public[_-]?key)$/i;

function highEntropy(v: string): boolean {
  if (/^[0-9a-f]+$/i.test(v)) return v.length >= 32 && entropy(v) >= 3.5;
  return v.length >= 24 && /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v) && entropy(v) >= 4.0;
}

export const SECRET_RULES: SecretRule[] = [
  // key material
  { id: 'private-key', family: 'key-material', re: /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----/g, hints: ['private key'] },
  { id: 'putty-private-key', family: 'key-material', re: /(Private-Lines:\s*\d+\r?\n)((?:[A-Za-z0-9+/=]+\r?\n?)+)/g, group: 2, hints: ['private-lines'] },
  { id: 'age-secret-key', family: 'key-material', re: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g, hints: ['age-secret-key'] },
  { id: 'kubeconfig-key-data', family: 'key-material', re: /\bclient-key-data:\s*["']?([A-Za-z0-9+/=]{20,})/g, group: 1, hints: ['client-key-data'] },
  { id: 'docker-config-auth', family: 'key-material', re: /"(?:auth|identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9+/=]{12,})"/gi, group: 1, hints: ['"auth', 'token"'] },
  {
    id: 'npmrc-auth',
    family: 'key-material',
    re: /(?:^|[\s;])(?:\/\/[^\s=]+:)?_(?:auth|password)\s*=\s*["']?([^\s"']{8,})/gm,
    group: 1,
    accept: (v) => looksLikeValue(v),
    hints: ['_auth', '_password'],
  },
  { id: 'netrc-password', family: 'key-material', re: /\bmachine\s+\S+\s+(?:login\s+\S+\s+)?password\s+(\S+)/g, group: 1, hints: ['machine'] },
  { id: 'wireguard-key', family: 'key-material', re: /\b(?:PrivateKey|PresharedKey)\s*=\s*([A-Za-z0-9+/]{42,43}=)/g, group: 1, hints: ['privatekey', 'presharedkey'] },
  { id: 'gcp-private-key-id', family: 'cloud', re: /"private_key_id"\s*:\s*"([a-f0-9]{40})"/g, group: 1, hints: ['private_key_id'] },
  // cloud
  { id: 'aws-access-key-id', family: 'cloud', re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  { id: 'aws-secret-access-key', family: 'cloud', re: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, group: 1, hints: ['aws'] },
  { id: 'aws-session-token', family: 'cloud', re: /\baws_?session_?token\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{100,})/gi, group: 1, hints: ['aws'] },
  { id: 'gcp-api-key', family: 'cloud', re: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g, hints: ['aiza'] },
  { id: 'google-oauth-secret', family: 'cloud', re: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![\w-])/g, hints: ['gocspx'] },
  { id: 'google-refresh-token', family: 'cloud', re: /\b1\/\/0[A-Za-z0-9_-]{40,}/g, hints: ['1//0'] },
  { id: 'azure-storage-key', family: 'cloud', re: /\bAccountKey=([A-Za-z0-9+/]{86}==)/g, group: 1, hints: ['accountkey'] },
  { id: 'azure-sas-signature', family: 'cloud', re: /[?&;]sig=([A-Za-z0-9%+/=_-]{20,})/gi, group: 1, hints: ['sig='] },
  { id: 'azure-ad-client-secret', family: 'cloud', re: /(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/g, hints: ['q~'] },
  { id: 'alibaba-access-key', family: 'cloud', re: /\bLTAI[A-Za-z0-9]{12,20}\b/g, hints: ['ltai'] },
  { id: 'digitalocean-token', family: 'cloud', re: /\bdo[opr]_v1_[a-f0-9]{64}\b/g, hints: ['_v1_'] },
  { id: 'vault-token', family: 'cloud', re: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g, hints: ['hvs.', 'hvb.', 'hvr.'] },
  { id: 'terraform-cloud-token', family: 'cloud', re: /\b[a-z0-9]{14}\.atlasv1\.[a-z0-9_=-]{60,70}\b/g, hints: ['atlasv1'] },
  // SaaS tokens with fixed prefixes
  { id: 'github-token', family: 'saas-token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g, hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { id: 'github-fine-grained-pat', family: 'saas-token', re: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, hints: ['github_pat_'] },
  { id: 'gitlab-token', family: 'saas-token', re: /\bgl(?:pat|dt|ptt|rt|cbt|imt|agent|oas|ft|soat)-[A-Za-z0-9_-]{20,}(?![\w-])/g, hints: ['gl'] },
  { id: 'slack-token', family: 'saas-token', re: /\bxox[abposre]-(?:\d+-)?[A-Za-z0-9-]{10,}(?![\w-])/g, hints: ['xox'] },
  { id: 'slack-app-token', family: 'saas-token', re: /\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+\b/gi, hints: ['xapp-'] },
  { id: 'slack-webhook', family: 'saas-token', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,}/g, hints: ['hooks.slack.com'] },
  { id: 'discord-bot-token', family: 'saas-token', re: /\b[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}\b/g },
  { id: 'discord-webhook', family: 'saas-token', re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/g, hints: ['discord'] },
  { id: 'telegram-bot-token', family: 'saas-token', re: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g, hints: [':aa'] },
  { id: 'anthropic-key', family: 'saas-token', re: /\bsk-ant-[A-Za-z0-9]{3,10}-[A-Za-z0-9_-]{20,}(?![\w-])/g, hints: ['sk-ant-'] },
  { id: 'openai-key', family: 'saas-token', re: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}(?![\w-])/g, hints: ['sk-'] },
  { id: 'stripe-key', family: 'saas-token', re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, hints: ['_live_', '_test_'] },
  { id: 'stripe-webhook-secret', family: 'saas-token', re: /\bwhsec_[A-Za-z0-9+/=]{24,}/g, hints: ['whsec_'] },
  { id: 'twilio-key', family: 'saas-token', re: /\b(?:SK|AC)[0-9a-f]{32}\b/g },
  { id: 'sendgrid-key', family: 'saas-token', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![\w-])/g, hints: ['sg.'] },
  { id: 'mailchimp-key', family: 'saas-token', re: /\b[0-9a-f]{32}-us\d{1,2}\b/g, hints: ['-us'] },
  { id: 'mailgun-key', family: 'saas-token', re: /\bkey-[0-9a-zA-Z]{32}\b/g, hints: ['key-'] },
  { id: 'npm-token', family: 'saas-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, hints: ['npm_'] },
  { id: 'pypi-token', family: 'saas-token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g, hints: ['pypi-'] },
  { id: 'dockerhub-pat', family: 'saas-token', re: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g, hints: ['dckr_pat_'] },
  { id: 'huggingface-token', family: 'saas-token', re: /\bhf_[A-Za-z0-9]{34,}\b/g, hints: ['hf_'] },
  { id: 'shopify-token', family: 'saas-token', re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g, hints: ['shp'] },
  { id: 'atlassian-token', family: 'saas-token', re: /\bAT[AC]TT3[A-Za-z0-9_\-=]{40,}/g, hints: ['att3'] },
  { id: 'postman-key', family: 'saas-token', re: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/gi, hints: ['pmak-'] },
  { id: 'databricks-token', family: 'saas-token', re: /\bdapi[a-f0-9]{32}(?:-\d+)?\b/g, hints: ['dapi'] },
  { id: 'linear-key', family: 'saas-token', re: /\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/g, hints: ['lin_'] },
  { id: 'notion-token', family: 'saas-token', re: /\b(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})\b/g, hints: ['secret_', 'ntn_'] },
  { id: 'sentry-token', family: 'saas-token', re: /\bsntry[su]_[A-Za-z0-9+/=_-]{40,}/g, hints: ['sntry'] },
  { id: 'grafana-token', family: 'saas-token', re: /\bgl(?:sa|c)_[A-Za-z0-9_+/=-]{32,}/g, hints: ['glsa_', 'glc_'] },
  { id: 'new-relic-key', family: 'saas-token', re: /\bNR(?:AK|AA|II|JS|RA)-[A-Z0-9]{27}\b/g, hints: ['nr'] },
  { id: 'pulumi-token', family: 'saas-token', re: /\bpul-[a-f0-9]{40}\b/g, hints: ['pul-'] },
  { id: 'doppler-token', family: 'saas-token', re: /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b/g, hints: ['dp.'] },
  { id: 'planetscale-token', family: 'saas-token', re: /\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}/g, hints: ['pscale_'] },
  { id: 'supabase-token', family: 'saas-token', re: /\bsbp_[a-f0-9]{40}\b/g, hints: ['sbp_'] },
  { id: 'jwt', family: 'saas-token', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, hints: ['eyj'] },
  // credentials in URLs: user:password@ and a token as the user
  { id: 'url-credentials', family: 'credentials-in-urls', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*:([^\s@/'"`]{3,})@/gi, group: 1, accept: (v) => looksLikeValue(v), hints: ['://'] },
  { id: 'url-token-user', family: 'credentials-in-urls', re: /\b[a-z][a-z0-9+.-]*:\/\/([A-Za-z0-9_-]{20,})@/gi, group: 1, accept: (v) => entropy(v) >= 3.2, hints: ['://'] },
  // credentials in command arguments
  {
    id: 'mysql-password-arg',
    family: 'credentials-in-commands',
    re: /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump)\b[^\n|;&]*?\s-p((?:'[^']+'|"[^"]+"|[^\s'"-][^\s'"]*))/g,
    group: 1,
    accept: (v) => looksLikeValue(v.replace(/^["']/, '')),
    hints: ['mysql', 'mariadb'],
  },
  {
    id: 'registry-login-password',
    family: 'credentials-in-commands',
    re: /\b(?:docker|podman|buildah|skopeo|nerdctl|helm\s+registry|oras)\s+login\b[^\n|;&]*?\s(?:-p|--password)(?:=|\s+)('[^']+'|"[^"]+"|\S+)/g,
    group: 1,
    accept: (v) => looksLikeValue(v.replace(/^["']/, '')),
    hints: ['login'],
  },
  {
    id: 'sshpass-password',
    family: 'credentials-in-commands',
    re: /\bsshpass\b[^\n|;&]*?\s-p\s*('[^']+'|"[^"]+"|\S+)/g,
    group: 1,
    accept: (v) => looksLikeValue(v.replace(/^["']/, '')),
    hints: ['sshpass'],
  },
  {
    id: 'password-option',
    family: 'credentials-in-commands',
    re: /(?:^|\s)--?(?:password|passwd|pass|db-password|token|secret|api-key|apikey|auth-token|access-token|client-secret|service-token|with-api-key)(?:=|\s+)('[^']+'|"[^"]+"|[^\s'"]+)/gim,
    group: 1,
    accept: (v) => passwordLike(v) && !/^-/.test(v),
    hints: ['-pass', 'token', 'secret', 'key'],
  },
  {
    id: 'user-password-option',
    family: 'credentials-in-commands',
    re: /(?:^|\s)(?:-u|--user|--proxy-user|-U)(?:=|\s+)['"]?[^\s:%'"]+[:%]([^\s'"@]+)/g,
    group: 1,
    accept: (v) => looksLikeValue(v) && v.length >= 4,
  },
  {
    id: 'htpasswd-password',
    family: 'credentials-in-commands',
    re: /\bhtpasswd\s+((?:-\w+\s+)*)(\S+)\s+(\S+)(?:\s+(\S+))?/g,
    // -b takes the password from the command line: the last operand (file user password, or user password with -n)
    pick: ([flags, , second, third]) => (/b/.test(flags ?? '') ? (/n/.test(flags ?? '') ? second : third) : undefined),
    accept: (v) => looksLikeValue(v.replace(/^["']/, '')),
    hints: ['htpasswd'],
  },
  { id: 'openssl-pass', family: 'credentials-in-commands', re: /\s-pass(?:in|out)?\s+pass:(\S+)/g, group: 1, hints: ['pass:'] },
  {
    id: 'authorization-header',
    family: 'credentials-in-commands',
    re: /\b(?:authorization|proxy-authorization|x-api-key|api-key|private-token|x-auth-token)\b["']?\s*[:=]\s*["']?(?:bearer|basic|token|bot|ssws|apikey)?\s*([A-Za-z0-9._~+/=-]{12,})/gi,
    group: 1,
    hints: ['authorization', 'api-key', 'token'],
  },
  // keyword assignments: KEY=value, "key": "value", key: value
  {
    id: 'password-assignment',
    family: 'generic',
    re: /\b[\w.-]*(?:password|passwd|pwd|passphrase|_pass|pass_)\b["']?\s*(?::=|=>|[:=])\s*("[^"\n]{6,}"|'[^'\n]{6,}'|[^\s"'`,;]{6,})/gi,
    group: 1,
    accept: (v) => passwordLike(v),
    hints: ['pass', 'pwd'],
  },
  {
    id: 'generic-secret',
    family: 'generic',
    re: /\b[\w.-]*(?:secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?token|_authToken|credentials?|private[_-]?key|client[_-]?secret|signing[_-]?key|encryption[_-]?key)\b["']?\s*(?::=|=>|[:=])\s*["']?([^\s"'`,;]{8,})/gi,
    group: 1,
    accept: (v) => tokenLike(v),
    hints: ['secret', 'token', 'key', 'credential'],
  },
  // high-entropy values with context: an assignment whose name is not a checksum/version/id, or a long mixed token
  {
    id: 'high-entropy-assignment',
    family: 'entropy',
    re: /\b([A-Za-z_][\w.-]{0,60})["']?\s*(?::=|=>|[:=])\s*["']?([A-Za-z0-9+/_-]{20,}={0,2})(?![\w+/=-])/g,
    group: 2,
    accept: (v, m) => !NOT_SECRET_NAME.test(/^[A-Za-z_][\w.-]*/.exec(m)![0]) && highEntropy(v),
  },
  {
    id: 'high-entropy-token',
    family: 'entropy',
    re: /(?<![\w+/=.-])([A-Za-z0-9+/]{40,}={0,2})(?![\w+/=.-])/g,
    accept: (v) => (v.match(/\d/g)?.length ?? 0) >= 3 && (v.match(/[A-Z]/g)?.length ?? 0) >= 3 && (v.match(/[a-z]/g)?.length ?? 0) >= 3 && entropy(v) >= 4.5,
  },
];
