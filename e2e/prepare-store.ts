/**
 * Builds the browser tests' throwaway store: a fresh sample trail, plus the
 * real public trails and the hostile corpus (ingested as part of the sample, so
 * the sample banner stays and nothing is replaced).
 */
import path from 'node:path';
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
    console.log(`e2e store ready: ${s.storeEvents} KMS events`);
  } finally {
    db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
