import { DiagnosticSeverity, DocumentDiagnosticReportKind, type Diagnostic, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { analyzeDocument } from '../shell/risk/document.js';
import { isBinary } from '../shell/analysis.js';
import { detectHost, extractSnippets } from '../shell/snippets/index.js';
import { shiftSnippet, windowAround } from '../shell/snippets/window.js';
import { parseSliced } from '../shell/parse.js';
import type { Finding, Severity } from '../shell/risk/index.js';
import { log } from '../util/log.js';
import { background } from './guard.js';
import type { ServerContext } from './context.js';
import { positionAt } from './positions.js';
import { uriToPath } from '../util/uri.js';
import type { LspClient } from './client.js';

const LEVEL: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
};

/**
 * Risk findings -> diagnostics. Clients that pull (`textDocument/diagnostic`) get reports on request, with
 * `unchanged` when nothing changed; the others get `publishDiagnostics`, debounced per document.
 */
export class RiskDiagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Set at initialize: the client pulls, so nothing is pushed. */
  pullMode = false;
  /** The client can be asked to pull again (`workspace/diagnostic/refresh`) after a settings change. */
  refreshSupport = false;
  private generation = 0;
  /** Last findings per uri (document offsets), for hovers and quick fixes. */
  readonly findings = new Map<string, { version: number; findings: Finding[] }>();

  /** Publishing waits for this: the first settings read, so a document is never shown with default severities first. */
  private ready: Promise<void> = Promise.resolve();

  /** Publish nothing until `settled` resolves (or fails), or `ms` pass. */
  holdUntil(settled: Promise<unknown>, ms = 3000): void {
    this.ready = Promise.race([
      settled.then(
        () => undefined,
        () => undefined,
      ),
      new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.()),
    ]);
  }

  /** Other engines' findings for a document (e.g. secrets in a commit's staged files). */
  extra: ((uri: string) => Promise<Finding[]>)[] = [];

  constructor(
    private readonly client: LspClient,
    private readonly ctx: ServerContext,
  ) {}

  schedule(uri: string): void {
    if (this.pullMode) {
      if (!this.ctx.documents.get(uri)) this.findings.delete(uri);
      return;
    }
    clearTimeout(this.timers.get(uri));
    const doc = this.ctx.documents.get(uri);
    if (!doc) {
      this.findings.delete(uri);
      background('publishDiagnostics', this.client.publishDiagnostics({ uri, diagnostics: [] }));
      return;
    }
    this.timers.set(
      uri,
      setTimeout(() => void this.run(uri), this.ctx.config().risk.debounceMs),
    );
  }

  /**
   * Findings of a document. A document over the size limit has none ahead of time: given `around` (a hover or a
   * code action), the window of commands around that offset is analysed on demand.
   */
  async compute(uri: string, around?: number): Promise<Finding[]> {
    const doc = this.ctx.documents.get(uri);
    if (!doc) return [];
    const text = doc.getText();
    if (!this.ctx.analysis.analysable(uri, doc.version, doc.languageId, text) && this.ctx.analysis.host(uri, doc.version, doc.languageId, text)) {
      // binary or over the size limit: nothing ahead of time, the window around a hover or action on demand
      return around === undefined || !this.ctx.config().risk.enable ? [] : this.computeAround(doc.languageId, uriToPath(uri), text, around);
    }
    const cached = this.findings.get(uri);
    if (cached && cached.version === doc.version) return cached.findings;
    const cfg = this.ctx.config().risk;
    if (!cfg.enable) return [];
    const path = uriToPath(uri);
    // the trees are the hover's: one parse per document version serves both
    const parsed = await this.ctx.analysis.parsed(uri, doc.version, doc.languageId, text);
    if (this.ctx.documents.get(uri)?.version !== doc.version) return this.compute(uri);
    const findings = await analyzeDocument(doc.languageId, path, text, cfg, parsed);
    for (const more of this.extra) findings.push(...(await more(uri)));
    this.findings.set(uri, { version: doc.version, findings });
    return findings;
  }

  private async computeAround(languageId: string, path: string, text: string, offset: number): Promise<Finding[]> {
    if (isBinary(text)) return [];
    const host = detectHost(languageId, path, text);
    if (!host) return [];
    const w = windowAround(text, offset);
    const snippets = extractSnippets(host, text.slice(w.start, w.end)).map((s) => shiftSnippet(s, w.start));
    const trees = [];
    for (const s of snippets) trees.push(await parseSliced(s.text));
    try {
      return await analyzeDocument(languageId, path, text, this.ctx.config().risk, { snippets, trees });
    } finally {
      trees.forEach((t) => t?.delete());
    }
  }

  /** Something other than an edit changed a document's findings: push them again, or ask a pulling client to pull. */
  recheck(uri: string): void {
    this.findings.delete(uri);
    if (this.pullMode) {
      if (this.refreshSupport) void this.client.refreshDiagnostics().catch(() => undefined);
    } else this.schedule(uri);
  }

  /** Settings changed: drop every cached result and have the diagnostics computed again. */
  invalidate(): void {
    this.generation++;
    this.findings.clear();
    if (this.pullMode) {
      if (this.refreshSupport) void this.client.refreshDiagnostics().catch(() => undefined);
    } else {
      for (const d of this.ctx.documents.all()) this.schedule(d.uri);
    }
  }

  /** `textDocument/diagnostic`. The result id is the document version and the settings generation. */
  async pull(params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    const doc = this.ctx.documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const resultId = `${doc.version}:${this.generation}`;
    if (params.previousResultId === resultId && this.findings.get(doc.uri)?.version === doc.version) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    try {
      const items = this.toDiagnostics(doc.uri, await this.compute(doc.uri));
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    } catch (err) {
      log().error({ err, uri: doc.uri }, 'risk diagnostics failed');
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  }

  private toDiagnostics(uri: string, findings: Finding[]): Diagnostic[] {
    const doc = this.ctx.documents.get(uri);
    if (!doc) return [];
    const enc = this.ctx.documents.encoding;
    return findings.map((f) => ({
      range: { start: positionAt(doc, f.start, enc), end: positionAt(doc, f.end, enc) },
      severity: LEVEL[f.severity],
      code: f.rule,
      ...(/^(https?|file):/.test(f.reference) ? { codeDescription: { href: f.reference } } : {}),
      source: 'kibitz',
      message: `${f.severity}: ${f.message}`,
    }));
  }

  private async run(uri: string): Promise<void> {
    try {
      await this.ready;
      const doc = this.ctx.documents.get(uri);
      if (!doc) return;
      const findings = await this.compute(uri);
      if (this.ctx.documents.get(uri)?.version !== doc.version) return;
      await this.client.publishDiagnostics({ uri, version: doc.version, diagnostics: this.toDiagnostics(uri, findings) });
    } catch (err) {
      log().error({ err, uri }, 'risk diagnostics failed');
    }
  }
}
