import 'server-only';
import { readRawRecord as readLocal, SAME_FILE_ELSEWHERE_SQL, sameFileElsewhereArgs } from '../engines/duckdb/raw-record';
import { RawRecordError } from '../engines/raw-record-error';
import { EngineError, type Dialect } from '../engines/types';
import { getStore } from './store';

/**
 * Where an event's raw record comes from: the delivery file it was read from,
 * on disk for the local store, in S3 for Athena (whose table keeps no text).
 */
export async function readRaw(dialect: Dialect, sourceFile: string | null, eventId: string, signal?: AbortSignal): Promise<string> {
  if (!sourceFile) throw new RawRecordError(`The store does not say which delivery file event ${eventId} came from.`);
  if (dialect === 'duckdb') return readLocal(sourceFile, eventId, () => sameFileElsewhere(sourceFile));
  const { GONE_REASONS, readRawRecord } = await import('../engines/athena/raw-record');
  let found: string | null;
  try {
    found = await readRawRecord(sourceFile, eventId, { signal });
  } catch (e) {
    // A file S3 no longer has is the same case as a local file that is gone; other S3 failures
    // stay EngineErrors, which already name the file and the fix (e.g. s3:GetObject).
    if (e instanceof EngineError && GONE_REASONS.has(e.detail?.reason ?? '')) throw new RawRecordError(e.message);
    throw e;
  }
  if (found === null) throw new RawRecordError(`The delivery file ${sourceFile} does not hold event ${eventId}.`);
  return found;
}

/** Where else the local store has read the same delivery file from (a moved folder, ingested again). */
async function sameFileElsewhere(sourceFile: string): Promise<string[]> {
  const { db } = await getStore();
  if (!db) return [];
  return db.withConnection(async (c) =>
    (await c.runAndReadAll(SAME_FILE_ELSEWHERE_SQL, sameFileElsewhereArgs(sourceFile))).getRowsJS().map((r) => String(r[0])),
  );
}
