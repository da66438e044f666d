/**
 * Builds the browser tests' throwaway store: a fresh sample trail, plus the
 * real public trails and the hostile corpus (ingested as part of the sample, so
 * the sample banner stays and nothing is replaced).
 */
import fs from 'node:fs';
import path from 'node:path';
import { kmsRecord, writeTrailFile } from '../lib/test/fixtures';
import { GONE_EVENT_ID } from './ids';
import { loadConfig } from '../lib/config';
import { Database } from '../lib/engines/duckdb/database';
import { ingestPaths } from '../lib/ingest/ingest';
import { loadSample } from '../scripts/load-sample';

async function main(): Promise<void> {
  await loadSample({ quiet: true });
  const db = await Database.open(loadConfig().dbPath);
  try {
    const s = await ingestPaths(db, [path.join(__dirname, 'fixtures/cloudtrail-real'), path.join(__dirname, 'fixtures/hostile')], {
      sample: true,
    });
    if (s.errors.length) throw new Error(`fixture ingest problems: ${JSON.stringify(s.errors)}`);
    // One event whose delivery file is removed after ingest: its page must say so (the raw record
    // is read back from the file), not fail.
    const gone = writeTrailFile(path.join(__dirname, '.data', 'gone-logs'), 'gone', [
      kmsRecord({ eventID: GONE_EVENT_ID, eventTime: '2025-01-01T00:00:00Z' }),
    ]);
    await ingestPaths(db, [gone], { sample: true });
    fs.rmSync(gone);
    console.log(`e2e store ready: ${s.storeEvents + 1} KMS events`);
  } finally {
    db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
