import type { Word } from '../explain/words.js';
import { baseName, type ScriptModel, type SimpleCommand } from './model.js';
import { unquotedExpansions, type Finding } from './rules.js';

/** One text replacement, in offsets of the text the fix was computed for. */
export interface FixEdit {
  start: number;
  end: number;
  newText: string;
}

/** A proposed fix: the server offers it, the user applies it. */
export interface Fix {
  title: string;
  rule: string;
  preferred: boolean;
  edits: FixEdit[];
}

export interface FixOptions {
  /** May a fix span several lines (shell files, Markdown), or must it stay on one (Dockerfile RUN, Makefile, YAML)? */
  multiline: boolean;
  /** Indentation of the line the finding is on, for multi-line fixes. */
  indent: string;
}

/** Placeholder the user must replace with the checksum the publisher lists: the check fails until they do. */
export const CHECKSUM_PLACEHOLDER = '<sha256 published for this file>';

/** Fixes for one finding of a shell text whose model is `model` (offsets into that text). */
export function fixesFor(text: string, model: ScriptModel, f: Finding, opts: FixOptions): Fix[] {
  const cmd = model.commands.find((c) => c.args.some((a) => a.start === f.start && a.end === f.end) || (c.nameWord.start === f.start && c.nameWord.end === f.end));
  const word = cmd && [cmd.nameWord, ...cmd.args].find((a) => a.start === f.start && a.end === f.end);
  const out: Fix[] = [];
  const fix = (title: string, edits: FixEdit[], preferred = false) => out.push({ title, rule: f.rule, preferred, edits });
  switch (f.rule) {
    case 'git-push-force': {
      const v = word?.value ?? '';
      if (v === '--force' || v === '-f') fix(`Use --force-with-lease instead of ${v}`, [{ start: f.start, end: f.end, newText: '--force-with-lease' }], true);
      else if (/^-[a-zA-Z]+$/.test(v)) fix(`Use --force-with-lease instead of -f in ${v}`, [{ start: f.start, end: f.end, newText: `-${v.slice(1).replace('f', '')} --force-with-lease` }], true);
      break;
    }
    case 'rm-unguarded-variable':
      if (word) guardFix(word, fix);
      break;
    case 'unquoted-expansion':
      // a word list the script builds is split on purpose: quoting it would break the script
      if (word && !unquotedExpansions(word).every((p) => p.name && model.facts.lists.has(p.name))) quoteFix(word, text, fix);
      break;
    case 'pipe-to-shell': {
      const v = downloadThenVerify(text, model, f, opts);
      if (v) fix(v.title, [v.edit], true);
      break;
    }
  }
  if (cmd && ['rm-critical-path', 'rm-unguarded-variable', 'unquoted-expansion', 'git-clean-force', 'system-file-write', 'cloud-destroy'].includes(f.rule)) {
    const ask = interactiveFix(text, cmd);
    if (ask) fix(ask.title, [ask.edit]);
  }
  return out;
}

