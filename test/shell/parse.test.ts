import { describe, expect, it } from 'vitest';
import { initParser, MAX_PARSE_CHARS, parseText } from '../../server/src/shell/parse.js';

describe('parser containment', () => {
  it('refuses text over the limit instead of handing it to the wasm parser', async () => {
    const parser = await initParser();
    expect(parseText(parser, 'x'.repeat(MAX_PARSE_CHARS + 1))).toBeUndefined();
    const t = parseText(parser, 'ls -la');
    expect(t?.rootNode.text).toBe('ls -la');
    t?.delete();
  });

  it('a parser that aborts is rebuilt from a fresh module: later parses work', async () => {
    const parser = await initParser();
    const original = parser.parse.bind(parser);
    parser.parse = () => {
      throw new Error('RuntimeError: Aborted()');
    };
    expect(parseText(parser, 'echo hi')).toBeUndefined();
    parser.parse = original;
    const fresh = await initParser();
    expect(fresh).not.toBe(parser);
    const t = parseText(fresh, 'tar -xzf a.tgz');
    expect(t?.rootNode.firstChild?.type).toBe('command');
    t?.delete();
  });
});
