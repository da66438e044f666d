import type { DuckDBConnection } from '@duckdb/node-api';
import type { FoundFile } from './find-files';

/** The files a walk found, appended for one comparison with the store's record of read files. */
export const FOUND_FILES_DDL = 'CREATE OR REPLACE TEMP TABLE found_files (i INTEGER, path VARCHAR, size BIGINT, mtime_ms BIGINT)';

/** Params: none. The found files the store has read at the same size and modification time. */
export const UNCHANGED_SQL = `
SELECT f.i
FROM found_files AS f
JOIN ingested_files AS k ON k.path = f.path AND k.size = f.size AND k.mtime_ms = f.mtime_ms
`;

/**
 * Which of `files` (by index) were read before and have not changed since. The comparison runs
 * in DuckDB: loading every file the store has ever read into a JS map cost time and memory
 * that grew with the whole trail (~0.1 s for 46k files) on every run, including each
 * KEYTRAIL_LOGS tick; appending the walk and joining grows only with the walk.
 */
export async function unchangedFiles(c: DuckDBConnection, files: readonly FoundFile[]): Promise<Set<number>> {
  await c.run(FOUND_FILES_DDL);
  const a = await c.createAppender('found_files', 'main', 'temp');
  files.forEach((f, i) => {
    a.appendInteger(i);
    a.appendVarchar(f.path);
    a.appendBigInt(BigInt(f.size));
    a.appendBigInt(BigInt(f.mtimeMs));
    a.endRow();
  });
  a.closeSync();
  const [idx] = (await c.runAndReadAll(UNCHANGED_SQL)).getColumnsJS() as [number[]];
  await c.run('DROP TABLE found_files');
  return new Set(idx ?? []);
}
