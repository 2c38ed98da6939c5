import { TeamShipper } from '../feedback/team-ship.js';
import { execFileSync } from 'node:child_process';
import { indexInChild } from './man-index-child.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { resolveModel } from '../config/model-settings.js';
import type { Config } from '../config/schema.js';
import { EventLog } from '../feedback/log.js';
import { hnswLibrary, hnswLoadError } from '../retrieval/ann.js';
import { manDirs, manFiles } from '../retrieval/corpora/man.js';
import { CORPORA, Retrieval } from '../retrieval/service.js';
import { VectorStore } from '../retrieval/store.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { ManPages } from '../shell/manpages/index.js';
import { ManSearch } from '../retrieval/man-search.js';
import { logFilePath } from '../util/log.js';
import { stateDir } from '../util/paths.js';
import { resourceRoot } from '../util/resources.js';
import { VERSION } from '../util/version.js';

/**
 * `kibitz doctor`: what this installation has and lacks, each problem with the exact fix. The CLI prints it; the
 * server returns it for the `kibitz.doctor` command (with the client's capabilities as last seen). Secrets are
 * never printed: only whether a key is set.
 */
export type Status = 'ok' | 'warn' | 'fail' | 'info';

export interface Check {
  id: string;
  title: string;
  status: Status;
  detail: string;
  /** What to do about it (absent when all is well). */
  fix?: string;
}

export interface ClientCaps {
  name?: string;
  resolve: boolean;
  disabledSupport: boolean;
  pullDiagnostics: boolean;
  documentChanges: boolean;
  workDoneProgress: boolean;
}

export interface DoctorReport {
  version: string;
  checks: Check[];
  problems: number;
}

export interface DoctorOptions {
  config: Config;
  env?: NodeJS.ProcessEnv;
  workspace?: string;
  client?: ClientCaps;
  /** Ask the model endpoint whether it answers (default true). */
  network?: boolean;
  signal?: AbortSignal;
}

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function sizeOf(dir: string): number {
  let total = 0;
  try {
    for (const f of readdirSync(dir, { withFileTypes: true })) total += f.isDirectory() ? sizeOf(path.join(dir, f.name)) : statSync(path.join(dir, f.name)).size;
  } catch {
    // missing: 0
  }
  return total;
}

function age(iso: string): string {
  const h = (Date.now() - Date.parse(iso)) / 3_600_000;
  return h < 1 ? `${Math.round(h * 60)} min old` : h < 48 ? `${Math.round(h)} h old` : `${Math.round(h / 24)} days old`;
}

function nodeCheck(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 20
    ? { id: 'node', title: 'Node.js', status: 'ok', detail: `${process.version} (${process.execPath})` }
    : { id: 'node', title: 'Node.js', status: 'fail', detail: `${process.version}: kibitz needs Node 20 or later`, fix: 'Install Node.js 20 or later (https://nodejs.org or your package manager).' };
}

function installCheck(): Check {
  return { id: 'install', title: 'kibitz', status: 'ok', detail: `${VERSION} in ${resourceRoot()}` };
}

function manChecks(cfg: Config, env: NodeJS.ProcessEnv): Check[] {
  const dirs = manDirs(cfg.manpath, env);
  const pages = manFiles(dirs).length;
  let manCommand = false;
  try {
    execFileSync('man', ['-w', 'man'], { stdio: 'ignore', timeout: 3000 });
    manCommand = true;
  } catch {
    manCommand = false;
  }
  const man = new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() });
  const tar = man.page('tar') ?? man.page('ls');
  const out: Check[] = [];
  if (!pages) {
    out.push({
      id: 'man-pages',
      title: 'Man pages',
      status: 'fail',
      detail: `no man pages in sections 1 and 8 under ${dirs.join(', ') || '(no man directory found)'}; explanations fall back to kibitz's own tables and CLI specs`,
      fix: 'Install them: Debian/Ubuntu `sudo apt-get install man-db manpages` (containers often delete /usr/share/man: remove the dpkg path-exclude in /etc/dpkg/dpkg.cfg.d/ first); Fedora `sudo dnf install man-db man-pages`; or set kibitz.manpath.',
    });
  } else {
    out.push({
      id: 'man-pages',
      title: 'Man pages',
      status: 'ok',
      detail: `${pages} pages in sections 1 and 8 under ${dirs.join(', ')} (scanned${manCommand ? '; `man -w` as a fallback' : ''})${tar ? `; e.g. ${tar.page.name}(1) at ${tar.path}` : ''}`,
    });
  }
  const cache = path.join(defaultCacheDir(), 'man');
  out.push({ id: 'man-cache', title: 'Man page cache', status: 'info', detail: existsSync(cache) ? `${cache} (${MB(sizeOf(cache))})` : `${cache} (empty: pages are parsed on first use)` });
  return out;
}

