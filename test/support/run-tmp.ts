// vitest globalSetup: every temporary directory of a test run goes under one directory of its own, removed when
// the run ends (the tests' mkdtemp directories would otherwise pile up in /tmp, run after run).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'kibitz-test-run-'));
  // like /tmp itself: other users (the postgres tests run initdb as postgres) make their directories in it too
  chmodSync(dir, 0o1777);
  // the test workers are started after this and inherit it; os.tmpdir() reads TMPDIR
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
