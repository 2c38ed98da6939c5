import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { analyzeDocument } from '../shell/risk/document.js';
import type { Finding, Severity } from '../shell/risk/index.js';
import { log } from '../util/log.js';
import type { ServerContext } from './context.js';
import { positionAt } from './positions.js';

const LEVEL: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
};

/** Risk findings -> publishDiagnostics, debounced per document. */
export class RiskDiagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Last findings per uri (document offsets), for hovers and quick fixes. */
  readonly findings = new Map<string, { version: number; findings: Finding[] }>();

  constructor(
    private readonly connection: Connection,
    private readonly ctx: ServerContext,
  ) {}

  schedule(uri: string): void {
    clearTimeout(this.timers.get(uri));
    const doc = this.ctx.documents.get(uri);
    if (!doc) {
      this.findings.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    this.timers.set(uri, setTimeout(() => void this.run(uri), this.ctx.config().risk.debounceMs));
  }

  async compute(uri: string): Promise<Finding[]> {
    const doc = this.ctx.documents.get(uri);
    if (!doc) return [];
    const cached = this.findings.get(uri);
    if (cached && cached.version === doc.version) return cached.findings;
    const cfg = this.ctx.config().risk;
    if (!cfg.enable) return [];
    const path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
    const text = doc.getText();
    // the trees are the hover's: one parse per document version serves both
    const parsed = await this.ctx.analysis.parsed(uri, doc.version, doc.languageId, text);
    if (this.ctx.documents.get(uri)?.version !== doc.version) return this.compute(uri);
    const findings = await analyzeDocument(doc.languageId, path, text, cfg, parsed);
    this.findings.set(uri, { version: doc.version, findings });
    return findings;
  }

  private async run(uri: string): Promise<void> {
    try {
      const doc = this.ctx.documents.get(uri);
      if (!doc) return;
      const findings = await this.compute(uri);
      if (this.ctx.documents.get(uri)?.version !== doc.version) return;
      const enc = this.ctx.documents.encoding;
      const diagnostics: Diagnostic[] = findings.map((f) => ({
        range: { start: positionAt(doc, f.start, enc), end: positionAt(doc, f.end, enc) },
        severity: LEVEL[f.severity],
        code: f.rule,
        ...(f.reference.startsWith('http') ? { codeDescription: { href: f.reference } } : {}),
        source: 'kibitz',
        message: `${f.severity}: ${f.message}`,
      }));
      await this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    } catch (err) {
      log().error({ err, uri }, 'risk diagnostics failed');
    }
  }
}
