import { DocsCache } from '../assist/docs-cache.js';
import { watchDocs } from './watched-files.js';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  ErrorCodes,
  ResponseError,
  type CodeAction,
  type CodeActionParams,
  type CompletionParams,
  type DocumentDiagnosticParams,
  type InitializeParams,
  type InitializeResult,
  type InlineCompletionParams,
} from 'vscode-languageserver/node';
import * as P from './params.js';
import { setDefaultRiskDocs } from '../shell/risk/index.js';
import { background, notification, request } from './guard.js';
import { editSupportOf } from './edits.js';
import { commandTable, DOCTOR_COMMAND, DRAFT_PR_COMMAND } from './commands.js';
import { ASK_COMMAND, onAsk } from './ask.js';
import type { ClientCaps } from '../services/doctor.js';
import { Explainer } from '../shell/explain/index.js';
import { ManPages } from '../shell/manpages/index.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { ShellAnalysis, type AnalysisLimits } from '../shell/analysis.js';
import { initParser } from '../shell/parse.js';
import { log, setLogScrubber } from '../util/log.js';
import { redactText } from '../safety/redact.js';
import { Settings } from './configuration.js';
import { connectionClient, type LspClient } from './client.js';
import type { ServerContext } from './context.js';
import { Documents } from './documents.js';
import { onHover } from './hover.js';
import { RiskDiagnostics } from './diagnostics.js';
import { onCodeAction, type CodeActionSupport } from './code-actions.js';
import { AiActions } from './code-action-resolve.js';
import { ModelHolder } from '../services/model-holder.js';
import { RetrievalHolder } from '../services/retrieval-holder.js';
import { CommitBuffers } from '../services/commit-buffers.js';
import { onCompletion } from './completion.js';
import { onInlineCompletion } from './inline-completion.js';
import { ACCEPTED_COMMAND, ANSWER_FEEDBACK_COMMAND, FeedbackGlue } from '../services/feedback-session.js';
import { readTeamConfig } from '../config/team.js';
import { negotiateEncoding } from './positions.js';
import { uriToPath } from '../util/uri.js';

export { VERSION } from '../util/version.js';
import { VERSION } from '../util/version.js';

/** What the server is made of: documents, settings, the engines' holders and what the client said it supports. */
interface Parts {
  editor: LspClient;
  documents: Documents;
  settings: Settings;
  ctx: ServerContext;
  risk: RiskDiagnostics;
  model: ModelHolder;
  retrieval: RetrievalHolder;
  ai: AiActions;
  feedback: FeedbackGlue;
  commits: CommitBuffers;
  docs: DocsCache;
  client: { snippets: boolean; inline: boolean; showDocument: boolean; configRegistration: boolean; watchFiles: boolean; initialized: boolean; caps: ClientCaps; actions: CodeActionSupport };
}

function compose(connection: Connection): Parts {
  const editor = connectionClient(connection);
  const documents = new Documents();
  const settings = new Settings(editor);
  const limits = () => ({ maxChars: settings.get().analysis.maxFileKB * 1024 });
  let analysis = makeAnalysis(settings.get().manpath, settings.get().useManCommand, limits);
  settings.onDidChange((c) => (analysis = makeAnalysis(c.manpath, c.useManCommand, limits)));
  const ctx: ServerContext = {
    documents,
    get analysis() {
      return analysis;
    },
    config: () => settings.get(),
    gatePolicy: () => settings.gatePolicy(),
    customOrigin: () => settings.customActionsOrigin(),
  };
  const risk = new RiskDiagnostics(editor, ctx);
  ctx.risk = risk;
  documents.onChange((uri) => {
    if (!documents.get(uri)) analysis.forget(uri);
    risk.schedule(uri);
  });
  settings.onDidChange(() => risk.invalidate());
  const model = new ModelHolder(editor);
  model.update(settings.get());
  const retrieval = new RetrievalHolder(
    editor,
    () => settings.get(),
    () => model.get(),
  );
  ctx.retrieval = () => retrieval.get();
  const ai = new AiActions(editor, ctx, () => model.get());
  ai.onModelError = (e, retriedAt) => model.report(e, retriedAt);
  const feedback = new FeedbackGlue(
    (uri) => documents.get(uri)?.getText(),
    () => settings.get(),
  );
  ctx.feedback = feedback;
  model.onFailure = (e) => feedback.error('code-action', e.kind, e.message);
  documents.onEdits((uri, changes) => feedback.edits(uri, changes));
  const commits = new CommitBuffers({
    document: (uri) => {
      const d = documents.get(uri);
      return d && { languageId: d.languageId, text: d.getText() };
    },
    config: () => settings.get(),
    model: () => model.get(),
    reportModelError: (e) => model.report(e),
    warn: (message) => editor.showMessage('warning', message),
  });
  risk.extra.push((uri) => commits.secretFindings(uri));
  const client = {
    snippets: false,
    inline: false,
    showDocument: false,
    configRegistration: false,
    watchFiles: false,
    initialized: false,
    caps: { resolve: false, disabledSupport: false, pullDiagnostics: false, documentChanges: false, workDoneProgress: false } as ClientCaps,
    actions: { resolveEdit: false, disabled: false, edits: { documentChanges: false, annotations: false } } as CodeActionSupport,
  };
  settings.onDidChange((c) => {
    if (model.update(c) && client.initialized) background('model probe', model.probe());
    if (client.initialized) feedback.start();
  });
  const docs = new DocsCache();
  // a hover takes the docs file list as it was a few seconds ago (a question re-reads it)
  ctx.docs = () => (retrieval.workspace ? docs.get(retrieval.workspace, 10_000) : undefined);
  return { editor, documents, settings, ctx, risk, model, retrieval, ai, feedback, commits, docs, client };
}

