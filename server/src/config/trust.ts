import { z } from 'zod';
import { ConfigSchema, defaultConfig, USER_ONLY_SETTINGS } from './schema.js';

/**
 * The one trust boundary for settings. Every settings object, from wherever it comes, passes through
 * `trustedSettings`: it is put in canonical shape (the `kibitz` wrapper removed at any depth, dotted keys
 * expanded, keys matched to the schema whatever their case, `__proto__`/`constructor`/`prototype` dropped), then
 * every setting its source may not set is removed with a warning.
 *
 * Sources, and who controls them:
 * - user: the editor's initializationOptions (your editor configuration), the environment (KIBITZ_*), the CLI;
 * - workspace: a repository's `.kibitz.json`, and `workspace/configuration` answers and `didChangeConfiguration`
 *   payloads, which clients assemble from project files too (Eglot's .dir-locals.el, Neovim's exrc, VS Code's
 *   .vscode/settings.json).
 * User-only settings (USER_ONLY_SETTINGS: the model endpoint and key, the log file, the feedback database,
 * directories to read) come only from user sources.
 */
export type SettingsSource = 'initializationOptions' | 'environment' | 'cli' | 'workspaceConfiguration' | 'didChangeConfiguration' | 'teamFile';
export type Trust = 'user' | 'workspace';

export const SOURCE_TRUST: Record<SettingsSource, Trust> = {
  initializationOptions: 'user',
  environment: 'user',
  cli: 'user',
  workspaceConfiguration: 'workspace',
  didChangeConfiguration: 'workspace',
  teamFile: 'workspace',
};

/** Keys that would reach an object's prototype when assigned. */
const POISON = new Set(['__proto__', 'constructor', 'prototype']);
/** Not settings, but keys a repository might hope are read as an endpoint or key: dropped like user-only ones. */
const STRAY_KEYS = new Set(['baseurl', 'apikey', 'endpoint', 'api_key', 'base_url', 'url', 'token', 'key']);

/** May `source` set the setting at `path`? */
export function maySet(path: readonly string[], source: SettingsSource): boolean {
  if (SOURCE_TRUST[source] === 'user') return true;
  return !USER_ONLY_SETTINGS.some((u) => u.every((k, i) => path[i] === k));
}

