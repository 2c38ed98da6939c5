import path from 'node:path';
import { ROOT } from './lsp-client.js';
import { ManPages } from '../../server/src/shell/manpages/index.js';

export const FIXTURE_MAN = path.join(ROOT, 'test/fixtures/man');

/** Man pages from test/fixtures/man only: deterministic on any machine. */
export function fixtureManPages(): ManPages {
  return new ManPages({ manpath: [FIXTURE_MAN], useManCommand: false });
}
