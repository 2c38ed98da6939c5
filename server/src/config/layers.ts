import { defaultConfig, type Config } from './schema.js';
import { applySettings, getPath, isObject, setPath } from './settings.js';
import { trustedSettings, type SettingsSource } from './trust.js';

/** Which layer a source writes: the repository's file, the user's own configuration, or the client's answers. */
type Layer = 'team' | 'user' | 'client';
const LAYER_OF: Record<SettingsSource, Layer> = {
  teamFile: 'team',
  initializationOptions: 'user',
  environment: 'user',
  cli: 'user',
  workspaceConfiguration: 'client',
  didChangeConfiguration: 'client',
};
/** Lowest first: the client's answers (more specific) win over the user's initialization options, which win over the repository's file. */
const ORDER: Layer[] = ['team', 'user', 'client'];

type Severity = Config['risk']['deny'][number]['severity'];
const SEVERITY_ORDER: Severity[] = ['low', 'medium', 'high', 'critical'];

/** The risk policy the gate on model-written text uses (see `gatePolicy`). */
export interface GatePolicy {
  disabledRules: string[];
  allowCommands: string[];
  deny: Config['risk']['deny'];
  severity: Record<string, Severity>;
  /** Severities a rule is raised to at least (repository settings may raise, never lower). */
  minSeverity: Record<string, Severity>;
  /** `# kibitz-disable` comments are not honoured: model-written text could carry them. */
  directives: false;
}

/**
 * Settings in three layers, each only ever holding what its sources may set (config/trust.ts): the effective
 * settings, and the stricter policy for judging model-written commands. An invalid value is reported and the
 * layer keeps its last good value for it.
 */
export class LayeredSettings {
  private readonly layers: Record<Layer, Record<string, unknown>> = { team: {}, user: {}, client: {} };
  private current: Config = defaultConfig();

  constructor(private readonly warn: (message: string, origin: string) => void = () => undefined) {}

  get(): Config {
    return this.current;
  }

  /** Apply a settings object from `source`; returns true when the effective settings changed. */
  apply(raw: unknown, source: SettingsSource, origin: string = source): boolean {
    // a client that also answers workspace/configuration with the user's own model settings (Neovim, Emacs): those
    // are dropped there, silently when they are what the user's initialization options already say
    const same = (path: string, value: unknown) => JSON.stringify(getPath(this.layers.user, path.split('.'))) === JSON.stringify(value);
    const trusted = trustedSettings(raw, source, origin, { same });
    for (const w of trusted.warnings) this.warn(w, origin);
    if (!trusted.settings) return false;
    const layer = LAYER_OF[source];
    const below = this.fold(ORDER.slice(0, ORDER.indexOf(layer)));
    const { warnings, rejected } = applySettings(below, trusted.settings);
    for (const w of warnings) this.warn(w, origin);
    // a rejected value: this layer's previous value for it stays
    const next = structuredClone(trusted.settings);
    for (const p of rejected) {
      if (!p.length) return false;
      const old = getPath(this.layers[layer], p);
      if (old === undefined) deletePath(next, p);
      else setPath(next, p, structuredClone(old));
    }
    this.layers[layer] = next;
    const before = JSON.stringify(this.current);
    this.current = this.fold(ORDER);
    return JSON.stringify(this.current) !== before;
  }

  private fold(layers: Layer[]): Config {
    let cfg = defaultConfig();
    for (const l of layers) cfg = applySettings(cfg, this.layers[l]).config;
    return cfg;
  }

  /**
   * The policy for commands a model wrote: the built-in severities and the user's own risk settings. A repository
   * (or a client answer assembled from project files) may add deny rules and raise severities, but may not turn
   * rules off, allow commands or lower a severity for generated text.
   */
  gatePolicy(): GatePolicy {
    const user = applySettings(defaultConfig(), this.layers.user).config.risk;
    const minSeverity: Record<string, Severity> = {};
    const deny = [...user.deny];
    for (const l of ['team', 'client'] as const) {
      const risk = applySettings(defaultConfig(), this.layers[l]).config.risk;
      for (const [rule, sev] of Object.entries(risk.severity)) {
        const cur = minSeverity[rule];
        if (!cur || SEVERITY_ORDER.indexOf(sev) > SEVERITY_ORDER.indexOf(cur)) minSeverity[rule] = sev;
      }
      for (const d of risk.deny) if (!deny.some((x) => x.pattern === d.pattern)) deny.push(d);
    }
    return { disabledRules: user.disabledRules, allowCommands: user.allowCommands, deny, severity: user.severity, minSeverity, directives: false };
  }

  /** Where the custom actions in effect were defined: the user's own configuration, or the repository. */
  customActionsOrigin(): 'user' | '.kibitz.json' | 'workspace settings' {
    const custom = JSON.stringify(this.current.actions.custom);
    for (const l of [...ORDER].reverse()) {
      const v = getPath(this.layers[l], ['actions', 'custom']);
      if (v === undefined) continue;
      if (l === 'user' || JSON.stringify(applySettings(defaultConfig(), this.layers.user).config.actions.custom) === custom) return 'user';
      return l === 'team' ? '.kibitz.json' : 'workspace settings';
    }
    return 'user';
  }
}

function deletePath(obj: Record<string, unknown>, path: PropertyKey[]): void {
  let cur: unknown = obj;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur)) return;
    cur = cur[k as string];
  }
  if (isObject(cur)) delete cur[path[path.length - 1] as string];
}