async function indexChecks(cfg: Config, workspace: string | undefined): Promise<Check[]> {
  const r = new Retrieval({ buildMan: indexInChild, cacheDir: defaultCacheDir(), manpath: cfg.manpath, workspace });
  const out: Check[] = [];
  const lib = hnswLibrary();
  out.push(
    lib
      ? { id: 'hnswlib', title: 'hnswlib-node', status: 'ok', detail: 'loaded: approximate nearest-neighbour search' }
      : {
          id: 'hnswlib',
          title: 'hnswlib-node',
          status: 'warn',
          detail: `not available (${hnswLoadError()}): search uses exact search (slower on large corpora, same results)`,
          fix: 'Optional. To build it: install python3, make and a C++ compiler (Debian: `sudo apt-get install python3 make g++`), then `npm rebuild hnswlib-node` in the kibitz folder.',
        },
  );
  for (const corpus of CORPORA) {
    if (corpus !== 'man' && !workspace) continue;
    const dir = r.dir(corpus);
    if (corpus === 'man') {
      const man = ManSearch.summary(dir);
      out.push(
        man
          ? {
              id: 'index-man',
              title: 'Index: man',
              status: 'ok',
              detail: `${man.pages} pages and ${man.examples} examples, BM25F with WordNet synonyms and a 256-dimension dense index, ${MB(sizeOf(dir))}, ${age(man.builtAt)} (${dir})`,
            }
          : {
              id: 'index-man',
              title: 'Index: man',
              status: 'warn',
              detail: 'not built (or built by an older kibitz)',
              fix: 'kibitz index --corpus man (the server also builds it in the background at startup)',
            },
      );
      continue;
    }
    const m = await VectorStore.peek(dir, corpus);
    if (!m) {
      out.push({
        id: `index-${corpus}`,
        title: `Index: ${corpus}`,
        status: 'info',
        detail: 'not built',
        fix: `kibitz index --corpus ${corpus}${corpus === 'docs' ? ' (the server also builds it in the background at startup)' : ''}`,
      });
      continue;
    }
    out.push({ id: `index-${corpus}`, title: `Index: ${corpus}`, status: 'ok', detail: `${m.count} items, ${m.kind}, embedder ${m.embedder}, ${MB(sizeOf(dir))}, ${age(m.savedAt)} (${dir})` });
  }
  return out;
}

async function modelChecks(cfg: Config, env: NodeJS.ProcessEnv, network: boolean, signal?: AbortSignal): Promise<Check[]> {
  const s = resolveModel(cfg.model, env);
  if (!s) {
    return [
      {
        id: 'model',
        title: 'Model',
        status: 'info',
        detail: 'none configured: every feature works offline (explanations, risk checks, commit drafts, search); AI actions are listed disabled',
        fix: "Optional. Set KIBITZ_MODEL and KIBITZ_BASE_URL (e.g. Ollama: KIBITZ_MODEL=llama3.1 KIBITZ_BASE_URL=http://127.0.0.1:11434/v1), or kibitz.model.chatModel/baseURL in your editor's user settings (initializationOptions).",
      },
    ];
  }
  const out: Check[] = [
    { id: 'model', title: 'Model', status: 'ok', detail: `${s.chatModel} at ${s.baseURL}; API key ${s.apiKey ? 'set' : 'not set'}; embeddings: ${s.embeddingModel || "kibitz's own (offline)"}` },
  ];
  if (!network) return out;
  const api = new OpenAI({ baseURL: s.baseURL, apiKey: s.apiKey || 'none', maxRetries: 0, timeout: 5000, logLevel: 'off' });
  try {
    const list = await api.models.list({ signal });
    const ids = list.data.map((m) => m.id);
    const listed = ids.includes(s.chatModel);
    out.push({
      id: 'model-endpoint',
      title: 'Model endpoint',
      status: listed ? 'ok' : 'warn',
      detail: `reachable; ${ids.length} models listed${listed ? `, ${s.chatModel} among them` : `, not ${s.chatModel}`}`,
      ...(listed ? {} : { fix: `Use one of: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', ...' : ''} (KIBITZ_MODEL or kibitz.model.chatModel).` }),
    });
  } catch (err) {
    const e = err as { status?: number; message?: string };
    const auth = e.status === 401 || e.status === 403;
    out.push({
      id: 'model-endpoint',
      title: 'Model endpoint',
      status: 'fail',
      detail: auth ? `${s.baseURL} refused the API key (HTTP ${e.status})` : `${s.baseURL} did not answer: ${(e.message ?? String(err)).slice(0, 160)}`,
      fix: auth ? 'Set KIBITZ_API_KEY (CLI) or kibitz.model.apiKey (editor user settings).' : `Is the server running? Check KIBITZ_BASE_URL / kibitz.model.baseURL (now ${s.baseURL}).`,
    });
  }
  return out;
}

