import { gitMaybe } from '../util/git.js';
import type { PastCommit } from './history.js';
import { ticketFromBranch } from './style.js';

/** Trailer lines worth offering: Signed-off-by (you), Co-authored-by (recent authors), Refs/Fixes (branch ticket). */
export async function trailerSuggestions(root: string, history: PastCommit[], branch: string | undefined): Promise<string[]> {
  const [name, email] = await Promise.all([gitMaybe(root, ['config', 'user.name']), gitMaybe(root, ['config', 'user.email'])]);
  const me = name?.trim() && email?.trim() ? `${name.trim()} <${email.trim()}>` : undefined;
  const out: string[] = [];
  if (me) out.push(`Signed-off-by: ${me}`);
  const authors = new Map<string, number>();
  for (const c of history.slice(0, 100)) if (c.author && c.author !== me) authors.set(c.author, (authors.get(c.author) ?? 0) + 1);
  for (const [a] of [...authors].sort((x, y) => y[1] - x[1]).slice(0, 5)) out.push(`Co-authored-by: ${a}`);
  const ticket = ticketFromBranch(branch);
  if (ticket) out.push(`Refs: ${ticket}`, `Fixes: ${ticket}`);
  return out;
}
