/** A progress report shown by the editor. */
export interface Progress {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message?: string): void;
  report(message: string): void;
  done(): void;
}

/** What the services ask of whoever shows things to the user (the LSP client, in the server). */
export interface Editor {
  /** A message for the user (never awaited: a message must not hold a request). */
  showMessage(type: 'error' | 'warning' | 'info', message: string): void;
  /** A progress report, or undefined when the editor does not show them. */
  createProgress(): Promise<Progress | undefined>;
}
