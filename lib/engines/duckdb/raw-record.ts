import path from 'node:path';
import { findRecord } from '../../ingest/find-record';
import { readLogFile } from '../../ingest/read-log-file';
import { RawRecordError } from '../raw-record-error';

/**
 * Other paths the same delivery file was ingested from, newest first (a CloudTrail file's name
 * is unique: account, region, time and a random suffix). Params: the stored path, then the
 * separator and file name it must end with.
 */
export const SAME_FILE_ELSEWHERE_SQL = 'SELECT path FROM ingested_files WHERE path <> ? AND suffix(path, ?) ORDER BY ingested_at DESC';

/** The arguments of SAME_FILE_ELSEWHERE_SQL for a stored path. */
export const sameFileElsewhereArgs = (sourceFile: string): string[] => [sourceFile, path.sep + path.basename(sourceFile)];

/**
 * The local store's raw event: re-read from the delivery file the event was
 * ingested from (kms_events.source_file), so what the page shows is the file's
 * own bytes, and the store need not keep a second copy of every record.
 *
 * `elsewhere` lists other paths of the same file. An event keeps the path of its
 * first delivery: after the log folder is moved and ingested again from its new
 * place, the record is found there.
 */
export async function readRawRecord(sourceFile: string, eventId: string, elsewhere?: () => Promise<string[]>): Promise<string> {
  const first = tryRead(sourceFile, eventId);
  if (typeof first === 'string') return first;
  for (const alt of (await elsewhere?.()) ?? []) {
    const found = tryRead(alt, eventId);
    if (typeof found === 'string') return found;
  }
  throw first;
}

function tryRead(file: string, eventId: string): string | RawRecordError {
  let split;
  try {
    split = readLogFile(file);
  } catch (e) {
    return new RawRecordError(
      `The raw record is read from its delivery file, ${file}, which cannot be read now (${(e as Error).message}). ` +
        'Restore the file, or ingest the folder that holds it again.',
    );
  }
  const found = split.kind === 'records' ? findRecord(split.records, eventId) : null;
  return (
    found ??
    new RawRecordError(`The delivery file ${file} no longer holds event ${eventId}: it changed after it was ingested. Ingest it again.`)
  );
}
