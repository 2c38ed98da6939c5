/**
 * Hostile JSON-RPC traffic for the robustness tests and the hostile-input benchmark: requests and notifications
 * with parameters of the wrong type, missing fields, huge numbers, reversed and out-of-range positions, unknown
 * URIs, odd document versions, odd ids, and lifecycle sequences a buggy client might send. Seeded: the same
 * messages on every run.
 */
import { rng } from './synthetic.js';

export type Message = Record<string, unknown>;

const METHODS_WITH_DOC = ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/diagnostic'] as const;

/** Values of every JSON type, and the shapes that break naive code. */
function oddValues(r: () => number): unknown[] {
  const big = 'x'.repeat(1 + Math.floor(r() * 200_000));
  return [
    null,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    0.5,
    true,
    '',
    'file:///',
    '::not a uri::',
    big,
    [],
    [1, 2, 3],
    {},
    { uri: 1 },
    { line: 'a' },
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
    nested(2000),
  ];
}

/** Arrays nested `depth` deep. */
function nested(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

const URIS = [
  'file:///w/a.sh',
  'file:///w/Dockerfile',
  'file:///w/.git/COMMIT_EDITMSG',
  'file:///w/PULLREQ_EDITMSG',
  'untitled:Untitled-1',
  'file:///w/%ZZ.sh',
  'file:///w/a%00b.sh',
  'vscode-scm:git/scm0/input?rootUri=file%3A%2F%2F%2Fnowhere',
  'vscode-scm:git/scm0/input',
  'http://example.com/x.sh',
  '',
  'file:///dev/zero',
  'file:///proc/self/environ',
];

const LANGS = ['shellscript', 'sh', 'bash', 'dockerfile', 'makefile', 'yaml', 'markdown', 'json', 'gitcommit', 'git-commit', 'python', '', 'x'.repeat(300)];

function oddPosition(r: () => number): unknown {
  return pick(r, [
    { line: 0, character: 0 },
    { line: -1, character: -1 },
    { line: 1e9, character: 1e9 },
    { line: 2 ** 31, character: 0 },
    { line: 0.5, character: 1.5 },
    { line: '0', character: '0' },
    { line: null, character: undefined },
    {},
    null,
    [0, 0],
  ]);
}

function oddRange(r: () => number): unknown {
  const p = () => oddPosition(r);
  return pick(r, [
    { start: { line: 5, character: 3 }, end: { line: 0, character: 0 } }, // reversed
    { start: { line: 0, character: 0 }, end: { line: 1e9, character: 0 } }, // out of range
    { start: p(), end: p() },
    { start: { line: 0, character: 0 } },
    null,
    'range',
  ]);
}

function docParams(r: () => number, uri: string): Message {
  const shapes: Message[] = [
    { textDocument: { uri }, position: oddPosition(r) },
    { textDocument: { uri: pick(r, oddValues(r)) }, position: { line: 0, character: 0 } },
    { textDocument: pick(r, oddValues(r)), position: { line: 0, character: 0 } },
    {
      textDocument: { uri },
      range: oddRange(r),
      context: pick(r, [{ diagnostics: [] }, { diagnostics: 'x' }, { diagnostics: [{ range: oddRange(r), message: 7 }] }, null, { only: 5, diagnostics: [] }, { triggerKind: 99, diagnostics: [] }]),
    },
    { textDocument: { uri }, previousResultId: pick(r, oddValues(r)) },
    { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: pick(r, [1, 2, 3, -1, 'x', null]), triggerCharacter: pick(r, ['(', null, 5]) } },
  ];
  return pick(r, shapes);
}

