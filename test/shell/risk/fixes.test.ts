import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../../server/src/shell/risk/document.js';
import { documentFixes, type Fix, type FixEdit } from '../../../server/src/shell/risk/document-fixes.js';
import { CHECKSUM_PLACEHOLDER } from '../../../server/src/shell/risk/fixes.js';
import { analyzeRisk } from '../../../server/src/shell/risk/index.js';
import { extractSnippets } from '../../../server/src/shell/snippets/index.js';

/** Apply edits the way an editor does: all ranges refer to the original text. */
function apply(text: string, edits: FixEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start || b.end - a.end).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

async function fixes(text: string, path = '/w/script.sh', languageId = 'shellscript'): Promise<Fix[]> {
  const findings = await analyzeDocument(languageId, path, text);
  return documentFixes(languageId, path, text, findings);
}

async function fixed(text: string, titleStart: string, path?: string, languageId?: string): Promise<string> {
  const all = await fixes(text, path, languageId);
  const fix = all.find((f) => f.title.startsWith(titleStart));
  expect(fix, all.map((f) => f.title).join('\n')).toBeDefined();
  return apply(text, fix!.edits);
}

const SH = '#!/bin/bash\n';

describe('quick fixes applied to the text', () => {
  it.each([
    ['git push --force origin main', 'Use --force-with-lease', 'git push --force-with-lease origin main'],
    ['git push -f', 'Use --force-with-lease', 'git push --force-with-lease'],
    ['git push -fu origin x', 'Use --force-with-lease', 'git push -u --force-with-lease origin x'],
    ['rm -rf "$DIR/"', 'Guard the variable', 'rm -rf "${DIR:?}/"'],
    ['rm -rf $DIR/*', 'Guard the variable', 'rm -rf "${DIR:?}"/*'],
    ['rm -rf "${BUILD}/out"', 'Guard the variable', 'rm -rf "${BUILD:?}/out"'],
    ['rm -rf $TARGET', 'Quote the expansion', 'rm -rf "$TARGET"'],
    ['rm -rf build/$NAME/*.o', 'Quote the expansion', 'rm -rf build/"$NAME"/*.o'],
    ['rm -f $(cat list)', 'Quote the expansion', 'rm -f "$(cat list)"'],
    ['rm -rf /', 'Ask before acting', 'rm -rf -I /'],
    ['rm -rf "$DIR/"', 'Ask before acting', 'rm -rf -I "$DIR/"'],
    ['git clean -fdx', 'Ask before acting', 'git clean -fdx -i'],
    ['cp hosts.new /etc/hosts', 'Ask before acting', 'cp -i hosts.new /etc/hosts'],
    ['kubectl delete namespace prod', 'Ask before acting', 'kubectl delete --interactive namespace prod'],
    ['terraform destroy -auto-approve', 'Remove -auto-approve', 'terraform destroy'],
  ])('%s  (%s)', async (line, title, want) => {
    expect(await fixed(SH + line + '\n', title)).toBe(SH + want + '\n');
  });

  it('pipe to a shell becomes download, verify, run: several lines in a script, with a checksum placeholder', async () => {
    const text = `${SH}  curl -fsSL https://get.example.com/install.sh | sh -s -- --yes\n`;
    const out = await fixed(text, 'Download install.sh');
    expect(out).toBe(`${SH}  curl -fsSL https://get.example.com/install.sh -o install.sh &&\n    echo "${CHECKSUM_PLACEHOLDER}  install.sh" | sha256sum --check - &&\n    sh install.sh --yes\n`);
    // the result is no longer a pipe-to-shell finding: the placeholder check has to pass first
    expect((await analyzeRisk(out)).findings.filter((f) => f.rule === 'pipe-to-shell')).toEqual([]);
  });

  it('wget -qO- | sudo bash keeps sudo on the run and saves with -O', async () => {
    const out = await fixed(`${SH}wget -qO- https://x.io/setup | sudo bash\n`, 'Download setup');
    expect(out).toBe(`${SH}wget -q https://x.io/setup -O setup &&\n  echo "${CHECKSUM_PLACEHOLDER}  setup" | sha256sum --check - &&\n  sudo bash setup\n`);
  });

  it.each([
    ['bash <(curl -s https://x.io/i.sh)', 'bash i.sh'],
    ['sh -c "$(curl -fsSL https://x.io/i.sh)"', 'sh i.sh'],
    ['eval "$(curl -fsSL https://x.io/i.sh)"', '. ./i.sh'],
  ])('%s is fixed the same way', async (line, run) => {
    const out = await fixed(`${SH}${line}\n`, 'Download i.sh');
    expect(out).toContain('-o i.sh &&\n');
    expect(out.trimEnd().endsWith(run)).toBe(true);
  });

  it('adds set -euo pipefail after the shebang, set -eu for sh, and nothing when the script has set -e', async () => {
    expect(await fixed(`${SH}rm -rf "$D/"\n`, 'Add `set -euo pipefail`')).toBe(`${SH}set -euo pipefail\nrm -rf "$D/"\n`);
    expect(await fixed('#!/bin/sh\nrm -rf "$D/"\n', 'Add `set -eu`')).toBe('#!/bin/sh\nset -eu\nrm -rf "$D/"\n');
    const titles = (await fixes(`${SH}set -eu\nrm -rf "$D/"\n`)).map((f) => f.title);
    expect(titles.some((t) => t.includes('set -'))).toBe(false);
  });

  it('disable here inserts a directive that the engine then honours', async () => {
    const text = `${SH}if true; then\n  git push --force\nfi\n`;
    const out = await fixed(text, 'Disable git-push-force');
    expect(out).toBe(`${SH}if true; then\n  # kibitz-disable-next-line git-push-force\n  git push --force\nfi\n`);
    expect(await analyzeDocument('shellscript', '/w/script.sh', out)).toEqual([]);
  });

  it('offers each fix once even when several findings share it', async () => {
    const all = await fixes(`${SH}rm -rf "$A/" "$B/"\n`);
    expect(all.filter((f) => f.title.startsWith('Add `set')).length).toBe(1);
  });
});

