import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How basic a page's package is, from the system's package database: the distribution's own judgement of which
 * tools every system has (Debian's Essential and Priority fields: required, important, standard). Search uses
 * it as a prior, as a web search uses links: everyday tasks are answered by everyday tools far more often than
 * by the one optional package whose description happens to share a word. A machine without dpkg gets no prior.
 */
export type Basic = 0 | 1 | 2 | 3;

/** 3 essential or required, 2 important, 1 standard, 0 optional or unknown. */
function rank(priority: string, essential: boolean): Basic {
  if (essential || priority === 'required') return 3;
  if (priority === 'important') return 2;
  if (priority === 'standard') return 1;
  return 0;
}

/** Package name → how basic it is, from a dpkg status file's text. */
export function parseStatus(text: string): Map<string, Basic> {
  const out = new Map<string, Basic>();
  for (const block of text.split(/\n\s*\n/)) {
    const pkg = /^Package:\s*(\S+)/m.exec(block)?.[1];
    if (!pkg) continue;
    const priority = /^Priority:\s*(\S+)/m.exec(block)?.[1] ?? '';
    const essential = /^Essential:\s*yes/m.test(block);
    out.set(pkg, rank(priority, essential));
  }
  return out;
}

/**
 * Page file → how basic the package that installed it is. Reads `status` and the file lists of the packages that
 * are at least standard (a few dozen small files); every other page gets 0.
 */
export function pagePriorities(dpkgDir = '/var/lib/dpkg'): Map<string, Basic> {
  const out = new Map<string, Basic>();
  let status: Map<string, Basic>;
  try {
    status = parseStatus(readFileSync(path.join(dpkgDir, 'status'), 'utf8'));
  } catch {
    return out;
  }
  let lists: string[];
  try {
    lists = readdirSync(path.join(dpkgDir, 'info')).filter((f) => f.endsWith('.list'));
  } catch {
    return out;
  }
  for (const f of lists) {
    const pkg = f.slice(0, -'.list'.length).replace(/:[^:]+$/, '');
    const basic = status.get(pkg) ?? 0;
    if (!basic) continue;
    let text: string;
    try {
      text = readFileSync(path.join(dpkgDir, 'info', f), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) if (line.includes('/man/')) out.set(line, basic);
  }
  return out;
}

/** How basic the package of a page file is; aliases (`/usr/share/man/man1/egrep.1.gz`) match by their own path. */
export function priorityOf(priorities: Map<string, Basic>, file: string): Basic {
  return priorities.get(file) ?? 0;
}
