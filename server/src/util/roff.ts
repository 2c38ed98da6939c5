/** Roff inline rendering: escapes and font changes to plain text; macro argument splitting. */

const NAMED: Record<string, string> = {
  em: '—',
  en: '–',
  hy: '-',
  mi: '-',
  aq: "'",
  dq: '"',
  cq: "'",
  oq: "'",
  lq: '"',
  rq: '"',
  bu: '•',
  co: '©',
  rg: '®',
  tm: '™',
  rs: '\\',
  ga: '`',
  ti: '~',
  ha: '^',
  lB: '[',
  rB: ']',
  lC: '{',
  rC: '}',
  la: '<',
  ra: '>',
  Fo: '«',
  Fc: '»',
  fo: '‹',
  fc: '›',
  '>=': '≥',
  '<=': '≤',
  '->': '→',
  '<-': '←',
  mu: '×',
  de: '°',
  sl: '/',
  ba: '|',
  or: '|',
  ci: '○',
  sq: '□',
  at: '@',
  sh: '#',
  Do: '$',
  bv: '|',
  pl: '+',
  eq: '=',
  ul: '_',
  ru: '_',
  aa: '´',
};

const STRINGS: Record<string, string> = { lq: '"', rq: '"', Aq: "'", R: '®', Tm: '™', Lq: '"', Rq: '"' };

/** Escapes that stand for one character. */
const LITERAL: Record<string, string> = { '-': '-', e: '\\', '\\': '\\', ' ': ' ', '~': ' ', '0': ' ', '.': '.', "'": "'", '`': '`' };
/** Escapes with a delimited argument to skip (`\h'...'` and friends). */
const DELIMITED = new Set('hvwolLDxXZbACNYVmM');

/** Render one line of roff text (no macro) to plain text. */
export function renderInline(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[i + 1];
    if (n === undefined) break;
    // a comment to the end of the line
    if (n === '"') return out.trimEnd();
    if (n === '#') return out;
    const e = escapeAt(s, i + 1);
    out += e.text;
    i = e.last;
  }
  return out;
}

/** The escape whose letter is at `i` (after the backslash): what it prints and the index of its last character. */
function escapeAt(s: string, i: number): { text: string; last: number } {
  const n = s[i]!;
  if (n in LITERAL) return { text: LITERAL[n]!, last: i };
  if (DELIMITED.has(n)) {
    const delim = s[i + 1];
    if (delim === '[') return { text: '', last: closeBracket(s, i + 1) };
    if (!delim) return { text: '', last: i };
    const end = s.indexOf(delim, i + 2);
    return { text: '', last: end === -1 ? s.length : end };
  }
  switch (n) {
    case 'f':
    case 'n':
      // a font (\fB \f(CW \f[CR]) or a number register (\n(xx \nx \n[xx]): prints nothing
      return { text: '', last: s[i + 1] === '(' ? i + 3 : s[i + 1] === '[' ? closeBracket(s, i + 1) : i + 1 };
    case '(':
      return { text: NAMED[s.slice(i + 1, i + 3)] ?? '', last: i + 2 };
    case '[': {
      const end = closeBracket(s, i);
      const name = s.slice(i + 1, end);
      return { text: NAMED[name] ?? (/^u[0-9A-F]{4,5}$/.test(name) ? String.fromCodePoint(parseInt(name.slice(1), 16)) : ''), last: end };
    }
    case '*': {
      if (s[i + 1] === '(') return { text: STRINGS[s.slice(i + 2, i + 4)] ?? '', last: i + 3 };
      if (s[i + 1] === '[') {
        const end = closeBracket(s, i + 1);
        return { text: STRINGS[s.slice(i + 2, end)] ?? '', last: end };
      }
      return { text: STRINGS[s[i + 1]!] ?? '', last: i + 1 };
    }
    case 's': {
      // \s-1 \s0 \s+2 \s(12
      const m = /^s([+-]?\d|\(\d\d|\[\d+\])/.exec(s.slice(i));
      return { text: '', last: m ? i + m[0].length - 1 : i };
    }
    case 'k':
    case 'z':
      return { text: '', last: i + 1 };
    default:
      // \& \| \^ \% \c \, \/ \: \) \{ \} and unknown escapes print nothing
      return { text: '', last: i };
  }
}

function closeBracket(s: string, open: number): number {
  const end = s.indexOf(']', open);
  return end === -1 ? s.length - 1 : end;
}

/** Split macro arguments, honouring "double quoted" arguments ("" inside is a literal quote). */
export function splitArgs(s: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    if (s[i] === '"') {
      let a = '';
      i++;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            a += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (s[i] === '\\' && s[i + 1] === '"') break; // comment
        a += s[i];
        i++;
      }
      args.push(a);
    } else {
      let a = '';
      while (i < s.length && s[i] !== ' ' && s[i] !== '\t') {
        if (s[i] === '\\' && s[i + 1] === '"') return args.concat(a ? [a] : []);
        if (s[i] === '\\' && i + 1 < s.length) {
          a += s[i]! + s[i + 1]!;
          i += 2;
          continue;
        }
        a += s[i];
        i++;
      }
      args.push(a);
    }
  }
  return args;
}