/** `$DIR/x` -> `"${DIR:?}"/x`, `"$DIR/x"` -> `"${DIR:?}/x"`: an empty or unset DIR stops the command. */
function guardFix(w: Word, fix: (title: string, edits: FixEdit[], preferred?: boolean) => void): void {
  const m = /^("?)\$(\{)?([A-Za-z_]\w*)(\}?)/.exec(w.raw);
  if (!m || (m[2] && !m[4])) return;
  const quoted = m[1] === '"';
  const guarded = quoted ? `\${${m[3]}:?}` : `"\${${m[3]}:?}"`;
  const at = w.start + m[1]!.length;
  fix(`Guard the variable: ${guarded}`, [{ start: at, end: w.start + m[0].length, newText: guarded }], true);
}

/** Put double quotes around each unquoted expansion of a word; glob characters outside them keep working. */
function quoteFix(w: Word, text: string, fix: (title: string, edits: FixEdit[], preferred?: boolean) => void): void {
  const parts = unquotedExpansions(w);
  if (parts.length === 0) return;
  const edits = parts.flatMap((p) => [
    { start: p.start, end: p.start, newText: '"' },
    { start: p.end, end: p.end, newText: '"' },
  ]);
  const quoted = parts.reduceRight((s, p) => s.slice(0, p.start - w.start) + '"' + s.slice(p.start - w.start, p.end - w.start) + '"' + s.slice(p.end - w.start), text.slice(w.start, w.end));
  fix(`Quote the expansion: ${quoted}`, edits, true);
}

const INTERACTIVE: Record<string, { flag: string; note: string }> = {
  rm: { flag: '-I', note: 'asks once before deleting recursively or more than three files' },
  cp: { flag: '-i', note: 'asks before overwriting' },
  mv: { flag: '-i', note: 'asks before overwriting' },
  ln: { flag: '-i', note: 'asks before replacing' },
};

/** Add the command's own "ask first" option where it has one (after the last option, so it wins over -f). */
function interactiveFix(text: string, cmd: SimpleCommand): { title: string; edit: FixEdit } | undefined {
  const args = cmd.args;
  const sub = args[0]?.value;
  if (cmd.name === 'terraform' && sub === 'destroy') {
    const auto = args.find((a) => /^--?auto-approve$/.test(a.value ?? ''));
    if (!auto) return undefined;
    const from = /[ \t]$/.test(text.slice(auto.start - 1, auto.start)) ? auto.start - 1 : auto.start;
    return { title: `Remove ${auto.raw} so terraform asks before destroying`, edit: { start: from, end: auto.end, newText: '' } };
  }
  let flag: string | undefined;
  let note = '';
  if (INTERACTIVE[cmd.name]) ({ flag, note } = INTERACTIVE[cmd.name]!);
  else if (cmd.name === 'git' && sub === 'clean') [flag, note] = ['-i', 'shows what would be deleted and asks'];
  else if (cmd.name === 'kubectl' && sub === 'delete') [flag, note] = ['--interactive', 'lists what would be deleted and asks (kubectl >= 1.30)'];
  if (!flag) return undefined;
  if (args.some((a) => a.value === flag || (cmd.name === 'rm' && /^-[a-zA-Z]*[iI]/.test(a.value ?? '')))) return undefined;
  const end = args.findIndex((a) => a.value === '--');
  const opts = (end < 0 ? args : args.slice(0, end)).filter((a) => (a.value ?? '').startsWith('-'));
  const after = opts[opts.length - 1] ?? (cmd.name === 'git' || cmd.name === 'kubectl' ? args[0] : cmd.nameWord);
  if (!after) return undefined;
  return { title: `Ask before acting: add ${flag} (${note})`, edit: { start: after.end, end: after.end, newText: ` ${flag}` } };
}

const DOWNLOADERS = new Set(['curl', 'wget']);

/**
 * `curl URL | sh` (also `bash <(curl URL)`, `sh -c "$(curl URL)"`, `eval "$(curl URL)"`) becomes: download to a
 * file, check it against the publisher's checksum (a placeholder the user fills in), then run the file.
 */
function downloadThenVerify(text: string, model: ScriptModel, f: Finding, opts: FixOptions): { title: string; edit: FixEdit } | undefined {
  let download: SimpleCommand | undefined;
  let sink: SimpleCommand | undefined;
  const piped = model.commands.find((c) => c.nameWord.start === f.start && c.nameWord.end === f.end && c.pipedFrom);
  if (piped) {
    if (!DOWNLOADERS.has(piped.pipedFrom!.name) || piped.pipedFrom!.pipedFrom) return undefined;
    [download, sink] = [piped.pipedFrom, piped];
  } else {
    const sub = model.substitutions.find((s) => s.start === f.start && s.end === f.end);
    const d = sub?.commands.length === 1 ? sub.commands[0] : undefined;
    if (!sub || !d || !DOWNLOADERS.has(d.name)) return undefined;
    download = d;
    sink = model.commands.filter((c) => c.start <= sub.start && c.end >= sub.end && c !== d).sort((a, b) => b.start - a.start)[0];
  }
  if (!download || !sink) return undefined;
  const url = download.args.find((a) => /^(https?|ftp):\/\//.test(a.value ?? a.raw));
  const python = /^python/.test(sink.name);
  const fromUrl = url?.value ? baseName(url.value.replace(/[?#].*$/, '').replace(/\/+$/, '')) : '';
  const file = /^[\w][\w.+-]*$/.test(fromUrl) && !/^(https?|ftp):$/.test(fromUrl) ? fromUrl : python ? 'install.py' : 'install.sh';
  const fetch = saveTo(text, download, file);
  const prefix = text.slice(sink.outerStart, sink.nameWord.start);
  const inPlace = sink.name === 'eval' || sink.name === 'source' || sink.name === '.';
  let rest = piped ? sink.args : [];
  while (rest[0] && ['-s', '-', '--'].includes(rest[0].value ?? '')) rest = rest.slice(1);
  const run = inPlace ? `${prefix}. ./${file}` : `${prefix}${sink.nameWord.raw} ${file}${rest.map((a) => ' ' + a.raw).join('')}`;
  const check = `echo "${CHECKSUM_PLACEHOLDER}  ${file}" | sha256sum --check -`;
  const sep = opts.multiline ? ` &&\n${opts.indent}  ` : ' && ';
  return {
    title: `Download ${file}, verify its checksum, then run it (instead of piping into ${sink.nameWord.raw})`,
    edit: { start: Math.min(download.outerStart, sink.outerStart), end: Math.max(sink.end, download.end), newText: [fetch, check, run].join(sep) },
  };
}

/** The download command rewritten to save into `file` instead of writing to stdout. */
function saveTo(text: string, dl: SimpleCommand, file: string): string {
  const head = text.slice(dl.outerStart, dl.nameWord.end);
  const kept: string[] = [];
  for (let i = 0; i < dl.args.length; i++) {
    const a = dl.args[i]!;
    const v = a.value ?? '';
    if (dl.name === 'wget') {
      if (v === '-O' && dl.args[i + 1]?.value === '-') {
        i++;
        continue;
      }
      if (v === '--output-document=-' || v === '-O-') continue;
      const bundle = /^-([a-zA-Z]*)O-$/.exec(v);
      if (bundle) {
        if (bundle[1]) kept.push(`-${bundle[1]}`);
        continue;
      }
    } else if ((v === '-o' || v === '--output') && dl.args[i + 1]?.value === '-') {
      i++;
      continue;
    }
    kept.push(a.raw);
  }
  return [head, ...kept, dl.name === 'wget' ? '-O' : '-o', file].join(' ');
}
