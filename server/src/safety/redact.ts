import { stripInvisible } from './sanitize.js';
import { SECRET_RULES, type SecretRule } from './secret-rules.js';

export { SECRET_RULES, entropy, type SecretRule } from './secret-rules.js';
export { isSecretFile } from './secret-files.js';
import { isSecretFile } from './secret-files.js';

/**
 * Secret redaction for everything that leaves the process: text sent to a model, log lines, feedback events,
 * few-shot examples, index files and exports. Invisible characters are removed first, so a zero-width space
 * inside a token cannot hide it from the rules (secret-rules.ts, by family).
 */
export interface Redaction {
  text: string;
  /** How many secrets were replaced, by rule id. */
  found: Record<string, number>;
}

/** Public key material (certificates, public keys, PGP public key blocks): long base64, but nothing secret. */
const PUBLIC_BLOCK = /-----BEGIN (?:PGP PUBLIC KEY BLOCK|PUBLIC KEY|RSA PUBLIC KEY|CERTIFICATE|SSH2 PUBLIC KEY|PGP SIGNATURE)-----[\s\S]*?-----END [A-Z0-9 ]+-----/g;
/** A DER public key (SubjectPublicKeyInfo) in base64. */
const SPKI = /MII[A-Za-z0-9+/]{1,2}jANBgkqhkiG9w0BAQEFAAO/;

function publicRanges(text: string): [number, number][] {
  if (!text.includes('-----BEGIN ')) return [];
  return [...text.matchAll(PUBLIC_BLOCK)].map((m) => [m.index, m.index + m[0].length]);
}

function applyRule(rule: SecretRule, text: string, found: Record<string, number>, isPublic: (offset: number) => boolean): string {
  rule.re.lastIndex = 0;
  return text.replace(rule.re, (m: string, ...groups: unknown[]) => {
    if (rule.family === 'entropy') {
      const offset = groups.find((g) => typeof g === 'number') as number;
      // a public key, also one written on a line as base64 pieces joined by `\n`
      const line = text.slice(text.lastIndexOf('\n', offset) + 1, (text.indexOf('\n', offset) + 1 || text.length + 1) - 1);
      if (isPublic(offset) || SPKI.test(line)) return m;
    }
    const captured = groups.slice(
      0,
      groups.findIndex((g) => typeof g === 'number'),
    ) as (string | undefined)[];
    const value = rule.pick ? rule.pick(captured) : rule.group ? captured[rule.group - 1] : m;
    if (!value || (rule.accept && !rule.accept(value, m))) return m;
    found[rule.id] = (found[rule.id] ?? 0) + 1;
    const tag = `[REDACTED:${rule.id}]`;
    if (!rule.group && !rule.pick) return tag;
    const at = m.lastIndexOf(value);
    return m.slice(0, at) + tag + m.slice(at + value.length);
  });
}

/** Replace every secret with `[REDACTED:rule]`. */
export function redact(input: string): Redaction {
  const found: Record<string, number> = {};
  let out = stripInvisible(input).text;
  let lower = out.toLowerCase();
  let ranges = publicRanges(out);
  const isPublic = (offset: number) => ranges.some(([a, b]) => offset >= a && offset < b);
  for (const rule of SECRET_RULES) {
    if (rule.hints && !rule.hints.some((h) => lower.includes(h))) continue;
    const next = applyRule(rule, out, found, isPublic);
    if (next !== out) {
      out = next;
      lower = out.toLowerCase();
      ranges = publicRanges(out);
    }
  }
  return { text: out, found };
}

/** Just the redacted text. */
export function redactText(s: string): string {
  return redact(s).text;
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
