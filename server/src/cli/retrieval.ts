import { execFileSync } from 'node:child_process';
import { indexInChild } from '../services/man-index-child.js';
import { defaultConfig } from '../config/schema.js';
import { CORPORA, Retrieval, type BuildProgress, type Corpus } from '../retrieval/service.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { flag, str, type CliCommand, type CliIO } from './command.js';
import { cliModel } from './model.js';
import { whatItDoes } from '../util/text.js';

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
  return new Retrieval({ buildMan: indexInChild, cacheDir: defaultCacheDir(), manpath: defaultConfig().manpath, workspace: workspaceRoot(), ...(model?.settings.embeddingModel ? { model } : {}) });
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

const corpusOption = { corpus: { type: 'string' as const, value: 'man|docs|commits|feedback|all', description: 'which index (comma-separated, default all)' } };

export const indexCli: CliCommand = {
  name: 'index',
  summary: 'Build or update the local search index: man pages, workspace docs, commit history, accepted feedback.',
  maxOperands: 0,
  options: { ...corpusOption, rebuild: { type: 'boolean', description: 'build from scratch' }, json: { type: 'boolean', description: 'print the build reports as JSON' } },
  async run(p, io, env) {
    const corpora = parseCorpus(str(p, 'corpus'));
    if (!corpora) {
      io.err(`kibitz index: --corpus must be one of ${CORPORA.join(', ')} or all\n`);
      return 2;
    }
    const json = flag(p, 'json');
    const r = cliRetrieval(io, env);
    const bar = progressPrinter(io, !!process.stderr.isTTY && !json);
    const reports = [];
    for (const c of corpora) {
      const rep = await r.build(c, { rebuild: flag(p, 'rebuild'), onProgress: (pr) => bar.update(c, pr) });
      bar.end();
      reports.push(rep);
      if (rep.warning) io.err(`kibitz: ${rep.warning}\n`);
      if (!json) {
        io.out(
          `${c}: ${rep.items} items (${rep.added} added, ${rep.updated} updated, ${rep.removed} removed, ${rep.unchanged} unchanged) in ${(rep.ms / 1000).toFixed(1)} s, ${rep.kind} index, ${rep.embedder}${rep.rebuildReason ? `; rebuilt: ${rep.rebuildReason}` : ''}\n`,
        );
      }
    }
    if (json) io.out(JSON.stringify({ dir: r.dir('man').replace(/\/man$/, ''), corpora: reports }, null, 2) + '\n');
    return 0;
  },
};

export const searchCli: CliCommand = {
  name: 'search',
  summary: 'Search the local index (run `kibitz index` first).',
  operands: "'<query>'",
  minOperands: 1,
  options: { ...corpusOption, k: { type: 'string', short: 'k', value: 'N', description: 'how many results (default 10)' }, json: { type: 'boolean', description: 'print the hits as JSON' } },
  async run(p, io, env) {
    const corpus = str(p, 'corpus');
    const corpora = parseCorpus(corpus);
    const query = p.positionals.join(' ').trim();
    const k = Number(str(p, 'k') ?? 10);
    if (!corpora || !query || !Number.isInteger(k) || k < 1) {
      io.err("usage: kibitz search '<query>' [--corpus man|docs|commits|feedback|all] [-k N] [--json]\n");
      return 2;
    }
    const r = cliRetrieval(io, env);
    const missing = [];
    for (const c of corpora) if (!(await r.has(c))) missing.push(c);
    if (missing.length === corpora.length) {
      io.err(`kibitz search: no index yet for ${missing.join(', ')}; run \`kibitz index --corpus ${corpus ?? 'all'}\` first.\n`);
      return 1;
    }
    const hits = await r.search(query, { corpora, k });
    if (flag(p, 'json')) {
      io.out(JSON.stringify({ query, hits: hits.map((h) => ({ corpus: h.corpus, id: h.id, score: Number(h.score.toFixed(4)), text: h.text, meta: h.meta })) }, null, 2) + '\n');
      return 0;
    }
    for (const h of hits) io.out(`${h.score.toFixed(3)}  ${label(h)}\n`);
    if (missing.length) io.err(`(no index for ${missing.join(', ')})\n`);
    return 0;
  },
};

export function label(h: { corpus: string; text: string; meta?: Record<string, unknown> }): string {
  const m = h.meta ?? {};
  if (h.corpus === 'man') return `${m.page} — ${whatItDoes(String(m.nameLine ?? ''))}`;
  if (h.corpus === 'docs') return `${m.path}:${m.line}${m.heading ? ` (${m.heading})` : ''}`;
  if (h.corpus === 'commits') return `${String(m.hash).slice(0, 10)} ${m.date} ${m.subject}`;
  return h.text.split('\n')[0]!;
}
