/**
 * Secret redaction for everything that leaves the machine. The rule families are modelled on public
 * secret-scanning rule sets (gitleaks, GitHub secret scanning): provider token formats with fixed prefixes,
 * private keys, credentials in URLs and headers, and generic high-entropy assignments.
 */
export interface SecretRule {
  id: string;
  re: RegExp;
  /** Which capture group is the secret (0 = the whole match). */
  group?: number;
  /** Extra check on the captured value (e.g. entropy for generic assignments). */
  accept?: (value: string) => boolean;
}

export const SECRET_RULES: SecretRule[] = [
  { id: 'private-key', re: /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----/g },
  { id: 'aws-access-key-id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g },
  { id: 'aws-secret-access-key', re: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, group: 1 },
  { id: 'gcp-api-key', re: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { id: 'google-oauth-secret', re: /\bGOCSPX-[A-Za-z0-9_-]{28}(?![\w-])/g },
  { id: 'azure-storage-key', re: /\bAccountKey=([A-Za-z0-9+/]{86}==)/g, group: 1 },
  { id: 'github-token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g },
  { id: 'github-fine-grained-pat', re: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g },
  { id: 'gitlab-token', re: /\bgl(?:pat|dt|ptt|rt|cbt|imt|agent|oas)-[A-Za-z0-9_-]{20,}(?![\w-])/g },
  { id: 'slack-token', re: /\bxox[abposr]-(?:\d+-)?[A-Za-z0-9-]{10,}(?![\w-])/g },
  { id: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/]{20,}/g },
  { id: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9]{3,10}-[A-Za-z0-9_-]{20,}(?![\w-])/g },
  { id: 'openai-key', re: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}(?![\w-])/g },
  { id: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { id: 'twilio-key', re: /\bSK[0-9a-f]{32}\b/g },
  { id: 'sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![\w-])/g },
  { id: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { id: 'pypi-token', re: /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g },
  { id: 'dockerhub-pat', re: /\bdckr_pat_[A-Za-z0-9_-]{27,}/g },
  { id: 'huggingface-token', re: /\bhf_[A-Za-z0-9]{34,}\b/g },
  { id: 'shopify-token', re: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g },
  { id: 'digitalocean-token', re: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { id: 'mailgun-key', re: /\bkey-[0-9a-zA-Z]{32}\b/g },
  { id: 'telegram-bot-token', re: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![\w-])/g },
  { id: 'discord-webhook', re: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{20,}/g },
  { id: 'age-secret-key', re: /\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g },
  { id: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { id: 'url-credentials', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]+:([^\s@/'"`]{3,})@/gi, group: 1 },
  { id: 'authorization-header', re: /\b(?:authorization|proxy-authorization|x-api-key|api-key)\b["']?\s*[:=]\s*["']?(?:bearer|basic|token|bot)?\s*([A-Za-z0-9._~+/=-]{12,})/gi, group: 1 },
  {
    id: 'generic-secret',
    re: /\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?token|_authToken|credentials?|private[_-]?key|client[_-]?secret)\b["']?\s*(?::=|=>|[:=])\s*["']?([^\s"'`,;]{8,})/gi,
    group: 1,
    // a value, not code: variables, templates, member paths (process.env.X), calls and placeholders stay
    accept: (v) => !/^\$|^\{\{|^<|REDACTED|^\*+$|[()[\]]|^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/.test(v) && entropy(v) >= 3.2 && /\d|[^A-Za-z]/.test(v),
  },
];

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

export interface Redaction {
  text: string;
  /** How many secrets were replaced, by rule id. */
  found: Record<string, number>;
}

/** Replace every secret with `[REDACTED:rule]`. */
export function redact(text: string): Redaction {
  const found: Record<string, number> = {};
  let out = text;
  for (const rule of SECRET_RULES) {
    rule.re.lastIndex = 0;
    if (!rule.re.test(out)) continue;
    rule.re.lastIndex = 0;
    out = out.replace(rule.re, (m: string, ...groups: unknown[]) => {
      const value = rule.group ? (groups[rule.group - 1] as string | undefined) : m;
      if (!value || (rule.accept && !rule.accept(value))) return m;
      found[rule.id] = (found[rule.id] ?? 0) + 1;
      const tag = `[REDACTED:${rule.id}]`;
      return rule.group ? m.slice(0, m.lastIndexOf(value)) + tag + m.slice(m.lastIndexOf(value) + value.length) : tag;
    });
  }
  return { text: out, found };
}

/** Files whose whole content is secret: never sent, not even redacted. */
const SECRET_FILES = [
  /(^|\/)\.env(\.[^/]*)?$/, /(^|\/)\.envrc$/, /\.(pem|key|p12|pfx|jks|keystore|kdbx|ppk|asc|gpg)$/i, /(^|\/)id_(rsa|dsa|ecdsa|ed25519)[^/]*$/,
  /(^|\/)\.netrc$/, /(^|\/)\.pgpass$/, /(^|\/)\.npmrc$/, /(^|\/)\.pypirc$/, /(^|\/)\.git-credentials$/, /(^|\/)\.aws\/credentials$/,
  /(^|\/)\.docker\/config\.json$/, /(^|\/)\.kube\/config$/, /(^|\/)secrets?\.(ya?ml|json|toml)$/i, /\.tfstate(\.backup)?$/, /(^|\/)credentials\.json$/,
];

export function isSecretFile(path: string): boolean {
  return SECRET_FILES.some((re) => re.test(path));
}

/**
 * A unified diff with the sections of secret files withheld (only their names stay) and every other line
 * redacted. `withheld` lists the files left out.
 */
export function redactDiff(diff: string): Redaction & { withheld: string[] } {
  const withheld: string[] = [];
  const sections = diff.split(/(?=^diff --git )/m);
  const kept = sections.map((sec) => {
    const m = /^diff --git a\/(\S+) b\/(\S+)/.exec(sec);
    if (m && (isSecretFile(m[1]!) || isSecretFile(m[2]!))) {
      withheld.push(m[2]!);
      return `diff --git a/${m[1]} b/${m[2]}\n[kibitz: the content of ${m[2]} is withheld: it is a secrets file]\n`;
    }
    return sec;
  });
  const r = redact(kept.join(''));
  return { ...r, withheld };
}
