import type { DuckDBConnection } from '@duckdb/node-api';
import { REBUILD_ROLLUPS_SQL } from '../engines/duckdb/schema';
import { RESOLVE_ALIASES_SQL } from './resolve-aliases';
import { RESOLVE_ROLE_PATHS_SQL } from './resolve-role-paths';

/**
 * What the store derives from all its events after they land: key ARNs of
 * alias-only events, the full ARN (with its path) of roles read off a session
 * ARN, and the rollups (lib/queries/rollups.ts). They read the whole store,
 * so they run only when events were added since they last ran. The "stale" mark
 * is written in the same transaction as the events it is about, so an ingest
 * killed before the refresh still refreshes when the store next opens
 * (lib/engines/duckdb/database.ts) or ingests, even adding nothing.
 */
export const MARK_STALE_SQL = `INSERT INTO keytrail_meta VALUES ('rollups_stale', '1') ON CONFLICT DO UPDATE SET v = excluded.v`;

/** Runs the refresh if it is due; true when it ran (the stored data changed). */
export async function refreshRollups(c: DuckDBConnection): Promise<boolean> {
  const due = (await c.runAndReadAll(`SELECT v FROM keytrail_meta WHERE k = 'rollups_stale'`)).getRowsJS()[0]?.[0] === '1';
  if (!due) return false;
  await c.run(RESOLVE_ALIASES_SQL);
  await c.run(RESOLVE_ROLE_PATHS_SQL);
  // After alias resolution, which can give events their key.
  for (const sql of REBUILD_ROLLUPS_SQL) await c.run(sql);
  await c.run(`UPDATE keytrail_meta SET v = '0' WHERE k = 'rollups_stale'`);
  return true;
}
