/**
 * Invisible Unicode: bidi controls (Trojan Source), zero-width characters and tag characters (ASCII smuggling)
 * are stripped from text going to a model and from model output. Emoji that need them survive: a zero-width
 * joiner between two pictographs (👩‍💻) and the tag sequence of a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿).
 */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const ZERO_WIDTH = /[\u200B\u200C\u200D\u2060-\u2064\uFEFF\u180E\u00AD\u034F\u115F\u1160\u3164\uFFA0]/;
const TAG = /[\u{E0000}-\u{E007F}]/u;
const PICTO = /\p{Extended_Pictographic}/u;
const BLACK_FLAG = 0x1f3f4;

export interface Sanitized {
  text: string;
  /** Code points removed, as U+XXXX, with counts. */
  removed: Record<string, number>;
}

export function stripInvisible(text: string): Sanitized {
  const removed: Record<string, number> = {};
  if (!/[\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]/u.test(text)) return { text, removed };
  const cps = Array.from(text);
  const out: string[] = [];
  let inFlag = false;
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i]!;
    const cp = ch.codePointAt(0)!;
    if (cp === BLACK_FLAG) inFlag = true;
    else if (!TAG.test(ch)) inFlag = false;
    let drop = BIDI.test(ch) || (ZERO_WIDTH.test(ch) && !(cp === 0x200d && PICTO.test(cps[i - 1] ?? '') && PICTO.test(cps[i + 1] ?? '')));
    if (TAG.test(ch)) drop = !inFlag;
    if (cp === 0xe007f && inFlag) inFlag = false;
    if (drop) {
      const key = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
      removed[key] = (removed[key] ?? 0) + 1;
    } else {
      out.push(ch);
    }
  }
  return { text: out.join(''), removed };
}

export function hasInvisible(text: string): boolean {
  return Object.keys(stripInvisible(text).removed).length > 0;
}

/** Characters an editor or terminal may treat as a line break, besides `\n`. */
export const LINE_BREAKS = /\r\n|[\r\u2028\u2029\u0085\v\f]/g;
/** Control characters that have no place in proposed text (C0 but tab and newline, DEL, C1). */
const CONTROLS = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]/g;

/**
 * Model-written text made safe to show and insert: invisible characters stripped, every kind of line break made
 * `\n` (so a comment built line by line cannot be ended by a CR or U+2028 the editor honours), other control
 * characters removed.
 */
export function cleanModelText(text: string): string {
  return stripInvisible(text).text.replace(LINE_BREAKS, '\n').replace(CONTROLS, '');
}

/** The same for every string inside a parsed answer. */
export function cleanDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanModelText(value) as T;
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cleanDeep(v, depth + 1);
  return out as T;
}
