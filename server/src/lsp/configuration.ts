import { MessageType, type Connection } from 'vscode-languageserver/node';
import { applySettings } from '../config/settings.js';
import type { Config } from '../config/schema.js';
import { configureLog, log } from '../util/log.js';
import { background } from './guard.js';

/** Settings from initializationOptions, workspace/configuration (section `kibitz`) and didChangeConfiguration. */
export class Settings {
  private current: Config;
  pullSupported = false;
  private readonly listeners: ((c: Config) => void)[] = [];

  constructor(
    private readonly connection: Connection,
    initial: Config,
  ) {
    this.current = initial;
  }

  get(): Config {
    return this.current;
  }

  onDidChange(fn: (c: Config) => void): void {
    this.listeners.push(fn);
  }

  /** Apply a raw settings object; warnings go to the user, the last good value of a bad field is kept. */
  apply(raw: unknown, origin: string): void {
    const unwrapped = raw && typeof raw === 'object' && 'kibitz' in (raw as object) ? (raw as { kibitz: unknown }).kibitz : raw;
    const { config, warnings } = applySettings(this.current, unwrapped);
    for (const w of warnings) {
      log().warn({ origin }, w);
      background('showMessage', this.connection.sendNotification('window/showMessage', { type: MessageType.Warning, message: `kibitz: ${w}` }));
    }
    const changed = JSON.stringify(config) !== JSON.stringify(this.current);
    this.current = config;
    if (changed) {
      configureLog(config.logLevel, config.logFile);
      for (const l of this.listeners) l(config);
    }
  }

  async pull(): Promise<void> {
    if (!this.pullSupported) return;
    try {
      const [value] = (await this.connection.sendRequest('workspace/configuration', { items: [{ section: 'kibitz' }] })) as unknown[];
      if (value !== null && value !== undefined) this.apply(value, 'workspace/configuration');
    } catch (err) {
      log().warn({ err }, 'workspace/configuration failed');
    }
  }
}
