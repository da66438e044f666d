import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { MalformedJsonError, splitRecords } from '../ingest/split-records';
import { EngineError } from './types';

/**
 * One CloudTrail delivery file, read back to find one record's original text:
 * the part of "show the raw event" both engines share (athena/raw-record.ts
 * reads the file from S3, the embedded engine from disk).
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
  return new EngineError('unavailable', `The delivery file ${where} is larger than ${Math.round(max / 2 ** 20)} MB, the most KeyTrail reads back.`, {
    reason: 'too-large',
  });
}

/** The file's text: gunzipped when it starts with gzip's magic bytes (whatever its name says), then UTF-8. */
export async function deliveryFileText(bytes: Uint8Array, where: string, max = MAX_DELIVERY_FILE_BYTES): Promise<string> {
  let data = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = await gunzipAsync(bytes, { maxOutputLength: max });
    } catch (e) {
      if (e instanceof RangeError || (e instanceof Error && 'code' in e && e.code === 'ERR_BUFFER_TOO_LARGE')) throw tooLarge(where, max);
      throw new EngineError('unavailable', `The delivery file ${where} could not be decompressed (${e instanceof Error ? e.message : String(e)}).`, {
        reason: 'gzip',
      });
    }
  } else if (bytes.length > max) throw tooLarge(where, max);
  // TextDecoder drops a leading BOM and replaces invalid bytes: the record is shown as a browser would read it.
  return new TextDecoder('utf-8').decode(data);
}

/** Event ids as CloudTrail writes them (UUIDs) appear verbatim in the text; anything else may be escaped there. */
const VERBATIM_ID = /^[A-Za-z0-9-]+$/;

/**
 * The exact text of the record whose eventID is `eventId`, or null. A cheap
 * substring test skips most records before any JSON.parse; the parse then
 * makes sure the id is the record's own eventID (it can appear elsewhere,
 * e.g. in another event's request parameters).
 */
export function findRecord(text: string, eventId: string, where: string): string | null {
  if (!eventId) return null;
  let split;
  try {
    split = splitRecords(text);
  } catch (e) {
    if (e instanceof MalformedJsonError) throw new EngineError('unavailable', `The delivery file ${where} is not valid JSON: ${e.message}.`, { reason: 'json' });
    throw e;
  }
  // A digest or a file that is not a CloudTrail log holds no events.
  if (split.kind !== 'records') return null;
  const needle = VERBATIM_ID.test(eventId) ? eventId : null;
  for (const record of split.records) {
    if (needle !== null && !record.includes(needle)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(record);
    } catch {
      // splitRecords checks structure, not every literal; a broken record is not the one Athena parsed.
      continue;
    }
    if (typeof parsed === 'object' && parsed !== null && 'eventID' in parsed && parsed.eventID === eventId) return record;
  }
  return null;
}
