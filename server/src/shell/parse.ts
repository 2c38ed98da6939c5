import path from 'node:path';
import v8 from 'node:v8';
import * as treeSitter from 'web-tree-sitter';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { log } from '../util/log.js';
import { resourceRoot } from '../util/resources.js';

export type { Node, Tree };

/** The tree-sitter-bash grammar shipped in grammars/ (see grammars/PROVENANCE.json). */
export const GRAMMAR_PATH = path.join(resourceRoot(), 'grammars/tree-sitter-bash.wasm');

/**
 * The most text one parse is given. tree-sitter's wasm build aborts on very large input (tens of MB), and an
 * abort poisons the whole module: nothing parses after it. Larger text is analysed in windows (snippets/window.ts).
 */
export const MAX_PARSE_CHARS = 2_000_000;

/**
 * The grammar's wasm runs on V8's baseline compiler only. Left to tier up, TurboFan recompiles the 1.3 MB grammar as
 * it gets hot and the server keeps 25–40 MB more resident for it (bench/index-memory.ts), for parses about a third
 * faster (1.7 vs 2.6 ms on a 300-line script); on Node 24 TurboFan's compile of it peaks at over 600 MB. Set here
 * before the first wasm compile, which Node 20 honours; Node 22 and later freeze V8's flags at startup, so the
 * server is started with the flag instead (server/bin/kibitz.js, and VS Code's execArgv).
 */
v8.setFlagsFromString('--liftoff-only');

type Module = typeof treeSitter;
let mod: Module = treeSitter;
let generation = 0;
let ready: Promise<Parser> | undefined;
let language: treeSitter.Language | undefined;
const resetListeners: (() => void)[] = [];

/** Load the runtime and the grammar once. Safe to call many times. */
export function initParser(): Promise<Parser> {
  if (!ready) {
    const m = mod;
    ready = (async () => {
      await m.Parser.init();
      const lang = await m.Language.load(GRAMMAR_PATH);
      const parser = new m.Parser();
      parser.setLanguage(lang);
      language = lang;
      return parser;
    })();
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

/** Called when the parser had to be rebuilt: every tree made before is gone (caches drop them). */
export function onParserReset(fn: () => void): void {
  resetListeners.push(fn);
}

/**
 * Parse text, containing any failure: too large gives undefined; a parser that throws (a wasm abort) is rebuilt
 * from a fresh module instance, so one bad document never breaks hovers on the others.
 */
export function parseText(parser: Parser, text: string): Tree | undefined {
  if (text.length > MAX_PARSE_CHARS) return undefined;
  try {
    return parser.parse(text) ?? undefined;
  } catch (err) {
    log().error({ err, chars: text.length }, 'the shell parser failed; it is being rebuilt');
    resetParser();
    return undefined;
  }
}

/** Drop the parser and load a fresh instance of the tree-sitter module (its wasm memory starts clean). */
export function resetParser(): void {
  ready = undefined;
  generation++;
  for (const l of resetListeners) {
    try {
      l();
    } catch {
      // a cache that cannot drop its trees only leaks them
    }
  }
  const fresh = (async () => {
    try {
      // a new module instance: its own wasm memory, untouched by the abort
      const url = import.meta.resolve('web-tree-sitter');
      mod = (await import(`${url}?instance=${generation}`)) as Module;
    } catch (err) {
      log().warn({ err }, 'no fresh tree-sitter module (bundled build): reusing the loaded one');
    }
  })();
  ready = fresh.then(() => {
    ready = undefined;
    return initParser();
  });
}

/** Parse bash source. The returned tree must be deleted by the caller when done (tree.delete()). */
export async function parseShell(source: string): Promise<Tree> {
  const parser = await initParser();
  const tree = parseText(parser, source);
  if (!tree) throw new Error(source.length > MAX_PARSE_CHARS ? `shell text of ${source.length} characters is too large to parse at once` : 'tree-sitter returned no tree');
  return tree;
}

/** Below this size one parse takes a few milliseconds: no slicing needed. */
const SLICE_ABOVE = 30_000;

/**
 * Parse in slices of about `sliceMs`, yielding to the event loop between them, so a large script never holds the
 * server (tree-sitter resumes a parse that its progress callback paused). Undefined when cancelled or too large.
 */
export async function parseSliced(text: string, signal?: AbortSignal, sliceMs = 20): Promise<Tree | undefined> {
  const shared = await initParser();
  if (text.length <= SLICE_ABOVE || !language) return parseText(shared, text);
  if (text.length > MAX_PARSE_CHARS) return undefined;
  const parser = new mod.Parser();
  try {
    parser.setLanguage(language);
    for (;;) {
      if (signal?.aborted) return undefined;
      const deadline = performance.now() + sliceMs;
      const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
      if (tree) return tree;
      await new Promise((r) => setImmediate(r));
    }
  } catch (err) {
    log().error({ err, chars: text.length }, 'the shell parser failed; it is being rebuilt');
    resetParser();
    return undefined;
  } finally {
    try {
      parser.delete();
    } catch {
      // a parser of a module that was rebuilt meanwhile
    }
  }
}
