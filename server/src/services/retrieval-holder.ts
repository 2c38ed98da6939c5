import { indexInChild } from './man-index-child.js';
import type { Config } from '../config/schema.js';
import type { ModelClient } from '../model/client.js';
import { Retrieval, type Corpus } from '../retrieval/service.js';
import { defaultCacheDir } from '../shell/manpages/cache.js';
import { log } from '../util/log.js';
import type { Editor } from './editor.js';

/** A man index younger than this is not re-scanned at startup (pages change with package installs). */
const MAN_FRESH_MS = 24 * 3600 * 1000;

/** The local search index for the server: built in the background at startup with `$/progress`. */
export class RetrievalHolder {
  private current: Retrieval | undefined;
  workspace: string | undefined;
  progressSupport = false;
  private building: Promise<void> | undefined;

  constructor(
    private readonly client: Editor,
    private readonly config: () => Config,
    private readonly model: () => ModelClient | undefined,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get(): Retrieval | undefined {
    if (!this.config().retrieval.enable) return undefined;
    const cfg = this.config();
    const model = this.model();
    const key = JSON.stringify([cfg.manpath, this.workspace, model?.settings.embeddingModel ? model.settings.baseURL + model.settings.embeddingModel : '']);
    if (!this.current || this.key !== key) {
      this.key = key;
      this.current = new Retrieval({ buildMan: indexInChild, cacheDir: defaultCacheDir(), manpath: cfg.manpath, workspace: this.workspace, ...(model?.settings.embeddingModel ? { model } : {}) });
    }
    return this.current;
  }

  private key = '';

  /** Build/update the man (when missing or stale) and docs indexes, one at a time, reporting progress. */
  indexInBackground(): Promise<void> {
    const cfg = this.config();
    const off = this.env.KIBITZ_INDEX_ON_START === '0' || (this.env.KIBITZ_INDEX_ON_START !== '1' && !cfg.retrieval.indexOnStart);
    const r = this.get();
    if (off || !r || this.building) return this.building ?? Promise.resolve();
    this.building = (async () => {
      const todo: Corpus[] = [];
      const builtAt = await r.builtAt('man');
      if (!builtAt || Date.now() - builtAt > MAN_FRESH_MS) todo.push('man');
      if (this.workspace) todo.push('docs');
      for (const corpus of todo) await this.buildOne(r, corpus);
    })().finally(() => (this.building = undefined));
    return this.building;
  }

  private async buildOne(r: Retrieval, corpus: Corpus): Promise<void> {
    const progress = this.progressSupport ? await this.client.createProgress() : undefined;
    progress?.begin(`kibitz: indexing ${corpus === 'man' ? 'man pages' : 'workspace docs'}`, 0, 'collecting', false);
    let lastPct = -1;
    try {
      const rep = await r.build(corpus, {
        onProgress: (p) => {
          // the man index reports one phase (reading and indexing pages, in its own process)
          const pct =
            corpus === 'man'
              ? Math.floor(p.total ? (p.done / p.total) * 99 : 0)
              : Math.floor((p.phase === 'collect' ? 0 : p.phase === 'embed' ? 50 : 95) + (p.total ? (p.done / p.total) * (p.phase === 'save' ? 5 : 45) : 0));
          if (pct !== lastPct) {
            lastPct = pct;
            progress?.report(pct, `${p.phase} ${p.done}/${p.total}`);
          }
        },
      });
      log().info({ corpus, items: rep.items, ms: rep.ms, kind: rep.kind, added: rep.added, removed: rep.removed, reason: rep.rebuildReason }, 'index built');
      if (rep.warning) log().warn(rep.warning);
    } catch (err) {
      log().warn({ err, corpus }, 'indexing failed; search works without this corpus');
    } finally {
      progress?.done();
    }
  }
}