/** man(7) font macros: .B .I .BR .IR ... joined (alternating ones without spaces). */
export function renderFontMacro(name: string, args: string[]): string {
  const parts = args.map(renderInline);
  if (name.length === 2 && /^[BIR]{2}$/.test(name)) return parts.join('');
  return parts.join(' ');
}

const MDOC_CALLABLE = new Set([
  'Ad',
  'An',
  'Ar',
  'Cd',
  'Cm',
  'Dv',
  'Er',
  'Ev',
  'Fa',
  'Fl',
  'Fn',
  'Ft',
  'Ic',
  'Li',
  'Nm',
  'Op',
  'Oo',
  'Oc',
  'Pa',
  'Va',
  'Vt',
  'Xr',
  'Em',
  'Sy',
  'No',
  'Ns',
  'Ql',
  'Dq',
  'Sq',
  'Pq',
  'Bq',
  'Brq',
  'Aq',
  'Do',
  'Dc',
  'So',
  'Sc',
  'Po',
  'Pc',
  'Qq',
  'Tn',
  'Ux',
  'Bx',
  'St',
  'Ms',
  'Lk',
  'Mt',
  'Ta',
  'Ek',
]);

/** Render an mdoc(7) macro line (without the leading dot) to text; `nm` is the page's .Nm name. */
export function renderMdoc(line: string, nm: string): string {
  const toks = splitArgs(line);
  let out = '';
  let noSpace = false;
  const push = (t: string) => {
    if (out && !noSpace && !/^[.,;:)\]]$/.test(t) && !out.endsWith('[') && !out.endsWith('(')) out += ' ';
    out += t;
    noSpace = false;
  };
  let mode = '';
  let closers: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (MDOC_CALLABLE.has(t) || (i === 0 && /^[A-Z][a-z]$/.test(t))) {
      mode = t;
      switch (t) {
        case 'Fl':
          if (i + 1 >= toks.length || MDOC_CALLABLE.has(toks[i + 1]!)) {
            push('-');
            // `Fl Fl brief` is --brief
            noSpace = toks[i + 1] === 'Fl';
          }
          break;
        case 'Nm':
          if (i + 1 >= toks.length || MDOC_CALLABLE.has(toks[i + 1]!)) push(nm);
          break;
        case 'Ar':
          if (i + 1 >= toks.length || MDOC_CALLABLE.has(toks[i + 1]!)) push('file ...');
          break;
        case 'Op':
          push('[');
          noSpace = true;
          closers.push(']');
          break;
        case 'Oo':
          push('[');
          noSpace = true;
          break;
        case 'Oc':
          out += ']';
          break;
        case 'Dq':
        case 'Qq':
          push('"');
          noSpace = true;
          closers.push('"');
          break;
        case 'Sq':
        case 'Ql':
          push("'");
          noSpace = true;
          closers.push("'");
          break;
        case 'Pq':
          push('(');
          noSpace = true;
          closers.push(')');
          break;
        case 'Ns':
          noSpace = true;
          break;
      }
      continue;
    }
    const text = renderInline(t);
    if (/^[.,;:)\]|]$/.test(text)) push(text);
    else if (mode === 'Fl') push('-' + text);
    else if (mode === 'Xr' && /^\d/.test(text)) out += `(${text})`;
    else push(text);
  }
  closers.reverse().forEach((c) => (out += c));
  return out;
}