export interface Trusted {
  /** Canonical settings the source may set (undefined: nothing usable). */
  settings: Record<string, unknown> | undefined;
  warnings: string[];
  /** Dotted paths removed because the source may not set them. */
  dropped: string[];
  /** Their values, by dotted path. */
  droppedValues: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Shape = Record<string, z.ZodType>;

/** The object shape of a schema node (through defaults, prefaults and optionals), or undefined for leaves. */
function shapeOf(t: z.ZodType | undefined): Shape | undefined {
  let cur: unknown = t;
  for (let i = 0; i < 8 && cur; i++) {
    const def = (cur as { _zod?: { def?: { type?: string; innerType?: unknown; shape?: Shape } } })._zod?.def;
    if (!def) return undefined;
    if (def.type === 'object') return def.shape;
    cur = def.innerType;
  }
  return undefined;
}

/**
 * Settings in canonical shape. Arrays stand for empty objects when empty (an empty Lua table reaches the server
 * as `[]`). Unknown keys are reported and dropped.
 */
export function normalizeSettings(raw: unknown, origin: string): { settings: Record<string, unknown> | undefined; warnings: string[] } {
  const warnings: string[] = [];
  if (raw === undefined || raw === null) return { settings: undefined, warnings };
  if (Array.isArray(raw) && raw.length === 0) return { settings: {}, warnings };
  if (!isObject(raw)) {
    warnings.push(`${origin}: kibitz settings must be an object, got ${Array.isArray(raw) ? 'a list' : typeof raw}; they are ignored.`);
    return { settings: undefined, warnings };
  }
  const flat = new Map<string, { path: string[]; value: unknown }>();
  flatten(raw, [], flat, warnings, origin, ConfigSchema.shape);
  const out: Record<string, unknown> = {};
  for (const { path, value } of flat.values()) setPath(out, path, value);
  return { settings: out, warnings };
}

/** Walk `raw` along the schema, collecting leaf settings by canonical path. Later duplicates win. */
function flatten(raw: Record<string, unknown>, path: string[], out: Map<string, { path: string[]; value: unknown }>, warnings: string[], origin: string, shape: Shape): void {
  for (const [rawKey, value] of Object.entries(raw)) {
    if (POISON.has(rawKey)) {
      warnings.push(`${origin}: the key "${rawKey}" is not a setting; it is ignored.`);
      continue;
    }
    // "kibitz.model.baseURL", "model.baseURL": one key per level
    const parts = rawKey.split('.').filter(Boolean);
    if (parts.length > 1) {
      let nested: unknown = value;
      for (const p of parts.slice(1).reverse()) nested = { [p]: nested };
      flatten({ [parts[0]!]: nested }, path, out, warnings, origin, shape);
      continue;
    }
    if (rawKey.toLowerCase() === 'kibitz' && isObject(value)) {
      // the section name, at the top or nested: its content is the settings
      flatten(value, path, out, warnings, origin, shape);
      continue;
    }
    const key = Object.keys(shape).find((k) => k.toLowerCase() === rawKey.toLowerCase());
    if (!key) {
      const where = [...path, rawKey].join('.');
      warnings.push(
        STRAY_KEYS.has(rawKey.toLowerCase())
          ? `${origin}: "${where}" is ignored: the model endpoint and key are only read from your user settings or the environment.`
          : `Unknown setting kibitz.${where} is ignored.`,
      );
      continue;
    }
    const child = shapeOf(shape[key]);
    if (child && isObject(value)) flatten(value, [...path, key], out, warnings, origin, child);
    else out.set([...path, key].join('.'), { path: [...path, key], value: cleanValue(value) });
  }
}

/** A leaf value without prototype-reaching keys at any depth (records and arrays of objects are leaves here). */
function cleanValue(v: unknown, depth = 0): unknown {
  if (depth > 20) return undefined;
  if (Array.isArray(v)) return v.map((x) => cleanValue(x, depth + 1));
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!POISON.has(k)) out[k] = cleanValue(x, depth + 1);
  return out;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

/** Canonical settings from `source`, without what it may not set. */
export function trustedSettings(raw: unknown, source: SettingsSource, origin: string = source, opts: { same?: (path: string, value: unknown) => boolean } = {}): Trusted {
  const { settings, warnings } = normalizeSettings(raw, origin);
  if (!settings) return { settings, warnings, dropped: [], droppedValues: {} };
  const dropped: string[] = [];
  const droppedValues: Record<string, unknown> = {};
  const walk = (obj: Record<string, unknown>, path: string[]) => {
    for (const [k, v] of Object.entries(obj)) {
      const p = [...path, k];
      if (!maySet(p, source)) {
        droppedValues[p.join('.')] = v;
        delete obj[k];
        dropped.push(p.join('.'));
      } else if (isObject(v) && shapeOf(shapeAt(p))) walk(v, p);
    }
  };
  walk(settings, []);
  for (const d of dropped) {
    // VS Code answers workspace/configuration with every key, defaults included: a default is nothing to warn about
    if (opts.same?.(d, droppedValues[d]) || isDefault(d, droppedValues[d])) continue;
    const why = d.startsWith('feedback')
      ? 'where feedback is sent is only read from your user settings.'
      : d === 'manpath'
        ? 'which directories kibitz reads is only read from your user settings.'
        : 'the model endpoint, model, API key and log file are only read from your user settings or environment.';
    warnings.push(`${origin}: "${d}" is ignored: ${why}`);
  }
  return { settings, warnings, dropped, droppedValues };
}

function shapeAt(path: string[]): z.ZodType | undefined {
  let shape: Shape | undefined = ConfigSchema.shape;
  let node: z.ZodType | undefined;
  for (const k of path) {
    node = shape?.[k];
    shape = shapeOf(node);
  }
  return node;
}

/** Every leaf `value` gives is the default's (objects may give fewer keys), whatever the key order. */
function atDefault(def: unknown, value: unknown): boolean {
  if (isObject(value)) return isObject(def) && Object.entries(value).every(([k, v]) => atDefault(def[k], v));
  if (Array.isArray(value)) return Array.isArray(def) && def.length === value.length && value.every((x, i) => atDefault(def[i], x));
  return def === value;
}

/** Is `value` the schema's default at this dotted path? */
function isDefault(dotted: string, value: unknown): boolean {
  let cur: unknown = defaultConfig();
  for (const k of dotted.split('.')) cur = isObject(cur) ? cur[k] : undefined;
  return cur !== undefined && atDefault(cur, value);
}
