// vitest globalSetup: every temporary directory of a test run goes under one directory of its own, removed when
// the run ends (the tests' mkdtemp directories would otherwise pile up in /tmp, run after run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-test-run-'));
  // the test workers are started after this and inherit it; os.tmpdir() reads TMPDIR
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
