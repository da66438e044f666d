import path from 'node:path';
import { ingestPaths } from '../ingest/ingest';
import { tempDir, writeTrailFile } from './fixtures';

/**
 * The server's own store (lib/server/store.ts, which reads KEYTRAIL_DB when first used) in a temp
 * file holding `records`, for tests of the data layer. Settings the server reads when its modules
 * load (KEYTRAIL_ROTATION_OVERDUE_DAYS…) are set before the call; `closeServerStore` in afterAll.
 */
export async function serverStoreWith(records: unknown[]): Promise<void> {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'server.duckdb');
  const root = tempDir();
  writeTrailFile(root, 'records', records);
  const { getStore } = await import('../server/store');
  await ingestPaths((await getStore()).db!, [root]);
}

export async function closeServerStore(): Promise<void> {
  const { getStore } = await import('../server/store');
  (await getStore()).db!.close();
}
