import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One temp folder per test run, removed when the run ends. Test files make their temp stores
 * under it (lib/test/fixtures.ts): a fork's own 'exit' handler does not run when Vitest stops
 * the fork, so folders made straight under os.tmpdir() were left behind by every run (~3 GB a day).
 * Forks inherit the variable: they start after this runs.
 */
export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytrail-tests-'));
  process.env.KEYTRAIL_TEST_TMP = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
