import { git } from '../../util/git.js';
import type { Item } from '../store.js';

/** One item per commit: subject, body and the files it changed (`git log --stat`), newest first. */
export async function commitItems(root: string, limit = 5000): Promise<Item[]> {
  let out: string;
  try {
    // asynchronously: a 5,000-commit log takes seconds to read and must not stop the server
    out = await git(root, ['log', '--no-merges', `-n${limit}`, '--date=short', '--format=%x1e%H%x1f%ad%x1f%an%x1f%s%x1f%b%x1f', '--stat=100', '--stat-count=15'], {
      maxBuffer: 256 * 1024 * 1024,
      timeoutMs: 120_000,
    });
  } catch {
    return [];
  }
  const items: Item[] = [];
  let n = 0;
  for (const rec of out.split('\x1e')) {
    if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
    const [hash, date, author, subject, body, stat] = rec.split('\x1f');
    if (!hash || !subject) continue;
    const files = (stat ?? '')
      .trim()
      .split('\n')
      .filter((l) => l.includes('|'))
      .map((l) => l.split('|')[0]!.trim());
    const summary = (stat ?? '').trim().split('\n').at(-1)?.trim() ?? '';
    items.push({
      id: `commit:${hash.trim()}`,
      text: `${subject}\n${(body ?? '').trim()}\nfiles: ${files.join(', ')}${summary ? `\n${summary}` : ''}`.trim(),
      meta: { kind: 'commit', hash: hash.trim(), date, author, subject },
    });
  }
  return items;
}
