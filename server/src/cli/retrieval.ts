import { execFileSync } from 'node:child_process';
import { defaultConfig } from '../config/schema.js';
import { CORPORA, Retrieval, type BuildProgress, type Corpus } from '../retrieval/service.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import type { CliIO } from './explain.js';
import { cliModel } from './model.js';

/** The workspace for docs/commits: the git top level around the current directory, or the directory itself. */
export function workspaceRoot(cwd = process.cwd()): string {
  try {
    return execFileSync('git', ['-C', cwd, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || cwd;
  } catch {
    return cwd;
  }
}

export function cliRetrieval(io: CliIO, env: NodeJS.ProcessEnv = process.env): Retrieval {
  const model = cliModel(io, env);
  return new Retrieval({ cacheDir: defaultCacheDir(), manpath: defaultConfig().manpath, workspace: workspaceRoot(), ...(model?.settings.embeddingModel ? { model } : {}) });
}

function parseCorpus(v: string | undefined): Corpus[] | undefined {
  if (!v || v === 'all') return [...CORPORA];
  const list = v.split(',');
  return list.every((c) => (CORPORA as readonly string[]).includes(c)) ? (list as Corpus[]) : undefined;
}

/** A progress bar on a terminal (stderr), nothing when piped. */
export function progressPrinter(io: CliIO, isTTY: boolean): { update(label: string, p: BuildProgress): void; end(): void } {
  let last = 0;
  return {
    update(label, p) {
      if (!isTTY || Date.now() - last < 100) return;
      last = Date.now();
      const frac = p.total ? p.done / p.total : 0;
      const width = 30;
      io.err(`\r${label} ${p.phase.padEnd(7)} [${'#'.repeat(Math.round(frac * width)).padEnd(width)}] ${p.done}/${p.total}   `);
    },
    end() {
      if (isTTY) io.err('\r\x1b[K');
    },
  };
}

/** `kibitz index [--corpus man|docs|commits|feedback|all] [--rebuild] [--json]` */
export async function indexCommand(argv: string[], io: CliIO, isTTY = !!process.stderr.isTTY): Promise<number> {
  let json = false;
  let rebuild = false;
  let corpus: string | undefined = 'all';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--rebuild') rebuild = true;
    else if (a === '--corpus') corpus = argv[++i];
    else if (a.startsWith('--corpus=')) corpus = a.slice(9);
    else if (a === '-h' || a === '--help') {
      io.out('usage: kibitz index [--corpus man|docs|commits|feedback|all] [--rebuild] [--json]\n');
      return 0;
    } else {
      io.err(`kibitz index: unknown argument ${a}\n`);
      return 2;
    }
  }
  const corpora = parseCorpus(corpus);
  if (!corpora) {
    io.err(`kibitz index: --corpus must be one of ${CORPORA.join(', ')} or all\n`);
    return 2;
  }
  const r = cliRetrieval(io);
  const bar = progressPrinter(io, isTTY && !json);
  const reports = [];
  for (const c of corpora) {
    const rep = await r.build(c, { rebuild, onProgress: (p) => bar.update(c, p) });
    bar.end();
    reports.push(rep);
    if (rep.warning) io.err(`kibitz: ${rep.warning}\n`);
    if (!json) {
      io.out(`${c}: ${rep.items} items (${rep.added} added, ${rep.updated} updated, ${rep.removed} removed, ${rep.unchanged} unchanged) in ${(rep.ms / 1000).toFixed(1)} s, ${rep.kind} index, ${rep.embedder}${rep.rebuildReason ? `; rebuilt: ${rep.rebuildReason}` : ''}\n`);
    }
  }
  if (json) io.out(JSON.stringify({ dir: r.dir('man').replace(/\/man$/, ''), corpora: reports }, null, 2) + '\n');
  return 0;
}

/** `kibitz search '<query>' [--corpus ...] [-k N] [--json]` */
export async function searchCommand(argv: string[], io: CliIO): Promise<number> {
  let json = false;
  let corpus: string | undefined = 'all';
  let k = 10;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--corpus') corpus = argv[++i];
    else if (a.startsWith('--corpus=')) corpus = a.slice(9);
    else if (a === '-k') k = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      io.out("usage: kibitz search '<query>' [--corpus man|docs|commits|feedback|all] [-k N] [--json]\n");
      return 0;
    } else if (a.startsWith('--')) {
      io.err(`kibitz search: unknown option ${a}\n`);
      return 2;
    } else words.push(a);
  }
  const corpora = parseCorpus(corpus);
  const query = words.join(' ').trim();
  if (!corpora || !query || !Number.isInteger(k) || k < 1) {
    io.err("usage: kibitz search '<query>' [--corpus man|docs|commits|feedback|all] [-k N] [--json]\n");
    return 2;
  }
  const r = cliRetrieval(io);
  const missing = [];
  for (const c of corpora) if (!(await r.has(c))) missing.push(c);
  if (missing.length === corpora.length) {
    io.err(`kibitz search: no index yet for ${missing.join(', ')}; run \`kibitz index --corpus ${corpus}\` first.\n`);
    return 1;
  }
  const hits = await r.search(query, { corpora, k });
  if (json) {
    io.out(JSON.stringify({ query, hits: hits.map((h) => ({ corpus: h.corpus, id: h.id, score: Number(h.score.toFixed(4)), text: h.text, meta: h.meta })) }, null, 2) + '\n');
    return 0;
  }
  for (const h of hits) io.out(`${h.score.toFixed(3)}  ${label(h)}\n`);
  if (missing.length) io.err(`(no index for ${missing.join(', ')})\n`);
  return 0;
}

export function label(h: { corpus: string; text: string; meta?: Record<string, unknown> }): string {
  const m = h.meta ?? {};
  if (h.corpus === 'man') return `${m.page} — ${String(m.nameLine ?? '').replace(/^[^-]*-\s*/, '')}`;
  if (h.corpus === 'docs') return `${m.path}:${m.line}${m.heading ? ` (${m.heading})` : ''}`;
  if (h.corpus === 'commits') return `${String(m.hash).slice(0, 10)} ${m.date} ${m.subject}`;
  return h.text.split('\n')[0]!;
}
