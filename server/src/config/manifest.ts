import { z } from 'zod';
import { ConfigSchema, USER_ONLY_SETTINGS } from './schema.js';

/** JSON Schema of one setting, as zod writes it (type, default, description, enum, bounds, items). */
export type SettingSchema = Record<string, unknown> & { type?: string; default?: unknown; description?: string; enum?: unknown[] };

export interface SettingInfo {
  /** Dotted path below the `kibitz` section, e.g. `risk.disabledRules`. */
  path: string[];
  key: string;
  schema: SettingSchema;
  /** Only the user may set it (where code and logs go, which key is used): editors must not take it from a workspace. */
  userOnly: boolean;
}

/** A setting at or below one of USER_ONLY_SETTINGS. */
export function isUserOnly(path: string[]): boolean {
  return USER_ONLY_SETTINGS.some((u) => u.every((k, i) => path[i] === k));
}

/**
 * Every leaf setting of the zod schema, in schema order: the one list the editor clients (VS Code's
 * `contributes.configuration`, Emacs' defcustoms) are generated from and checked against.
 */
export function settingsManifest(): SettingInfo[] {
  const root = z.toJSONSchema(ConfigSchema, { io: 'input' }) as SettingSchema;
  const out: SettingInfo[] = [];
  const walk = (node: SettingSchema, path: string[], inherited: string | undefined) => {
    const props = node.properties as Record<string, SettingSchema> | undefined;
    if (node.type === 'object' && props && !node.additionalProperties) {
      for (const [name, child] of Object.entries(props)) walk(child, [...path, name], node.description ?? inherited);
      return;
    }
    const schema: SettingSchema = { ...node };
    if (!schema.description && inherited) schema.description = `${inherited} (${path[path.length - 1]})`;
    out.push({ path, key: ['kibitz', ...path].join('.'), schema, userOnly: isUserOnly(path) });
  };
  walk(root, [], undefined);
  return out;
}
