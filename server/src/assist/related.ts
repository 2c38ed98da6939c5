import type { Explanation } from '../shell/explain/index.js';
import type { Retrieval } from '../retrieval/service.js';

/** A page or a passage of the project's docs that bears on a command. */
export type Related = { kind: 'man'; page: string; nameLine: string; path: string } | { kind: 'docs'; path: string; line: number; heading: string; text: string };

/** How well a docs passage must match before it is named (it must also name one of the command's programs). */
const DOCS_FLOOR = 0.05;

/** `curl`, `git` and `git-log` for `curl … | git log …`: the programs of a command and their subcommand pages. */
function programsOf(exp: Explanation): { commands: string[]; subPages: string[] } {
  const commands: string[] = [];
  const subPages: string[] = [];
  for (const p of exp.parts) {
    if (p.kind === 'command' && /^[\w][\w.+-]*$/.test(p.text) && !commands.includes(p.text)) commands.push(p.text);
    if (p.kind === 'subcommand' && p.command && /^[\w][\w.+-]*$/.test(p.text)) subPages.push(`${p.command.split(/\s+/)[0]}-${p.text}`);
  }
  return { commands, subPages };
}

/**
 * What to read next about a command, never a page that only shares a word with it: the subcommand's own page
 * (`git-log(1)` for `git log`), passages of the project's docs that name one of its programs, and the pages its
 * programs' own man pages point to in SEE ALSO. Pages in `exclude` (already cited) are left out. `loadedOnly`:
 * only indexes already in memory (a hover must not wait for a load).
 */
export async function relatedToCommand(retrieval: Retrieval, exp: Explanation, opts: { exclude?: string[]; limit?: number; loadedOnly?: boolean } = {}): Promise<Related[]> {
  const limit = opts.limit ?? 3;
  const { commands, subPages } = programsOf(exp);
  if (!commands.length) return [];
  const out: Related[] = [];
  const seen = new Set((opts.exclude ?? []).map((e) => e.replace(/\s.*$/, '')));
  const addPage = (h: { page: string; nameLine: string; path: string }) => {
    if (seen.has(h.page) || commands.some((c) => h.page.startsWith(`${c}(`))) return;
    seen.add(h.page);
    out.push({ kind: 'man', page: h.page, nameLine: h.nameLine, path: h.path });
  };
  const man = await retrieval.manIndex(opts.loadedOnly);
  for (const sub of subPages) {
    const h = man?.page(sub);
    if (h) addPage(h);
  }
  const docs = opts.loadedOnly ? await retrieval.searchLoaded(exp.text, ['docs'], 6) : await retrieval.search(exp.text, { corpora: ['docs'], k: 6 });
  const named = new RegExp(`(^|[^\\w.-])(${commands.map((c) => c.replace(/[.+]/g, '\\$&')).join('|')})(?![\\w-])`);
  for (const h of docs) {
    const m = h.meta ?? {};
    if (h.score < DOCS_FLOOR || !named.test(h.text)) continue;
    const label = `${m.path}:${m.line}`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ kind: 'docs', path: String(m.path), line: Number(m.line), heading: String(m.heading ?? ''), text: h.text.split('\n').slice(1).join(' ').slice(0, 120) });
  }
  for (const c of commands) for (const h of man?.seeAlso(c) ?? []) addPage(h);
  return out.slice(0, limit);
}

/** One line of a "Related" / "See also" list. */
export function relatedLabel(r: Related): string {
  return r.kind === 'man' ? r.page : `${r.path}:${r.line}`;
}
