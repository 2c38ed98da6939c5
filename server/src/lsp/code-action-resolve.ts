import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type CodeAction } from 'vscode-languageserver/node';
import { resolveAction } from '../assist/resolve.js';
import { AssistError, type ActionRequest, type AssistDeps } from '../assist/types.js';
import type { ModelClient } from '../model/client.js';
import { ModelError } from '../model/errors.js';
import { log } from '../util/log.js';
import { abortSignalOf, cancelled } from './cancel.js';
import type { ServerContext } from './context.js';
import { workspaceEdit, type EditSupport } from './edits.js';
import { lineStartOf } from '../util/text.js';
import { uriToPath } from '../util/uri.js';
import type { LspClient } from './client.js';

interface ActionData {
  kibitz: 1;
  uri: string;
  version: number;
  request: ActionRequest;
}

function isData(d: unknown): d is ActionData {
  return !!d && typeof d === 'object' && (d as ActionData).kibitz === 1 && typeof (d as ActionData).uri === 'string' && !!(d as ActionData).request;
}

/** codeAction/resolve: the model runs here, with the request's cancellation, and the result is only a proposal. */
export class AiActions {
  /** Client supports `window/workDoneProgress`. */
  progressSupport = false;
  /** What the client does with workspace edits. */
  editSupport: EditSupport = { documentChanges: false, annotations: false };
  /** A model failure in an action the user asked for: shown again even if it was shown before. */
  onModelError: ((e: ModelError, retriedAt: number) => void) | undefined;

  constructor(
    private readonly client: LspClient,
    private readonly ctx: ServerContext,
    readonly model: () => ModelClient | undefined,
  ) {}

  async resolve(action: CodeAction, token: CancellationToken | undefined): Promise<CodeAction> {
    if (!isData(action.data) || action.edit || action.disabled) return action;
    const data = action.data;
    const doc = this.ctx.documents.get(data.uri);
    if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `kibitz: ${data.uri} is not open.`);
    if (doc.version !== data.version) throw new ResponseError(LSPErrorCodes.ContentModified, 'kibitz: the document changed since the action was listed; ask for code actions again.');
    const signal = abortSignalOf(token);
    const cfg = this.ctx.config();
    const model = this.model();
    let cached = false;
    const deps: AssistDeps = {
      onCached: () => (cached = true),
      model,
      explainer: this.ctx.analysis.explainer,
      policy: cfg.risk,
      gatePolicy: this.ctx.gatePolicy?.(),
      dashlessBundles: cfg.dashlessBundles,
      customActions: cfg.actions.custom,
      retrieval: this.ctx.retrieval?.(),
    };
    const progress = model ? await this.begin(`asking ${model.settings.chatModel}`) : undefined;
    let lastReport = 0;
    if (progress) {
      // the answer streams in: say how much has arrived, a few times a second at most
      deps.onProgress = (text) => {
        if (Date.now() - lastReport < 200) return;
        lastReport = Date.now();
        progress.report(`${model!.settings.chatModel}: ${text.length} characters received`);
      };
    }
    const t0 = Date.now();
    try {
      const path = uriToPath(doc.uri);
      const r = await resolveAction({ uri: doc.uri, languageId: doc.languageId, path, text: doc.getText() }, data.request, deps, signal);
      if (signal.aborted) throw cancelled();
      // an offline answer in place of the model's: the user asked (again), so the failure is said (again)
      if (r.modelError) this.onModelError?.(r.modelError, t0);
      const enc = this.ctx.documents.encoding;
      log().info({ kind: data.request.kind, ms: Date.now() - t0, usedModel: r.usedModel, risky: !!r.warning }, 'code action resolved');
      const main = r.edits.reduce((a, b) => (b.newText.length > a.newText.length ? b : a), r.edits[0] ?? { start: 0, end: 0, newText: '' });
      const text = doc.getText();
      const req = data.request;
      const asked =
        req.target.end > req.target.start
          ? text.slice(req.target.start, req.target.end)
          : text.slice(lineStartOf(text, req.target.start), (text.indexOf('\n', req.target.start) + 1 || text.length + 1) - 1);
      const command = this.ctx.feedback?.offer(`resolve:${doc.uri}@${doc.version}#${action.title}`, {
        feature: 'code-action',
        source: r.usedModel ? 'model' : 'offline',
        kind: req.kind,
        output: main.newText,
        uri: doc.uri,
        at: main.start,
        input: `${req.diagnostic ? `${req.diagnostic.message}\n` : ''}${asked}`,
        latencyMs: Date.now() - t0,
        fallback: !!model && !r.usedModel,
      });
      return {
        ...action,
        ...(command ? { command } : {}),
        ...(r.warning ? { title: `⚠ ${action.title} (high risk: left commented out)`, isPreferred: false } : cached ? { title: `${action.title} (cached answer)` } : {}),
        edit: workspaceEdit(doc, data.version, r.edits, enc, this.editSupport, { modelWritten: r.usedModel }),
      };
    } catch (err) {
      if (signal.aborted || (err instanceof ModelError && err.kind === 'cancelled')) throw cancelled();
      if (err instanceof AssistError) this.client.showMessage('warning', `kibitz: ${err.message}`);
      else if (err instanceof ModelError) this.onModelError?.(err, t0);
      else log().error({ err }, 'code action resolve failed');
      // the action comes back without an edit: nothing happens
      return action;
    } finally {
      progress?.done();
    }
  }

  private async begin(message: string): Promise<{ done(): void; report(message: string): void } | undefined> {
    if (!this.progressSupport) return undefined;
    const p = await this.client.createProgress();
    p?.begin('kibitz', undefined, message, true);
    return p;
  }
}