/** One hostile message; `i` keeps ids unique; `extraUris` (e.g. files in a real git repository) join the odd ones. */
export function hostileMessage(r: () => number, i: number, extraUris: string[] = []): Message {
  const uri = pick(r, [...URIS, ...extraUris]);
  const odd = () => pick(r, oddValues(r));
  const kind = Math.floor(r() * 14);
  switch (kind) {
    case 0: // a document request with the wrong shape of params
      return { jsonrpc: '2.0', id: i, method: pick(r, METHODS_WITH_DOC), params: r() < 0.3 ? odd() : docParams(r, uri) };
    case 1: {
      // didOpen with odd fields, half of them in a real repository (commit buffers reach git)
      const uri = extraUris.length && r() < 0.5 ? pick(r, extraUris) : pick(r, URIS);
      return {
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: pick(r, [
          {
            textDocument: {
              uri,
              languageId: pick(r, LANGS),
              version: pick(r, [1, -1, 1e308, '1', null, 0.5]),
              text: pick(r, ['echo hi\n', 42, null, 'rm -rf /\0\0\0', '\u0000'.repeat(1000), 'a'.repeat(100_000), ['x'], '#!/bin/sh\n' + 'x | '.repeat(3000) + 'y\n']),
            },
          },
          { textDocument: { uri, languageId: 'shellscript', version: 1 } },
          { textDocument: { uri: odd(), languageId: odd(), version: odd(), text: odd() } },
          { textDocument: odd() },
          odd(),
        ]),
      };
    }
    case 2: // didChange: unknown document, reversed/out-of-range ranges, versions going back
      return {
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: pick(r, [
          { textDocument: { uri, version: pick(r, [2, -5, 1e308, null, 'x']) }, contentChanges: [{ range: oddRange(r), text: pick(r, ['x', 5, null, '\n'.repeat(1000)]) }] },
          { textDocument: { uri, version: 3 }, contentChanges: pick(r, [null, 'x', [null], [{}], [{ text: 7 }]]) },
          { textDocument: odd(), contentChanges: [] },
          odd(),
        ]),
      };
    case 3:
      return {
        jsonrpc: '2.0',
        method: pick(r, ['textDocument/didClose', 'textDocument/didSave']),
        params: pick(r, [{ textDocument: { uri } }, { textDocument: odd() }, odd(), { textDocument: { uri }, text: odd() }]),
      };
    case 4: // codeAction/resolve with forged data
      return {
        jsonrpc: '2.0',
        id: i,
        method: 'codeAction/resolve',
        params: pick(r, [
          odd(),
          { title: odd(), data: odd() },
          { title: 'x', data: { kibitz: 1, uri, version: odd(), request: odd() } },
          {
            title: 'x',
            data: {
              kibitz: 1,
              uri,
              version: 1,
              request: {
                kind: pick(r, ['custom', 'explain-command', 'generate-command', 'fix-diagnostic', 'doc-comment', 'nope']),
                target: pick(r, [{ start: -5, end: 1e12 }, { start: 'a' }, null, { start: 10, end: 2 }]),
                custom: odd(),
                diagnostic: odd(),
                anchor: odd(),
              },
            },
          },
          { title: 'x', edit: odd(), data: odd() },
        ]),
      };
    case 5: // executeCommand with odd arguments
      return {
        jsonrpc: '2.0',
        id: i,
        method: 'workspace/executeCommand',
        params: pick(r, [
          {
            command: pick(r, ['kibitz.accepted', 'kibitz.draftPullRequest', 'kibitz.unknown', '']),
            arguments: pick(r, [odd(), [odd()], [odd(), odd()], [{ root: '/' }], [{ uri: odd(), base: odd() }]]),
          },
          { command: odd() },
          odd(),
        ]),
      };
    case 6:
      return {
        jsonrpc: '2.0',
        method: 'workspace/didChangeConfiguration',
        params: pick(r, [
          odd(),
          { settings: odd() },
          { settings: { kibitz: odd() } },
          { settings: { kibitz: { risk: { deny: [{ pattern: '(', message: 'x' }] } } } },
          { settings: { kibitz: { hover: { maxParts: -1 } } } },
        ]),
      };
    case 7: // ids that are not ids
      return { jsonrpc: '2.0', id: pick(r, [{}, [], true, 1.5, null, 'id-' + i, -i]), method: pick(r, [...METHODS_WITH_DOC, 'workspace/executeCommand']), params: odd() };
    case 8: // unknown methods, responses nobody asked for, $-notifications
      return pick(r, [
        { jsonrpc: '2.0', id: i, method: 'kibitz/' + 'x'.repeat(Math.floor(r() * 100)), params: odd() },
        { jsonrpc: '2.0', method: '$/cancelRequest', params: pick(r, [{ id: odd() }, odd()]) },
        { jsonrpc: '2.0', method: '$/setTrace', params: odd() },
        { jsonrpc: '2.0', method: '$/progress', params: odd() },
        { jsonrpc: '2.0', id: i, result: odd() },
        { jsonrpc: '2.0', id: i, error: odd() },
        { jsonrpc: '2.0', method: 'workspace/didChangeWatchedFiles', params: odd() },
        { jsonrpc: '2.0', method: 'workspace/didChangeWorkspaceFolders', params: odd() },
      ]);
    case 9: // lifecycle out of order (never exit: the driver decides when the process ends)
      return pick(r, [
        { jsonrpc: '2.0', id: i, method: 'initialize', params: odd() },
        { jsonrpc: '2.0', method: 'initialized', params: odd() },
        { jsonrpc: '2.0', id: i, method: 'initialize', params: { processId: null, rootUri: odd(), capabilities: odd(), initializationOptions: odd() } },
      ]);
    case 10: // not JSON-RPC at all
      return pick(r, [
        { jsonrpc: '1.0', id: i, method: 'textDocument/hover' },
        { id: i },
        { method: 5 },
        { jsonrpc: '2.0', method: null },
        { jsonrpc: '2.0', id: i, method: 'textDocument/hover', params: 'x'.repeat(10_000) },
      ]);
    case 11: // completion in a commit buffer with odd text
      return {
        jsonrpc: '2.0',
        id: i,
        method: 'textDocument/completion',
        params: { textDocument: { uri: pick(r, ['file:///w/.git/COMMIT_EDITMSG', ...extraUris]) }, position: oddPosition(r), context: { triggerKind: pick(r, [1, 2, 3]) } },
      };
    case 12: // hover on a document that exists, at odd places
      return { jsonrpc: '2.0', id: i, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///w/ping.sh' }, position: oddPosition(r) } };
    default: // a diagnostic pull with odd identifiers
      return { jsonrpc: '2.0', id: i, method: 'textDocument/diagnostic', params: { textDocument: { uri }, identifier: odd(), previousResultId: odd() } };
  }
}

/** `count` hostile messages from `seed`, ids starting at `firstId`. */
export function hostileMessages(seed: number, count: number, firstId = 1000, extraUris: string[] = []): Message[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, k) => hostileMessage(r, firstId + k, extraUris));
}

/** didOpen notifications of `n` small shell documents (the "10k documents" case). */
export function manyDocuments(n: number): Message[] {
  return Array.from({ length: n }, (_, k) => ({
    jsonrpc: '2.0',
    method: 'textDocument/didOpen',
    params: { textDocument: { uri: `file:///w/many/${k}.sh`, languageId: 'shellscript', version: 1, text: `echo ${k}\nrm -rf "$DIR/${k}"\n` } },
  }));
}

/** Content-Length framing of a message (or of raw text). */
export function frame(body: string | Message): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

/** The well-formed document every "ping" hovers. */
export const PING_DOC = { uri: 'file:///w/ping.sh', languageId: 'shellscript', version: 1, text: '#!/bin/sh\ntar -xzf a.tgz\n' };
