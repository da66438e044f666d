import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A fresh folder under e2e/.data for trail files a test writes and hands to the dashboard. */
export function extraDir(prefix: string): string {
  fs.mkdirSync('e2e/.data', { recursive: true });
  return fs.mkdtempSync(path.join('e2e/.data', `${prefix}-`));
}

/**
 * Hands a folder to the running e2e dashboard as `npm run ingest` would (e2e/ingest-extra.ts, in a
 * process of its own) and resolves with its exit code: 0 loaded, 1 some file could not be loaded.
 */
export function handToDashboard(dir: string): Promise<number | null> {
  return new Promise((resolve) =>
    spawn(process.execPath, ['--import', 'tsx', 'e2e/ingest-extra.ts', dir], {
      env: { ...process.env, KEYTRAIL_DB: 'e2e/.data/e2e.duckdb' },
      stdio: 'ignore',
    }).on('exit', resolve),
  );
}
