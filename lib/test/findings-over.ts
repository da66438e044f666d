import { expect } from 'vitest';
import { findingsConfig } from '../findings/config';
import { runFindings, type Finding } from '../findings/rules';
import { ingestPaths } from '../ingest/ingest';
import { tempDir, tempStore, writeTrailFile } from './fixtures';

/**
 * Every finding over hand-built records in one window, with the documented default thresholds: the
 * records written as trail files of `perFile` records each, ingested into a fresh store, the rules
 * run (none may fail), the store closed. (Kept apart from fixtures.ts, which the browser tests
 * import without vitest.)
 */
export async function findingsOver(
  records: unknown[],
  from: number,
  to: number,
  perFile = Math.max(records.length, 1),
): Promise<Finding[]> {
  const dir = tempDir();
  for (let i = 0; i < records.length; i += perFile) writeTrailFile(dir, `f${i}`, records.slice(i, i + perFile));
  const store = await tempStore();
  try {
    await ingestPaths(store.db, [dir]);
    const res = await runFindings(store.engine, { from: new Date(from), to: new Date(to) }, findingsConfig({}));
    expect(res.errors).toEqual([]);
    return res.findings;
  } finally {
    store.close();
  }
}
