import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../engines/duckdb/database';
import { generateSampleTrail } from '../sample/generate';
import { countedKmsEventIds, readAllRecords, tempDir } from '../test/fixtures';

/**
 * A real `npm run ingest` killed with SIGKILL part-way, then run again: every
 * KMS event is stored exactly once (counted independently from the files).
 */
const ROOT = path.resolve(__dirname, '../..');

// `node --import tsx`, not the tsx CLI: the CLI runs the script in a child process that SIGKILL would orphan.
function runIngest(db: string, logs: string, killAfterMs?: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', logs], {
      cwd: ROOT,
      env: { ...process.env, KEYTRAIL_DB: db },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      if (code) console.error(stderr.slice(-2000));
      resolve(code);
    });
  });
}

describe('an ingest killed part-way', () => {
  it('loses nothing and duplicates nothing when run again', async () => {
    const logs = tempDir();
    await generateSampleTrail({ outDir: logs, now: new Date('2026-11-28T00:00:00Z'), events: 100_000 });
    const expected = countedKmsEventIds(readAllRecords(logs).map((r) => r.record));
    const db = path.join(tempDir(), 'kill.duckdb');

    // The first kill lands mid-run (the full run takes several seconds); the second may find little left to do.
    expect(await runIngest(db, logs, 2000)).toBeNull();
    expect([null, 0]).toContain(await runIngest(db, logs, 2500));
    expect(await runIngest(db, logs)).toBe(0);

    const store = await Database.open(db);
    try {
      const [total, distinct] = await store.withConnection(async (c) =>
        (await c.runAndReadAll('SELECT count(*), count(DISTINCT eventid) FROM kms_events')).getRows()[0].map(Number),
      );
      expect(distinct).toBe(total);
      expect(total).toBe(expected.size);
    } finally {
      store.close();
    }
  }, 180_000);
});
