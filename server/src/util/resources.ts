import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds the files shipped next to the code (grammars/, docs/): the repository or npm package
 * root, three levels above this compiled file (server/out/util/). A bundled server (the VS Code extension's)
 * lives elsewhere and says where its copies are with KIBITZ_RESOURCE_ROOT.
 */
export function resourceRoot(): string {
  return process.env.KIBITZ_RESOURCE_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
}