/** Read the client's capabilities and the workspace's settings; answer with ours. */
function initialize(connection: Connection, s: Parts, params: InitializeParams): InitializeResult {
  const { documents, settings, retrieval, risk, ai, client } = s;
  const caps = params.capabilities;
  documents.encoding = negotiateEncoding(caps.general?.positionEncodings);
  settings.pullSupported = !!caps.workspace?.configuration;
  // register for didChangeConfiguration only with clients that accept dynamic registration for it (Eglot does not)
  client.configRegistration = settings.pullSupported && !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  client.watchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  const rootPath = root?.startsWith('file://') ? uriToPath(root) : undefined;
  retrieval.workspace = rootPath;
  retrieval.progressSupport = !!caps.window?.workDoneProgress;
  const team = readTeamConfig(rootPath);
  for (const w of team.warnings) s.editor.showMessage('warning', `kibitz: ${w}`);
  if (team.settings) settings.apply(team.settings, 'teamFile', '.kibitz.json');
  settings.apply(params.initializationOptions, 'initializationOptions');
  const ca = caps.textDocument?.codeAction;
  client.actions.resolveEdit = !!ca?.resolveSupport?.properties.includes('edit');
  client.actions.disabled = !!ca?.disabledSupport;
  client.actions.edits = editSupportOf(caps);
  ai.editSupport = client.actions.edits;
  ai.progressSupport = !!caps.window?.workDoneProgress;
  client.snippets = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
  client.inline = !!(caps.textDocument as { inlineCompletion?: unknown } | undefined)?.inlineCompletion;
  risk.pullMode = !!caps.textDocument?.diagnostic;
  risk.refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
  client.showDocument = !!caps.window?.showDocument?.support;
  Object.assign(client.caps, {
    name: params.clientInfo?.name,
    resolve: client.actions.resolveEdit,
    disabledSupport: client.actions.disabled,
    pullDiagnostics: risk.pullMode,
    documentChanges: client.actions.edits.documentChanges,
    workDoneProgress: !!caps.window?.workDoneProgress,
  });
  log().info({ client: params.clientInfo, encoding: documents.encoding }, 'initialize');
  return {
    capabilities: {
      positionEncoding: documents.encoding,
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite], resolveProvider: true },
      diagnosticProvider: { identifier: 'kibitz', interFileDependencies: false, workspaceDiagnostics: false },
      completionProvider: { triggerCharacters: ['('], resolveProvider: false },
      ...(client.inline ? { inlineCompletionProvider: true } : {}),
      executeCommandProvider: { commands: [DRAFT_PR_COMMAND, ACCEPTED_COMMAND, DOCTOR_COMMAND, ASK_COMMAND, ANSWER_FEEDBACK_COMMAND] },
    },
    serverInfo: { name: 'kibitz', version: VERSION },
  };
}

/** Open, change, save and close: documents, commit buffers and the feedback that closing a buffer settles. */
function syncDocuments(connection: Connection, { documents, commits, feedback, risk }: Parts): void {
  connection.onDidOpenTextDocument(
    notification('textDocument/didOpen', P.DidOpenParams, (p) => {
      log().debug({ uri: p.textDocument.uri, languageId: p.textDocument.languageId }, 'didOpen');
      documents.open(p);
      commits.opened(p.textDocument.uri);
      // secrets in the staged change show up once the drafts (and their checks) are ready
      background(
        'commit drafts',
        commits.state(p.textDocument.uri)?.then((st) => st?.drafts?.then(() => risk.recheck(p.textDocument.uri))),
      );
    }),
  );
  connection.onDidChangeTextDocument(notification('textDocument/didChange', P.DidChangeParams, (p) => documents.change(p)));
  connection.onDidSaveTextDocument(
    notification('textDocument/didSave', P.DidSaveParams, (p) => {
      const doc = documents.get(p.textDocument.uri);
      // a commit buffer is judged by what gets committed, after it closes
      if (doc && !commits.kind(doc.uri, doc.languageId)) feedback.finalize(doc.uri, doc.getText());
    }),
  );
  connection.onDidCloseTextDocument(
    notification('textDocument/didClose', P.DidCloseParams, (p) => {
      const doc = documents.get(p.textDocument.uri);
      const text = doc?.getText() ?? '';
      if (doc && commits.kind(doc.uri, doc.languageId) === 'commit') {
        background(
          'recording the commit',
          commits.committedMessage(p.textDocument.uri, text).then((final) => {
            feedback.finalize(p.textDocument.uri, text, ({ feature }) => (feature === 'commit' ? final : undefined));
            commits.closed(p.textDocument.uri);
          }),
        );
      } else {
        feedback.finalize(p.textDocument.uri, text);
        commits.closed(p.textDocument.uri);
      }
      documents.close(p);
    }),
  );
}

