import { suggest } from '../assist/generate-command.js';
import { AssistError } from '../assist/types.js';
import { defaultConfig } from '../config/schema.js';
import { ModelError } from '../model/errors.js';
import { Explainer } from '../shell/explain/index.js';
import { citeSource } from '../shell/explain/render.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { ManPages } from '../shell/manpages/index.js';
import { DEFAULT_POLICY } from '../shell/risk/index.js';
import { flag, type CliCommand, type CliIO } from './command.js';
import { CLI_HOW_TO, cliModel } from './model.js';
import { cliRetrieval, progressPrinter } from './retrieval.js';
import { offlineAnswer } from '../assist/offline-answer.js';
import type { Retrieval } from '../retrieval/service.js';
import { whatItDoes } from '../util/text.js';

export const suggestCli: CliCommand = {
  name: 'suggest',
  summary: 'A command for what you want to do, explained part by part, with its risk verdict. Never runs it. Without a model (or when it fails): the man pages that match best.',
  operands: "'<what you want to do>'",
  minOperands: 1,
  options: { json: { type: 'boolean', description: 'print the command, its parts and risk (or the offline matches) as JSON' } },
  details: "example: KIBITZ_MODEL=llama3.1 KIBITZ_BASE_URL=http://127.0.0.1:11434/v1 kibitz suggest 'find files over 100MB here'",
  run: (p, io, env) => suggestCommand(p.positionals.join(' ').trim(), flag(p, 'json'), io, env),
};

async function suggestCommand(what: string, json: boolean, io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  const model = cliModel(io, env);
  const retrieval = cliRetrieval(io, env);
  await ensureManIndex(retrieval, io, json);
  if (!model) {
    io.err(CLI_HOW_TO.replace(/\n$/, ' Offline, these man pages match best:\n'));
    return apropos(what, json, io, retrieval);
  }
  const cfg = defaultConfig();
  const explainer = new Explainer(new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() }), { dashlessBundles: cfg.dashlessBundles });
  try {
    let cached = false;
    const s = await suggest(what, { model, explainer, policy: DEFAULT_POLICY, dashlessBundles: cfg.dashlessBundles, customActions: [], retrieval, onCached: () => (cached = true) });
    const by = `${model.settings.chatModel}${cached ? ', cached answer' : ''}`;
    if (json) {
      const findings = s.risk.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, start: f.start, end: f.end }));
      io.out(
        JSON.stringify(
          {
            request: what,
            by,
            command: s.command,
            summary: s.summary,
            parts: s.parts.map((p) => ({ text: p.text, kind: p.kind, explanation: p.explanation, source: p.source })),
            risk: { level: s.risk.level, findings },
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    if (s.risk.blocking.length) {
      io.out(`RISK: ${s.risk.level}: review before running\n`);
      for (const f of s.risk.findings) io.out(`  ${f.severity} [${f.rule}] ${f.message}\n`);
      io.out('\n');
    }
    io.out(`${s.command}\n`);
    if (s.summary) io.out(`\n${s.summary}  (written by ${by}; the parts below are from the man pages)\n`);
    io.out('\n');
    for (const p of s.parts)
      io.out(
        `${'  '.repeat(p.depth)}${(p.flag ?? p.text).replace(/\s+/g, ' ')}  [${p.kind}]\n${'  '.repeat(p.depth)}    ${p.explanation}\n${'  '.repeat(p.depth)}    source: ${p.source ? citeSource(p.source) : 'unknown'}\n`,
      );
    if (!s.risk.blocking.length && s.risk.findings.length) for (const f of s.risk.findings) io.out(`risk: ${f.severity} [${f.rule}] ${f.message}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AssistError) io.err(`kibitz: ${err.message}\n`);
    else if (!(err instanceof ModelError)) io.err(`kibitz: ${(err as Error).message}\n`);
    // the model failed (its error is on stderr already): the offline answer instead
    io.err('kibitz: offline, these man pages match best:\n');
    return apropos(what, json, io, retrieval);
  }
}

/**
 * Offline: the pages that best match the request, each with its example lines that match (page and line range)
 * and the options whose text fits.
 */
async function apropos(what: string, json: boolean, io: CliIO, retrieval: Retrieval): Promise<number> {
  const cfg = defaultConfig();
  const man = new ManPages({ manpath: cfg.manpath, useManCommand: cfg.useManCommand, cacheDir: defaultCacheDir() });
  const pages = await offlineAnswer(retrieval, man, what);
  if (json) {
    io.out(
      JSON.stringify(
        {
          request: what,
          model: false,
          matches: pages.map((p) => ({
            page: p.page,
            name: p.nameLine,
            path: p.path,
            score: Number(p.score.toFixed(4)),
            examples: p.examples.map((e) => ({ command: e.command, text: e.text, lines: e.lines })),
            options: p.options,
          })),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (!pages.length) io.out('(no man page on this machine matches)\n');
  for (const p of pages) {
    io.out(`${p.page} — ${whatItDoes(p.nameLine)}\n`);
    for (const e of p.examples) {
      io.out(`    $ ${e.command.split('\n').join('\n      ')}\n`);
      io.out(`      ${e.text ? `${clip(e.text)} ` : ''}(${p.page}, lines ${e.lines[0]}–${e.lines[1]})\n`);
    }
    for (const o of p.options) io.out(`    ${o.tag}: ${clip(o.text)} (${p.page}, line ${o.lines[0]})\n`);
  }
  return 0;
}

function clip(s: string, max = 160): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The man index grounds suggestions: build it once, with progress, when it is missing. */
async function ensureManIndex(retrieval: Retrieval, io: CliIO, json: boolean): Promise<void> {
  if (await retrieval.has('man')) return;
  io.err('kibitz: building the man page index once (kibitz index --corpus man)...\n');
  const bar = progressPrinter(io, !!process.stderr.isTTY && !json);
  await retrieval.build('man', { onProgress: (p) => bar.update('man', p) });
  bar.end();
}
