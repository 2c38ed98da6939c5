import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CancellationToken } from 'vscode-languageserver/node';
import type { Config } from '../config/schema.js';
import { doctor, doctorMarkdown, type ClientCaps, type DoctorReport } from '../services/doctor.js';
import { stateDir } from '../util/paths.js';
import { abortSignalOf } from './cancel.js';
import { background } from './guard.js';
import type { LspClient } from './client.js';

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
