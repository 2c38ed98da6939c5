import path from 'node:path';
import { resolveModel } from '../config/model-settings.js';
import type { Config } from '../config/schema.js';
import { ModelClient } from '../model/client.js';
import type { ModelError } from '../model/errors.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { log } from '../util/log.js';
import type { Editor } from './editor.js';

/**
 * The model client of the current settings (rebuilt when they change), its startup probe, and the user-facing
 * messages for its failures: each distinct failure is shown once (a dead endpoint is not a flood), and again when
 * the user retries (an action they asked for fails the same way); a success clears them.
 */
export class ModelHolder {
  private client: ModelClient | undefined;
  private readonly lastShown = new Map<string, number>();
  private key = '';
  /** Failures are counted in the feedback log (by kind). */
  onFailure: ((e: ModelError) => void) | undefined;

  constructor(
    private readonly editor: Editor,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get(): ModelClient | undefined {
    return this.client;
  }

  /** Apply settings; returns true when the endpoint or model changed (and a new probe is due). */
  update(cfg: Config): boolean {
    const s = resolveModel(cfg.model, this.env);
    const key = JSON.stringify(s ?? null);
    if (key === this.key) return false;
    this.key = key;
    this.client = s
      ? new ModelClient(s, {
          cacheDir: path.join(defaultCacheDir(), 'model'),
          events: { onError: (e) => this.report(e), onSuccess: () => this.lastShown.clear(), onScrub: (i) => log().info(i, 'secrets or invisible characters removed before sending') },
        })
      : undefined;
    log().info({ model: s?.chatModel, baseURL: s?.baseURL }, s ? 'model configured' : 'no model configured: offline behaviour');
    return true;
  }

  private probed = '';

  /** Probe the endpoint once per endpoint/model: reachable? honours json_schema? */
  async probe(): Promise<void> {
    const c = this.client;
    if (!c || this.probed === this.key) return;
    this.probed = this.key;
    const r = await c.probe();
    log().info({ reachable: r.reachable, jsonSchema: r.jsonSchema }, 'model probe');
  }

  /**
   * Show a failure. `retriedAt`: the user asked again at that time (a code action, a command): a failure already
   * shown before then is shown again, since the user is waiting for this answer.
   */
  report(e: ModelError, retriedAt?: number): void {
    if (e.kind === 'cancelled') return;
    const key = `${e.kind}:${e.message}`;
    const shown = this.lastShown.get(key);
    if (shown !== undefined && (retriedAt === undefined || shown >= retriedAt)) return;
    if (shown === undefined || retriedAt !== undefined) this.onFailure?.(e);
    this.lastShown.set(key, Date.now());
    log().warn({ kind: e.kind }, e.message);
    this.editor.showMessage(e.kind === 'invalid-output' || e.kind === 'timeout' ? 'warning' : 'error', `kibitz: ${e.message}`);
  }
}
