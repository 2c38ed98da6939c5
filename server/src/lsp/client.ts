import { MessageType, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { background } from './guard.js';
import type { Editor, Progress } from '../services/editor.js';

/**
 * What feature handlers ask of the editor: the few server-to-client calls kibitz makes. Handlers take this, not the
 * whole Connection, so they can be driven in-process by a fake (as typescript-language-server's LspClient).
 */
export interface LspClient extends Editor {
  publishDiagnostics(params: PublishDiagnosticsParams): Promise<void>;
  /** workspace/diagnostic/refresh (pull clients). */
  refreshDiagnostics(): Promise<void>;
  /** window/showDocument. */
  showDocument(uri: string): Promise<void>;
  /** workspace/configuration for one section. */
  configuration(section: string): Promise<unknown>;
}

const TYPES = { error: MessageType.Error, warning: MessageType.Warning, info: MessageType.Info };

/** The LspClient of a connection. */
export function connectionClient(connection: Connection): LspClient {
  return {
    showMessage: (type, message) => background('showMessage', connection.sendNotification('window/showMessage', { type: TYPES[type], message })),
    publishDiagnostics: (params) => connection.sendDiagnostics(params),
    refreshDiagnostics: () => connection.languages.diagnostics.refresh(),
    createProgress: () =>
      connection.window.createWorkDoneProgress().then(
        (p) => p as Progress,
        () => undefined,
      ),
    showDocument: async (uri) => {
      await connection.window.showDocument({ uri, takeFocus: true });
    },
    configuration: async (section) => {
      const answer = await connection.sendRequest<unknown>('workspace/configuration', { items: [{ section }] });
      return Array.isArray(answer) ? (answer as unknown[])[0] : undefined;
    },
  };
}
