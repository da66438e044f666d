import { findRecord } from '../../ingest/find-record';
import { readLogFile } from '../../ingest/read-log-file';
import { RawRecordError } from '../raw-record-error';

/**
 * The local store's raw event: re-read from the delivery file the event was
 * ingested from (kms_events.source_file), so what the page shows is the file's
 * own bytes, and the store need not keep a second copy of every record.
 */
export async function readRawRecord(sourceFile: string, eventId: string): Promise<string> {
  let split;
  try {
    split = readLogFile(sourceFile);
  } catch (e) {
    throw new RawRecordError(
      `The raw record is read from its delivery file, ${sourceFile}, which cannot be read now (${(e as Error).message}). ` +
        'Restore the file, or ingest the folder that holds it again.',
    );
  }
  const found = split.kind === 'records' ? findRecord(split.records, eventId) : null;
  if (found === null)
    throw new RawRecordError(
      `The delivery file ${sourceFile} no longer holds event ${eventId}: it changed after it was ingested. Ingest it again.`,
    );
  return found;
}
