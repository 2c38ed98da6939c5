import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CancellationToken } from 'vscode-languageserver/node';
import type { Config } from '../config/schema.js';
import { doctor, doctorMarkdown, type ClientCaps, type DoctorReport } from '../services/doctor.js';
import { stateDir } from '../util/paths.js';
import { abortSignalOf, cancelled } from './cancel.js';
import { CommitCancelled } from '../services/commit-buffers.js';
import { ACCEPTED_COMMAND, ANSWER_FEEDBACK_COMMAND } from '../services/feedback-session.js';
import { background } from './guard.js';
import type { LspClient } from './client.js';
import { ASK_COMMAND } from './ask.js';

export const DOCTOR_COMMAND = 'kibitz.doctor';
export const DRAFT_PR_COMMAND = 'kibitz.draftPullRequest';

/** `kibitz.doctor`: the same report as `kibitz doctor`, returned, and shown as a Markdown document when the client can open one. */
export async function runDoctor(client: LspClient, o: { config: Config; workspace?: string; client: ClientCaps; showDocument: boolean }, token?: CancellationToken): Promise<DoctorReport> {
  const report = await doctor({ config: o.config, workspace: o.workspace, client: o.client, signal: abortSignalOf(token) });
  const summary = report.problems
    ? `kibitz doctor: ${report.problems} problem(s): ${report.checks
        .filter((c) => c.status === 'fail' || c.status === 'warn')
        .map((c) => c.title)
        .join(', ')}`
    : 'kibitz doctor: no problems';
  if (o.showDocument) {
    const file = path.join(stateDir(), 'doctor.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, doctorMarkdown(report));
    background('showDocument', client.showDocument(pathToFileURL(file).href));
  }
  client.showMessage(report.problems ? 'warning' : 'info', summary);
  return report;
}

/** What the commands run: the commit buffers' PR draft, the feedback session, and the doctor's inputs. */
export interface CommandTargets {
  draftPullRequest(args: unknown[] | undefined, signal: AbortSignal): Promise<unknown>;
  accepted(args: unknown[] | undefined): unknown;
  doctor(): { editor: LspClient; config: Config; workspace?: string; client: ClientCaps; showDocument: boolean };
  ask(args: unknown[] | undefined, signal: AbortSignal): Promise<unknown>;
  answerFeedback(args: unknown[] | undefined): unknown;
}

/** workspace/executeCommand: one line per command kibitz declares. */
export function commandTable(t: CommandTargets): Record<string, (args: unknown[] | undefined, token: CancellationToken) => unknown> {
  return {
    [DRAFT_PR_COMMAND]: (args, token) =>
      t.draftPullRequest(args, abortSignalOf(token)).catch((err: unknown) => {
        throw err instanceof CommitCancelled ? cancelled() : err;
      }),
    [ACCEPTED_COMMAND]: (args) => t.accepted(args),
    [ASK_COMMAND]: (args, token) => t.ask(args, abortSignalOf(token)),
    [ANSWER_FEEDBACK_COMMAND]: (args) => t.answerFeedback(args),
    [DOCTOR_COMMAND]: (_args, token) => {
      const { editor, ...o } = t.doctor();
      return runDoctor(editor, o, token);
    },
  };
}
