import { DidChangeWatchedFilesNotification, FileChangeType, type Connection } from 'vscode-languageserver/node';
import { z } from 'zod';
import type { DocsCache } from '../assist/docs-cache.js';
import { uriToPath } from '../util/uri.js';
import { background, notification } from './guard.js';
import { Uri } from './params.js';

/** What the docs index follows: documentation files, source files (their doc comments) and the .gitignore files that decide which count. */
export const DOCS_GLOBS = ['**/*.{md,markdown,mdx,rst,txt,adoc}', '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py,go,rs,java,kt,h,hpp}', '**/.gitignore'];

const DidChangeWatchedFilesParams = z.looseObject({
  changes: z.array(z.looseObject({ uri: Uri, type: z.union([z.literal(1), z.literal(2), z.literal(3)]) })).max(100_000),
});

const KIND = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;

/**
 * workspace/didChangeWatchedFiles: with a client that registers file watchers dynamically, the docs index is told
 * what changed on disk (and stops listing the workspace's files for every question); without, it checks.
 */
export function watchDocs(connection: Connection, docs: DocsCache): { register(supported: boolean): void } {
  connection.onDidChangeWatchedFiles(
    notification('workspace/didChangeWatchedFiles', DidChangeWatchedFilesParams, (p) => {
      docs.changed(p.changes.filter((c) => c.uri.startsWith('file:')).map((c) => ({ path: uriToPath(c.uri), kind: KIND[c.type] })));
    }),
  );
  return {
    register(supported: boolean) {
      if (!supported) return;
      background(
        'registering file watchers',
        connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: DOCS_GLOBS.map((globPattern) => ({ globPattern })) }).then(() => {
          docs.watching = true;
        }),
      );
    },
  };
}
