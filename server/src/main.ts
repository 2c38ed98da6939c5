import { checkCli } from './cli/check.js';
import { commitMsgCli, hookCli, prDraftCli } from './cli/commit.js';
import { helpText, runCommand, usageLine, EXIT_CODES, type CliCommand, type CliIO } from './cli/command.js';
import { doctorCli } from './cli/doctor.js';
import { pathCli } from './cli/path.js';
import { explainCli } from './cli/explain.js';
import { exportCli, metricsCli } from './cli/feedback.js';
import { teamCli } from './cli/team.js';
import { indexCli, searchCli } from './cli/retrieval.js';
import { suggestCli } from './cli/suggest.js';
import { askCli } from './cli/ask.js';
import { redactText } from './safety/redact.js';
import { setLogScrubber } from './util/log.js';
import { VERSION } from './util/version.js';

/** Every terminal command, in the order the usage lists them. */
export const COMMANDS: CliCommand[] = [explainCli, suggestCli, askCli, checkCli, indexCli, searchCli, commitMsgCli, hookCli, prDraftCli, metricsCli, exportCli, teamCli, doctorCli, pathCli];

function usage(): string {
  return [
    'kibitz — an AI language server that proposes, never imposes',
    '',
    'usage:',
    '  kibitz --stdio | --socket=PORT | --node-ipc     run the language server',
    ...COMMANDS.map((c) => `  ${usageLine(c)}\n      ${c.summary}`),
    '  kibitz --version',
    '',
    '`kibitz COMMAND --help` describes a command and its options.',
    EXIT_CODES,
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = defaultIO(), env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  setLogScrubber(redactText);
  const first = argv[0];
  if (!first || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && argv[1]) {
      const c = COMMANDS.find((x) => x.name === argv[1]);
      if (c) {
        io.out(helpText(c));
        return 0;
      }
    }
    io.out(usage());
    return first ? 0 : 2;
  }
  if (first === '--version' || first === '-v') {
    io.out(`kibitz ${VERSION}\n`);
    return 0;
  }
  if (first === '--stdio' || first.startsWith('--socket') || first === '--node-ipc' || first === 'serve') {
    const { serve } = await import('./lsp/serve.js');
    await serve(argv);
    return undefined;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.err(`kibitz: unknown command ${first}\n\n${usage()}`);
    return 2;
  }
  return runCommand(command, argv.slice(1), io, env);
}

function defaultIO(): CliIO {
  // `kibitz explain ... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
}
