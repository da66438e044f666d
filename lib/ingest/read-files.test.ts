import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../engines/duckdb/database';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';

/**
 * A trail where KMS is a small share of the records (S3 data events, EC2 and STS calls) ingests
 * within a small heap: a batch holds its KMS records, not the text of every file they came from
 * (V8 keeps a sliced string's whole parent alive; lib/ingest/read-files.ts `detach`). 20 files of
 * 5,000 records, 1% KMS, ~175 MB of text: with the slices kept, a 100 MB heap ran out (checked).
 */
const ROOT = path.resolve(__dirname, '../..');
const PAD = 'x'.repeat(1700);

function runIngest(db: string, logs: string, heapMb: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'scripts/ingest.ts', logs], {
      cwd: ROOT,
      env: { ...process.env, KEYTRAIL_DB: db },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a trail that is mostly other services', () => {
  it('loads every KMS event within a heap smaller than its files', async () => {
    const logs = tempDir();
    for (let f = 0; f < 20; f++) {
      const records = Array.from({ length: 5000 }, (_, i) =>
        i % 100 === 0
          ? kmsRecord({ eventID: `00000000-0000-4000-8000-${String(f * 5000 + i).padStart(12, '0')}` })
          : { eventVersion: '1.09', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventID: `s3-${f}-${i}`, pad: PAD },
      );
      writeTrailFile(logs, `f${f}`, records);
    }
    const db = path.join(tempDir(), 'sparse.duckdb');
    const run = await runIngest(db, logs, 100);
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect(run.code).toBe(0);
    const store = await Database.open(db);
    try {
      const n = await store.withConnection(async (c) => Number((await c.runAndReadAll('SELECT count(*) FROM kms_events')).getRows()[0][0]));
      // 50 KMS records in each of the 20 files.
      expect(n).toBe(1000);
    } finally {
      store.close();
    }
  }, 120_000);
});
