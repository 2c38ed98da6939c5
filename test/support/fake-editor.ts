import type { LspClient } from '../../server/src/lsp/client.js';
import type { Progress } from '../../server/src/services/editor.js';

/** An LspClient that records what a handler asked of the editor (no connection, no process). */
export class FakeEditor implements LspClient {
  readonly messages: { type: string; message: string }[] = [];
  readonly diagnostics: { uri: string; count: number }[] = [];
  readonly progress: string[] = [];
  readonly shown: string[] = [];
  settings: unknown = undefined;
  refreshes = 0;

  showMessage(type: 'error' | 'warning' | 'info', message: string): void {
    this.messages.push({ type, message });
  }
  async publishDiagnostics(p: { uri: string; diagnostics: unknown[] }): Promise<void> {
    this.diagnostics.push({ uri: p.uri, count: p.diagnostics.length });
  }
  async refreshDiagnostics(): Promise<void> {
    this.refreshes++;
  }
  async createProgress(): Promise<Progress | undefined> {
    const log = this.progress;
    return {
      begin: (title) => log.push(`begin ${title}`),
      report: (a: number | string, b?: string) => log.push(`report ${typeof a === 'number' ? `${a}%` : a}${b ? ` ${b}` : ''}`),
      done: () => log.push('done'),
    };
  }
  async showDocument(uri: string): Promise<void> {
    this.shown.push(uri);
  }
  async configuration(): Promise<unknown> {
    return this.settings;
  }
}
