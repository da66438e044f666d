import fs from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
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

/**
 * Delivery files read lately, split into records. An analyst opens an event, then downloads it, then its
 * neighbours in the list: most come from the same file (a busy account's five minutes is ~2 MB, 1,000+
 * records, 5–10 ms to gunzip and split), so each is read once. Checked against the file's device, inode,
 * size, mtime and ctime on every use: a file rewritten or replaced since is read again. Bounded by the records' length.
 */
const recentFiles = new LRUCache<string, { stamp: string; records: string[] }>({
  max: 16,
  maxSize: 32 * 1024 * 1024,
  sizeCalculation: (v) =>
    Math.max(
      1,
      v.records.reduce((n, r) => n + r.length, 0),
    ),
});

/** The file's records, from the cache while the file is unchanged. */
function readRecords(file: string): ReturnType<typeof readLogFile> {
  let stamp: string | null = null;
  try {
    const st = fs.statSync(file);
    // ctime too: no one can set it, and any write or utimes moves it (mtime can be copied back, cp -p).
    stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    // readLogFile says why the file cannot be read.
  }
  const hit = stamp ? recentFiles.get(file) : undefined;
  if (hit && hit.stamp === stamp) return { kind: 'records', records: hit.records };
  const split = readLogFile(file);
  if (stamp && split.kind === 'records') recentFiles.set(file, { stamp, records: split.records });
  return split;
}

function tryRead(file: string, eventId: string): string | RawRecordError {
  let split;
  try {
    split = readRecords(file);
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
