import { explainCommand, type CliIO } from './cli/explain.js';
import { checkCommand } from './cli/check.js';
import { suggestCommand } from './cli/suggest.js';
import { indexCommand, searchCommand } from './cli/retrieval.js';
import { commitMsgCommand, hookCommand, prDraftCommand } from './cli/commit.js';
import { exportCommand, metricsCommand } from './cli/feedback.js';
import { redactText } from './safety/redact.js';
import { setLogScrubber } from './util/log.js';

const USAGE = `kibitz — an AI language server that proposes, never imposes

usage:
  kibitz --stdio | --socket=PORT | --node-ipc     run the language server
  kibitz explain [--json] [--ai] -- '<command>'    explain a shell command with cited man-page sources
                                                   (--ai: plus a model's summary grounded in them)
  kibitz suggest [--json] '<what to do>'           a command for a request, explained, with its risk
                                                   (without a model: the best matching commands, from the man index)
  kibitz index [--corpus man|docs|commits|all]     build or update the local search index [--rebuild] [--json]
  kibitz search '<query>' [--corpus ...] [-k N]    search the index [--json]
  kibitz commit-msg [--json] [--repo DIR]          commit message drafts for the staged change
  kibitz hook install [--repo DIR]                 a prepare-commit-msg hook adding the drafts as comments
  kibitz pr-draft [--base B] [--json]              pull request title and description for this branch
  kibitz metrics [--since 7d] [--json] [--html F]  acceptance, edits, errors, latency from the local feedback log
  kibitz export --format openai-chat [--out F]     fine-tuning records from corrected proposals
  kibitz check [--json] [--fail-on LEVEL] FILE...  report risky shell commands (exit 1 at/above LEVEL, default high)
  kibitz --version
`;

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number | undefined> {
  setLogScrubber(redactText);
  const first = argv[0];
  if (!first || first === '-h' || first === '--help' || first === 'help') {
    io.out(USAGE);
    return first ? 0 : 2;
  }
  if (first === '--version' || first === '-v') {
    io.out('kibitz 0.1.0\n');
    return 0;
  }
  if (first === 'explain') return explainCommand(argv.slice(1), io);
  if (first === 'check') return checkCommand(argv.slice(1), io);
  if (first === 'suggest') return suggestCommand(argv.slice(1), io);
  if (first === 'index') return indexCommand(argv.slice(1), io);
  if (first === 'search') return searchCommand(argv.slice(1), io);
  if (first === 'commit-msg') return commitMsgCommand(argv.slice(1), io);
  if (first === 'hook') return hookCommand(argv.slice(1), io);
  if (first === 'pr-draft') return prDraftCommand(argv.slice(1), io);
  if (first === 'metrics') return metricsCommand(argv.slice(1), io);
  if (first === 'export') return exportCommand(argv.slice(1), io);
  if (first === '--stdio' || first.startsWith('--socket') || first === '--node-ipc' || first === 'serve') {
    const { serve } = await import('./lsp/serve.js');
    await serve(argv);
    return undefined;
  }
  io.err(`kibitz: unknown command ${first}\n\n${USAGE}`);
  return 2;
}

function defaultIO(): CliIO {
  // `kibitz explain ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
}
