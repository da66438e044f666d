import { afterEach } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { tempDir, tempStore, writeTrailFile } from './fixtures';

export type TestStore = Awaited<ReturnType<typeof tempStore>>;

/**
 * For query tests over hand-built records: each call gives a fresh store holding `records`, written
 * as one trail file and ingested as KeyTrail reads logs, and every store a test opened is closed
 * after it. (Kept apart from fixtures.ts, which the browser tests import without vitest.)
 */
export function storesPerTest(): (records: unknown[]) => Promise<TestStore> {
  const open: TestStore[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  return async (records) => {
    const s = await tempStore();
    open.push(s);
    const root = tempDir();
    writeTrailFile(root, 'records', records);
    await ingestPaths(s.db, [root]);
    return s;
  };
}