/** Capabilities and one line per method. */
export function startServer(connection: Connection): void {
  setLogScrubber(redactText);
  const s = compose(connection);
  const { ctx, settings, risk, model, retrieval, ai, feedback, commits, client } = s;
  void initParser().catch((err) => log().error({ err }, 'cannot load the bash grammar'));
  connection.onInitialize((params: InitializeParams): InitializeResult => initialize(connection, s, params));
  const watcher = watchDocs(connection, s.docs);
  connection.onInitialized(() => {
    watcher.register(client.watchFiles);
    if (client.configRegistration) background('registering for configuration changes', connection.client.register(DidChangeConfigurationNotification.type, { section: 'kibitz' }));
    client.initialized = true;
    const pulled = settings.pull();
    risk.holdUntil(pulled);
    background(
      'reading settings',
      pulled.then(() => {
        background('model probe', model.probe());
        background('indexing', retrieval.indexInBackground());
        feedback.start();
      }),
    );
  });
  connection.onDidChangeConfiguration(
    notification('workspace/didChangeConfiguration', P.DidChangeConfigurationParams, (p) => (settings.pullSupported ? settings.pull() : settings.apply(p.settings, 'didChangeConfiguration'))),
  );
  syncDocuments(connection, s);
  connection.onCompletion(request('textDocument/completion', P.CompletionParams, (p, token) => onCompletion(ctx, commits, p as CompletionParams, token, client.snippets)));
  connection.languages.inlineCompletion.on(request('textDocument/inlineCompletion', P.InlineCompletionParams, (p, token) => onInlineCompletion(ctx, commits, p as InlineCompletionParams, token)));
  const commands = commandTable({
    draftPullRequest: (args, signal) => commits.draftPullRequest(args, signal),
    accepted: (args) => feedback.accepted(args),
    answerFeedback: (args) => feedback.answerFeedback(args),
    ask: (args, signal) =>
      onAsk(args, { root: retrieval.workspace, model: model.get(), editor: s.editor, showDocument: client.showDocument, docs: s.docs, feedback, man: ctx.analysis.explainer.docs.man }, signal),
    doctor: () => ({ editor: s.editor, config: settings.get(), workspace: retrieval.workspace, client: client.caps, showDocument: client.showDocument }),
  });
  connection.onExecuteCommand(request('workspace/executeCommand', P.ExecuteCommandParams, (p, token) => (commands[p.command] ?? (() => unknownCommand(p.command)))(p.arguments, token)));
  connection.onHover(request('textDocument/hover', P.HoverParams, (p, token) => onHover(ctx, p, token)));
  connection.onCodeAction(
    request('textDocument/codeAction', P.CodeActionParams, (p, token) => onCodeAction(ctx, risk, ai, client.actions, { ...(p as CodeActionParams), range: P.ordered(p.range) }, token)),
  );
  connection.onCodeActionResolve(request('codeAction/resolve', P.CodeAction, (a, token) => ai.resolve(a as CodeAction, token)));
  connection.languages.diagnostics.on(request('textDocument/diagnostic', P.DocumentDiagnosticParams, (p) => risk.pull(p as DocumentDiagnosticParams)));
  connection.onShutdown(async () => {
    log().info('shutdown');
    await feedback.close();
  });
  connection.listen();
}

function unknownCommand(command: string): never {
  throw new ResponseError(ErrorCodes.InvalidParams, `kibitz: unknown command ${command}`);
}

function makeAnalysis(manpath: string[], useManCommand: boolean, limits: () => AnalysisLimits): ShellAnalysis {
  const explainer = new Explainer(new ManPages({ manpath, useManCommand, cacheDir: defaultCacheDir() }));
  // the risk rules bind options with the same documentation the hovers read
  setDefaultRiskDocs(explainer.docs);
  return new ShellAnalysis(explainer, limits);
}
