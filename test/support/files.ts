import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir` whose name ends with `suffix` (`.ts`, `.test.ts`), recursively. */
export function filesUnder(dir: string, suffix = '.ts'): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p, suffix) : p.endsWith(suffix) ? [p] : [];
  });
}
