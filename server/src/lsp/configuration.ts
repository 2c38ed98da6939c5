import { LayeredSettings, type GatePolicy } from '../config/layers.js';
import type { Config } from '../config/schema.js';
import type { SettingsSource } from '../config/trust.js';
import { configureLog, log } from '../util/log.js';
import type { LspClient } from './client.js';

/**
 * Settings from initializationOptions (the user's editor configuration), workspace/configuration and
 * didChangeConfiguration (which clients may assemble from project files) and the repository's .kibitz.json,
 * each through the one trust boundary (config/trust.ts).
 */
export class Settings {
  private readonly layered: LayeredSettings;
  pullSupported = false;
  private readonly listeners: ((c: Config) => void)[] = [];

  constructor(private readonly client: LspClient) {
    this.layered = new LayeredSettings((w, origin) => {
      log().warn({ origin }, w);
      this.client.showMessage('warning', `kibitz: ${w}`);
    });
  }

  get(): Config {
    return this.layered.get();
  }

  gatePolicy(): GatePolicy {
    return this.layered.gatePolicy();
  }

  customActionsOrigin(): ReturnType<LayeredSettings['customActionsOrigin']> {
    return this.layered.customActionsOrigin();
  }

  onDidChange(fn: (c: Config) => void): void {
    this.listeners.push(fn);
  }

  /** Apply a raw settings object from `source`; warnings go to the user, the last good value of a bad field is kept. */
  apply(raw: unknown, source: SettingsSource, origin: string = source): void {
    if (!this.layered.apply(raw, source, origin)) return;
    const config = this.get();
    configureLog(config.logLevel, config.logFile);
    for (const l of this.listeners) l(config);
  }

  async pull(): Promise<void> {
    if (!this.pullSupported) return;
    try {
      const value = await this.client.configuration('kibitz');
      if (value !== null && value !== undefined) this.apply(value, 'workspaceConfiguration', 'workspace/configuration');
    } catch (err) {
      log().warn({ err }, 'workspace/configuration failed');
    }
  }
}
