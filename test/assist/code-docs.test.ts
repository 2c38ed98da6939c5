import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askDocs, citation, indexDocs } from '../../server/src/assist/ask.js';
import { CODE_FILE, codeDocPassages, isCodeDocFile } from '../../server/src/assist/code-docs.js';
import { DOCS_GLOBS } from '../../server/src/lsp/watched-files.js';

const TS = `import x from 'y';

/**
 * Uploads one artifact to the bucket.
 * Retries a failed upload three times.
 *
 * @param file the artifact to send
 */
export async function uploadArtifact(file: string) {}

/** Not exported: not documented API. */
function helper() {}

/** @internal used by the tests */
export const debugHooks = {};

export class Courier {
  /** Sends the manifest after the last upload. */
  sendManifest(): void {}
  /** Private detail. */
  private queue(): void {}
}

interface Internal {
  /** A member of a type that is not exported. */
  field: string;
}
`;

const PY = `def parse_manifest(path,
                   strict=False):
    """Read a manifest file.

    Lines starting with # are comments.
    """
    pass


def _private():
    """Hidden."""


class Uploader:
    '''Uploads files in parallel.'''
`;

const GO = `package courier

// Send uploads the files and returns the first error.
// It stops at the first failure.
func Send(files []string) error { return nil }

// send is not exported.
func send() {}
`;

const RS = `/// Opens the archive at \`path\`.
#[inline]
pub fn open_archive(path: &str) {}

/// Internal.
fn close_archive() {}
`;

describe('doc comments of public symbols', () => {
  it('reads TS/JS doc comments of exported symbols and public members, each under its name, cited at the comment', () => {
    const ps = codeDocPassages('src/upload.ts', TS);
    expect(ps.map((p) => [p.heading, p.start, p.lines])).toEqual([
      ['uploadArtifact', 4, ['Uploads one artifact to the bucket.', 'Retries a failed upload three times.']],
      ['uploadArtifact', 7, ['@param file the artifact to send']],
      ['sendManifest', 18, ['Sends the manifest after the last upload.']],
    ]);
  });

  it('reads Python docstrings (after a signature over two lines), Go // comments and Rust /// comments of public items only', () => {
    expect(codeDocPassages('courier/manifest.py', PY).map((p) => [p.heading, p.start, p.lines[0]])).toEqual([
      ['parse_manifest', 3, 'Read a manifest file.'],
      ['parse_manifest', 5, 'Lines starting with # are comments.'],
      ['Uploader', 15, 'Uploads files in parallel.'],
    ]);
    expect(codeDocPassages('send.go', GO).map((p) => [p.heading, p.start, p.lines])).toEqual([['Send', 3, ['Send uploads the files and returns the first error.', 'It stops at the first failure.']]]);
    expect(codeDocPassages('lib.rs', RS).map((p) => [p.heading, p.start, p.lines])).toEqual([['open_archive', 1, ['Opens the archive at `path`.']]]);
    const java = 'public class Courier {\n  /** Sends one folder. */\n  @Override\n  public void send(String dir) {}\n  /** Not public. */\n  private void queue() {}\n}\n';
    expect(codeDocPassages('Courier.java', java).map((p) => [p.heading, p.start])).toEqual([['send', 2]]);
  });

  it('tests, vendored and minified code are not the public API; the editor is asked to watch every language read', () => {
    expect(['src/a.ts', 'lib/b.py', 'pkg/c.go'].every(isCodeDocFile)).toBe(true);
    expect(['test/a.ts', 'src/a.test.ts', 'vendor/x.go', 'dist/app.min.js', 'src/__tests__/a.js'].some(isCodeDocFile)).toBe(false);
    const exts = CODE_FILE.source.replace(/^.*\(([^)]+)\).*$/, '$1').split('|');
    for (const ext of exts)
      expect(
        DOCS_GLOBS.some((g) => new RegExp(`[{,]${ext}[,}]`).test(g)),
        ext,
      ).toBe(true);
  });

  it('kibitz ask answers from a doc comment, cited at the comment lines, beside the docs', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kibitz-code-docs-'));
    mkdirSync(path.join(root, 'src'));
    mkdirSync(path.join(root, 'test'));
    writeFileSync(path.join(root, 'README.md'), '# Courier\n\nCourier sends build artifacts.\n');
    writeFileSync(path.join(root, 'src', 'upload.ts'), TS);
    writeFileSync(path.join(root, 'test', 'upload.test.ts'), TS.replace('three times', 'nine times'));
    const a = askDocs('how many times is a failed upload retried', indexDocs(root));
    expect(a.answered).toBe(true);
    expect(a.sentences.map((s) => [s.text, citation(s), s.heading])).toContainEqual(['Retries a failed upload three times.', 'src/upload.ts:5', 'uploadArtifact']);
    expect(a.passages.some((p) => p.path.startsWith('test/'))).toBe(false);
    // test data is not the project's documentation
    mkdirSync(path.join(root, 'test', 'fixtures'), { recursive: true });
    writeFileSync(path.join(root, 'test', 'fixtures', 'README.md'), '# Fixture\n\nA failed upload is retried three times in this fixture.\n');
    expect(indexDocs(root).passages.some((p) => p.path.includes('fixtures'))).toBe(false);
    // docs only, when asked for
    expect(indexDocs(root, { code: false }).passages.every((p) => p.path === 'README.md')).toBe(true);
  });
});
