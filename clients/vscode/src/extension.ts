import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './selector';
import { USER_ONLY_KEYS } from './user-only';

let client: LanguageClient | undefined;

/**
 * Starts the bundled kibitz server (dist/server.mjs, run by VS Code's own Node) over node IPC. Settings come from
 * the `kibitz.*` configuration, which the server pulls; the model endpoint, key and other user-only settings are
 * machine-scoped, so a workspace's .vscode/settings.json cannot set them. Every edit kibitz proposes arrives as
 * a code action, completion or command result that the user applies: the extension applies nothing itself.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.mjs');
  const env = { ...process.env, KIBITZ_RESOURCE_ROOT: context.extensionPath };
  // the shell grammar's wasm stays on V8's baseline compiler (25-40 MB less resident; see server/src/shell/parse.ts)
  const execArgv = ['--liftoff-only'];
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env, execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { env: { ...env, KIBITZ_LOG_LEVEL: 'debug' }, execArgv } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR as NonNullable<LanguageClientOptions['documentSelector']>,
    // settings: the server pulls them (workspace/configuration) and registers for their changes itself; the
    // user-only ones (model, key, log file, feedback database) it takes only from here, from user settings
    initializationOptions: () => userOnlySettings(),
    outputChannelName: 'kibitz',
  };
  client = new LanguageClient('kibitz', 'kibitz', serverOptions, clientOptions);
  // a user-only setting changed: the server reads those once, at initialize, so start it again
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (USER_ONLY_KEYS.some((k) => e.affectsConfiguration(`kibitz.${k}`))) void client?.restart();
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('kibitz.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('kibitz.showOutput', () => client?.outputChannel.show(true)),
    vscode.commands.registerCommand('kibitz.openPullRequestDraft', () => openPullRequestDraft()),
    vscode.commands.registerCommand('kibitz.askDocs', (question?: string) => askDocs(question)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The server's pull request draft for the first workspace folder, opened as an unsaved Markdown document. */
async function openPullRequestDraft(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!client || !folder) {
    void vscode.window.showWarningMessage('kibitz: open a folder inside a git repository first.');
    return;
  }
  const draft = await client.sendRequest<{ title: string; body: string } | null>('workspace/executeCommand', {
    command: 'kibitz.draftPullRequest',
    arguments: [{ root: folder.uri.fsPath }],
  });
  if (!draft) return; // the server has already said why
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `# ${draft.title}\n\n${draft.body}\n` });
  await vscode.window.showTextDocument(doc);
}

/**
 * Ask the workspace's docs (the server's kibitz.ask, told not to show the answer itself) and open the answer in
 * the Markdown preview: every sentence links to the lines it cites (file#L7), which a click opens.
 */
async function askDocs(question?: string): Promise<void> {
  if (!client) return;
  const q = typeof question === 'string' ? question : await vscode.window.showInputBox({ prompt: "Ask this workspace's docs", placeHolder: 'how do I run the integration tests?' });
  if (!q?.trim()) return;
  const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'kibitz: asking the docs' }, () =>
    client!.sendRequest<{ file: string; proposal?: string } | null>('workspace/executeCommand', { command: 'kibitz.ask', arguments: [{ question: q, show: false }] }),
  );
  if (!answer) {
    void vscode.window.showWarningMessage('kibitz: open a folder first; the docs of its workspace are what is asked.');
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(answer.file));
  if (!answer.proposal) return;
  // whether it helped is recorded like any proposal (kibitz metrics counts it)
  const said = await vscode.window.showInformationMessage('kibitz: did this answer help?', 'Helpful', 'Not helpful');
  if (said)
    await client.sendRequest('workspace/executeCommand', { command: 'kibitz.answerFeedback', arguments: [answer.proposal, said === 'Helpful' ? 'helpful' : 'not-helpful'] });
}

/** The user's own values (global scope) of the user-only settings, as a nested object. */
function userOnlySettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('kibitz');
  const out: Record<string, unknown> = {};
  for (const key of USER_ONLY_KEYS) {
    const value = cfg.inspect(key)?.globalValue;
    if (value === undefined) continue;
    const parts = key.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]!] = value;
  }
  return out;
}
