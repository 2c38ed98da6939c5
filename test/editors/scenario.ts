import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorPresent, hasProgram } from './workspace.js';

/** What each editor's driver reports (test/editors/<editor>/driver.*), in the same shape for every editor. */
export interface EditorResult {
  steps: Record<string, any>;
  errors: string[];
}

/**
 * The same user-visible checks for every editor: the server attaches to a shell script, a Dockerfile and a
 * COMMIT_EDITMSG; a hover on a flag shows its man-page explanation; a risk diagnostic appears; applying a quick
 * fix changes the buffer as expected; commit completion offers a draft.
 */
export function editorScenario(
  label: string,
  program: string,
  modes: { script: string; dockerfile: string; commit: string },
  run: () => Promise<{ result: EditorResult; log: string }>,
  more?: (result: () => EditorResult) => void,
): void {
  const present = editorPresent(hasProgram(program), program);

  describe.skipIf(!present)(label, () => {
    let r: EditorResult;
    let log = '';
    beforeAll(async () => {
      ({ result: r, log } = await run());
    }, 120_000);
    afterAll(() => {
      if (r?.errors?.length) console.error(`${program} driver errors:`, r.errors, log.slice(-2000));
    });

    it('runs every step without an editor-side error', () => {
      expect(r.errors).toEqual([]);
    });

    it('shell script: attaches, hovers a bundled flag from tar(1), shows the risk, applies the quick fix', () => {
      const s = r.steps.script;
      expect(s.mode).toBe(modes.script);
      expect(s.attached).toBe(true);
      expect(s.hover).toMatch(/-x, --extract/);
      expect(s.hover).toMatch(/tar\(1\)/);
      expect(s.diagnostics).toEqual([expect.objectContaining({ code: 'git-push-force', line: 3 })]);
      expect(s.diagnostics[0].message).toContain('--force');
      expect(s.action.titles).toContain('Explain this command (as a comment above it)');
      expect(s.action.picked).toBe('Use --force-with-lease instead of --force');
      expect(s.action.after).toBe(s.action.before.replace('git push --force origin', 'git push --force-with-lease origin'));
    });

    it('Dockerfile: hover inside RUN, pipe-to-shell diagnostic, download-then-verify fix', () => {
      const s = r.steps.dockerfile;
      expect(s.mode).toBe(modes.dockerfile);
      expect(s.attached).toBe(true);
      expect(s.hover).toMatch(/-z, --gzip/);
      expect(s.diagnostics).toEqual([expect.objectContaining({ code: 'pipe-to-shell', line: 2 })]);
      expect(s.action.titles).toContain('Explain this command (as a comment above it)');
      expect(s.action.picked).toContain('verify its checksum');
      expect(s.action.after).toBe(s.action.before.replace('install.sh | sh', 'install.sh -o install.sh && echo "<sha256 published for this file>  install.sh" | sha256sum --check - && sh install.sh'));
    });

    it('COMMIT_EDITMSG: completion offers whole-message drafts for the staged change, saying where each came from', () => {
      const s = r.steps.commit;
      expect(s.mode).toBe(modes.commit);
      expect(s.attached).toBe(true);
      const drafts = s.completion.filter((i: any) => /^docs(\([^)]*\))?: /.test(i.text ?? ''));
      expect(drafts.length).toBeGreaterThan(0);
      expect(drafts.every((d: any) => /^kibitz: /.test(d.detail))).toBe(true);
      expect(drafts.some((d: any) => d.text.includes('docs/deploy.md'))).toBe(true);
      expect(new Set(drafts.map((d: any) => d.label)).size).toBe(drafts.length);
    });

    more?.(() => r);
  });
}

/**
 * Every editor's ask step: the user marked the answer helpful, then opened its citation, which put them on the
 * cited line of docs/deploy.md; the server recorded the three.
 */
export function expectAskedHelpfulAndFollowed(steps: Record<string, any>): void {
  expect(steps.ask.jumped.file).toMatch(/\/docs\/deploy\.md$/);
  expect(steps.ask.jumped).toMatchObject({ line: 7, text: 'Push the previous tag.' });
  expect(steps.askEvents).toEqual([
    ['offered', 'how do I rollback a deploy?'],
    ['accepted', undefined],
    ['followed', 'docs/deploy.md:7'],
  ]);
}
