import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { findRecord } from '../ingest/find-record';
import { MalformedJsonError, splitRecords } from '../ingest/split-records';
import { EngineError } from './types';

/**
 * One CloudTrail delivery file's bytes, read back to find one record's original
 * text (athena/raw-record.ts fetches them from S3). Split and matched exactly as
 * the embedded engine does with a file on disk (../duckdb/raw-record.ts), so
 * both engines show the same text for the same record.
 */

/**
 * Largest file (compressed, and again once decompressed) read back. CloudTrail
 * files are a few MB; the cap keeps a wrong path or a gzip bomb from taking the
 * server's memory, and stays under V8's ~512 MiB limit on one string.
 */
export const MAX_DELIVERY_FILE_BYTES = 256 * 2 ** 20;

// Off the event loop: a large file must not stall every other request while it inflates.
const gunzipAsync = promisify(gunzip);

export function tooLarge(where: string, max: number): EngineError {
  return new EngineError(
    'unavailable',
    `The delivery file ${where} is larger than ${Math.round(max / 2 ** 20)} MB, the most KeyTrail reads back.`,
    {
      reason: 'too-large',
    },
  );
}

/** The file's text: gunzipped when it starts with gzip's magic bytes (whatever its name says), then UTF-8. */
export async function deliveryFileText(bytes: Uint8Array, where: string, max = MAX_DELIVERY_FILE_BYTES): Promise<string> {
  let data = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = await gunzipAsync(bytes, { maxOutputLength: max });
    } catch (e) {
      if (e instanceof RangeError || (e instanceof Error && 'code' in e && e.code === 'ERR_BUFFER_TOO_LARGE')) throw tooLarge(where, max);
      throw new EngineError(
        'unavailable',
        `The delivery file ${where} could not be decompressed (${e instanceof Error ? e.message : String(e)}).`,
        {
          reason: 'gzip',
        },
      );
    }
  } else if (bytes.length > max) throw tooLarge(where, max);
  // TextDecoder drops a leading BOM and replaces invalid bytes: the record is shown as a browser would read it.
  return new TextDecoder('utf-8').decode(data);
}

/**
 * The exact text of the record whose eventID is `eventId` in a delivery file's
 * text, or null: the file split into records as ingest splits it, and the
 * record found as the embedded store finds it (lib/ingest/find-record.ts).
 */
export function recordInFile(text: string, eventId: string, where: string): string | null {
  if (!eventId) return null;
  let split;
  try {
    split = splitRecords(text);
  } catch (e) {
    if (e instanceof MalformedJsonError)
      throw new EngineError('unavailable', `The delivery file ${where} is not valid JSON: ${e.message}.`, { reason: 'json' });
    throw e;
  }
  // A digest or a file that is not a CloudTrail log holds no events.
  return split.kind === 'records' ? findRecord(split.records, eventId) : null;
}
