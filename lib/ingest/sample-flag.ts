import type { Database } from '../engines/duckdb/database';
import { ROLLUPS } from '../queries/rollups';

/**
 * The store remembers whether it holds KeyTrail's sample data, so the UI can
 * say so, and so the first ingest of real logs replaces the sample instead of
 * mixing invented keys into a real account's picture.
 */
export async function isSampleStore(db: Database): Promise<boolean> {
  return db.withConnection(async (c) => {
    const rows = (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'sample'`)).getRowsJS();
    return rows.length > 0 && rows[0][0] === '1';
  });
}

export async function setSampleStore(db: Database, sample: boolean): Promise<void> {
  await db.withConnection(async (c) => {
    await c.run(`INSERT INTO keytrail_meta VALUES ('sample', ?) ON CONFLICT DO UPDATE SET v = excluded.v`, [sample ? '1' : '0']);
  });
  db.markChanged();
}

/** Drop the sample so real logs start from an empty store. */
export async function clearSample(db: Database): Promise<void> {
  await db.withConnection(async (c) => {
    await c.run('BEGIN TRANSACTION');
    await c.run('DELETE FROM kms_events');
    await c.run('DELETE FROM ingested_files');
    // The names are this module's constant (lib/queries/rollups.ts), not input.
    for (const t of ROLLUPS) await c.run(`DELETE FROM ${t}`);
    await c.run(`INSERT INTO keytrail_meta VALUES ('sample', '0') ON CONFLICT DO UPDATE SET v = excluded.v`);
    await c.run('COMMIT');
  });
  db.markChanged();
}