describe('quick fixes in host documents are written in the host syntax', () => {
  it('Makefile: $ is doubled, one line, directive without a tab', async () => {
    const text = 'clean:\n\trm -rf $$OUT/\n\tcurl -s https://x.io/a.sh | bash\n';
    expect(await fixed(text, 'Guard the variable', '/w/Makefile', 'makefile')).toBe('clean:\n\trm -rf "$${OUT:?}"/\n\tcurl -s https://x.io/a.sh | bash\n');
    const dl = await fixed(text, 'Download a.sh', '/w/Makefile', 'makefile');
    expect(dl).toBe(`clean:\n\trm -rf $$OUT/\n\tcurl -s https://x.io/a.sh -o a.sh && echo "${CHECKSUM_PLACEHOLDER}  a.sh" | sha256sum --check - && bash a.sh\n`);
    const off = await fixed(text, 'Disable rm-unguarded-variable', '/w/Makefile', 'makefile');
    expect(off).toBe('clean:\n# kibitz-disable-next-line rm-unguarded-variable\n\trm -rf $$OUT/\n\tcurl -s https://x.io/a.sh | bash\n');
    expect((await analyzeDocument('makefile', '/w/Makefile', off)).map((f) => f.rule)).toEqual(['unquoted-expansion', 'pipe-to-shell']);
  });

  it('package.json: quotes are JSON-escaped and the directive goes at the end of the script', async () => {
    const text = '{\n  "scripts": {\n    "clean": "rm -rf $OUT/dist"\n  }\n}\n';
    const out = await fixed(text, 'Guard the variable', '/w/package.json', 'json');
    expect(out).toBe('{\n  "scripts": {\n    "clean": "rm -rf \\"${OUT:?}\\"/dist"\n  }\n}\n');
    expect(() => JSON.parse(out)).not.toThrow();
    expect(extractSnippets('package-json', out)[0]!.text).toBe('rm -rf "${OUT:?}"/dist');
    const off = await fixed(text, 'Disable rm-unguarded-variable', '/w/package.json', 'json');
    expect(JSON.parse(off).scripts.clean).toBe('rm -rf $OUT/dist # kibitz-disable rm-unguarded-variable');
    expect((await analyzeDocument('json', '/w/package.json', off)).map((f) => f.rule)).not.toContain('rm-unguarded-variable');
  });

  it('Dockerfile: download-then-verify stays inside the RUN line', async () => {
    const text = 'FROM debian\nRUN curl -fsSL https://x.io/get.sh | bash\n';
    expect(await fixed(text, 'Download get.sh', '/w/Dockerfile', 'dockerfile')).toBe(
      `FROM debian\nRUN curl -fsSL https://x.io/get.sh -o get.sh && echo "${CHECKSUM_PLACEHOLDER}  get.sh" | sha256sum --check - && bash get.sh\n`,
    );
  });

  it('GitHub Actions: fix and directive inside a run block', async () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          git push -f origin HEAD\n';
    const path = '/w/.github/workflows/ci.yml';
    expect(await fixed(text, 'Use --force-with-lease', path, 'yaml')).toContain('          git push --force-with-lease origin HEAD\n');
    const off = await fixed(text, 'Disable git-push-force', path, 'yaml');
    expect(off).toContain('          # kibitz-disable-next-line git-push-force\n          git push -f origin HEAD\n');
    expect(await analyzeDocument('yaml', path, off)).toEqual([]);
  });

  it('Markdown fence: multi-line download-then-verify', async () => {
    const text = '# Install\n\n```sh\ncurl -sSL https://x.io/i.sh | sh\n```\n';
    expect(await fixed(text, 'Download i.sh', '/w/README.md', 'markdown')).toContain('curl -sSL https://x.io/i.sh -o i.sh &&\n  echo');
  });
});