async function storeChecks(cfg: Config, env: NodeJS.ProcessEnv, network: boolean): Promise<Check[]> {
  const dir = stateDir(env);
  const log = new EventLog(dir);
  const events = existsSync(log.file) ? statSync(log.file).size : 0;
  const logFile = env.KIBITZ_LOG_FILE || cfg.logFile;
  const out: Check[] = [
    { id: 'server-log', title: 'Server log', status: 'info', detail: logFile ? logFilePath(logFile, env) : "stderr (the editor's LSP log); set kibitz.logFile or KIBITZ_LOG_FILE for a file" },
    { id: 'feedback', title: 'Feedback log', status: 'info', detail: cfg.feedback.enable ? `${log.file} (${MB(events)}); \`kibitz metrics\` reads it` : 'off (kibitz.feedback.enable is false)' },
  ];
  if (!cfg.feedback.postgresUrl) return out;
  const waiting = `${await new TeamShipper(cfg.feedback.postgresUrl, log, { developer: { id: '' } }).pendingCount()} events in the local log not yet sent`;
  if (!network) return [...out, { id: 'postgres', title: 'Team feedback store', status: 'info', detail: `configured (not checked); ${waiting}` }];
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: cfg.feedback.postgresUrl, connectionTimeoutMillis: 3000 });
  const where = cfg.feedback.postgresUrl.replace(/\/\/[^@/]*@/, '//');
  try {
    await client.connect();
    await client.query('select 1');
    out.push({ id: 'postgres', title: 'Team feedback store', status: 'ok', detail: `reachable at ${where}; ${waiting}` });
  } catch (err) {
    out.push({
      id: 'postgres',
      title: 'Team feedback store',
      status: 'fail',
      detail: `${where}: ${(err as Error).message}; ${waiting}`,
      fix: 'Check kibitz.feedback.postgresUrl in your user settings; events wait in the local log meanwhile.',
    });
  } finally {
    await client.end().catch(() => undefined);
  }
  return out;
}

function clientCheck(c: ClientCaps | undefined): Check[] {
  if (!c) return [];
  const missing = [
    !c.resolve && 'codeAction/resolve (AI actions are computed when you ask for code actions)',
    !c.disabledSupport && 'disabled code actions (a "Configure a model…" action stands for them)',
    !c.pullDiagnostics && 'pulled diagnostics (they are pushed instead)',
    !c.documentChanges && 'versioned edits (plain changes are used)',
  ].filter(Boolean);
  return [
    {
      id: 'client',
      title: `Editor${c.name ? ` (${c.name})` : ''}`,
      status: 'info',
      detail: `resolve ${c.resolve ? 'yes' : 'no'}, disabledSupport ${c.disabledSupport ? 'yes' : 'no'}, pull diagnostics ${c.pullDiagnostics ? 'yes' : 'no'}, documentChanges ${c.documentChanges ? 'yes' : 'no'}, progress ${c.workDoneProgress ? 'yes' : 'no'}${missing.length ? `; without ${missing.join(', ')}` : ''}`,
    },
  ];
}

export async function doctor(o: DoctorOptions): Promise<DoctorReport> {
  const env = o.env ?? process.env;
  const network = o.network ?? true;
  const checks = [
    nodeCheck(),
    installCheck(),
    ...manChecks(o.config, env),
    ...(await indexChecks(o.config, o.workspace)),
    ...(await modelChecks(o.config, env, network, o.signal)),
    ...(await storeChecks(o.config, env, network)),
    ...clientCheck(o.client),
  ];
  return { version: VERSION, checks, problems: checks.filter((c) => c.status === 'fail' || c.status === 'warn').length };
}

const MARK: Record<Status, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', info: '    ' };

export function doctorText(r: DoctorReport): string {
  const lines = [`kibitz ${r.version}: ${r.problems ? `${r.problems} problem${r.problems === 1 ? '' : 's'}` : 'no problems'}`, ''];
  for (const c of r.checks) {
    lines.push(`[${MARK[c.status]}] ${c.title}: ${c.detail}`);
    if (c.fix) lines.push(`       fix: ${c.fix}`);
  }
  return lines.join('\n') + '\n';
}

export function doctorMarkdown(r: DoctorReport): string {
  const icon: Record<Status, string> = { ok: '✅', warn: '⚠️', fail: '❌', info: 'ℹ️' };
  return [
    `# kibitz doctor (${r.version})`,
    '',
    r.problems ? `**${r.problems} problem${r.problems === 1 ? '' : 's'}**` : 'No problems.',
    '',
    ...r.checks.flatMap((c) => [`- ${icon[c.status]} **${c.title}**: ${c.detail}`, ...(c.fix ? [`  - fix: ${c.fix}`] : [])]),
    '',
  ].join('\n');
}
