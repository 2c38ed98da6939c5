import { ConfigSchema, type Config } from './schema.js';

export interface SettingsResult {
  config: Config;
  /** Human-readable problems, one per rejected setting. The last good value is kept for those. */
  warnings: string[];
  /** Paths of the values that were rejected. */
  rejected: PropertyKey[][];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars from `over` replace. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined || k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = isObject(v) && isObject(base[k]) ? merge(base[k], v) : v;
  }
  return out;
}

export function getPath(obj: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key as string];
  }
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: PropertyKey[], value: unknown): void {
  let cur: Record<string, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const key = String(path[i]);
    if (!isObject(cur[key])) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[String(path[path.length - 1])] = value;
}

/**
 * Apply user settings on top of the last good config. Invalid fields are reported and replaced by
 * their last good value; the rest still applies. Unknown keys are ignored with a warning.
 */
export function applySettings(lastGood: Config, raw: unknown): SettingsResult {
  if (raw === undefined || raw === null) return { config: lastGood, warnings: [], rejected: [] };
  if (!isObject(raw)) {
    return { config: lastGood, warnings: [`kibitz settings must be an object, got ${typeof raw}; keeping the previous settings.`], rejected: [[]] };
  }
  const warnings: string[] = [];
  const rejected: PropertyKey[][] = [];
  const known = new Set(Object.keys(ConfigSchema.shape));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) warnings.push(`Unknown setting kibitz.${key} is ignored.`);
  }
  let candidate = merge(lastGood, raw);
  for (let attempt = 0; attempt < 50; attempt++) {
    const parsed = ConfigSchema.safeParse(candidate);
    if (parsed.success) return { config: parsed.data, warnings, rejected };
    const issue = parsed.error.issues[0]!;
    // a bad item of a list: the whole list keeps its last good value
    const firstIndex = issue.path.findIndex((k) => typeof k === 'number');
    const path = firstIndex >= 0 ? issue.path.slice(0, firstIndex) : issue.path;
    rejected.push(path);
    const shown = JSON.stringify(getPath(candidate, path));
    warnings.push(`Invalid setting kibitz.${path.join('.')} = ${shown}: ${issue.message}. Keeping ${JSON.stringify(getPath(lastGood, path))}.`);
    if (path.length === 0) return { config: lastGood, warnings, rejected };
    setPath(candidate, path, getPath(lastGood, path));
    candidate = { ...candidate };
  }
  return { config: lastGood, warnings, rejected };
}
