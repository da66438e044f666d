import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { deliveryFileText, MAX_DELIVERY_FILE_BYTES, recordInFile, tooLarge } from '../delivery-file';
import { EngineError } from '../types';

/**
 * The raw event on Athena. The JSON SerDe keeps no original text, so the
 * record is read back from its delivery file: the kms_events view names each
 * row's file (`source_file`, Athena's `"$path"`; compat.ts), and the record is
 * the one in that file whose eventID matches. The mirror for the embedded
 * store is ../duckdb/raw-record.ts.
 *
 * `sourceFile` must come from a query result, never from a request: the
 * dashboard's role can read more of S3 than the trail (its query results).
 */
export interface ReadRawRecordOptions {
  /** Defaults to one shared client on the SDK's default credential chain. */
  client?: S3Client;
  /** The request's: aborting it stops the download. */
  signal?: AbortSignal;
  /** The size cap, compressed and decompressed (tests use a small one). */
  maxBytes?: number;
}

// S3's bucket naming rules; the key is anything non-empty (S3 keys are at most 1,024 bytes).
const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.{1,1024})$/s;

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = S3_URI.exec(uri);
  if (!m || m[2].endsWith('/'))
    throw new Error(`Not the S3 URI of a delivery file (s3://bucket/key): ${JSON.stringify(uri.slice(0, 200))}`);
  return { bucket: m[1], key: m[2] };
}

let shared: S3Client | undefined;
function defaultClient(): S3Client {
  shared ??= new S3Client({
    // An organization's trail bucket often lives in another region than the one the credentials default to.
    followRegionRedirects: true,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000, throwOnRequestTimeout: true },
  });
  return shared;
}

export async function readRawRecord(sourceFile: string, eventId: string, opts: ReadRawRecordOptions = {}): Promise<string | null> {
  const { bucket, key } = parseS3Uri(sourceFile);
  const { signal } = opts;
  const max = opts.maxBytes ?? MAX_DELIVERY_FILE_BYTES;
  if (signal?.aborted) throw cancelled();
  let bytes: Uint8Array;
  try {
    const out = await (opts.client ?? defaultClient()).send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    bytes = await readBody(out, sourceFile, max);
  } catch (e) {
    throw s3Error(e, sourceFile, signal);
  }
  return recordInFile(await deliveryFileText(bytes, sourceFile, max), eventId, sourceFile);
}

/** The object's bytes, refused as soon as they pass the cap (before any are read, when S3 gives the length). */
async function readBody(out: GetObjectCommandOutput, where: string, max: number): Promise<Uint8Array> {
  const body: unknown = out.Body;
  if (out.ContentLength !== undefined && out.ContentLength > max) {
    if (body && typeof body === 'object' && 'destroy' in body && typeof body.destroy === 'function') body.destroy();
    throw tooLarge(where, max);
  }
  if (typeof body === 'object' && body !== null && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early (the throw) closes the stream.
    for await (const chunk of body as AsyncIterable<unknown>) {
      const b = chunk instanceof Uint8Array ? chunk : typeof chunk === 'string' ? Buffer.from(chunk) : null;
      if (!b) throw new EngineError('internal', `S3 returned an unexpected body for ${where}.`);
      size += b.byteLength;
      if (size > max) throw tooLarge(where, max);
      chunks.push(b);
    }
    return Buffer.concat(chunks, size);
  }
  throw new EngineError('internal', `S3 returned no readable body for ${where}.`);
}

const cancelled = () => new EngineError('cancelled', 'Reading the raw event was cancelled.');

/** S3's answers for a delivery file that is no longer there (the `reason` of the EngineError below). */
export const GONE_REASONS: ReadonlySet<string> = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

function s3Error(e: unknown, where: string, signal?: AbortSignal): EngineError {
  if (e instanceof EngineError) return e;
  if (signal?.aborted) return cancelled();
  const name = typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : '';
  const status =
    typeof e === 'object' && e !== null && '$metadata' in e ? (e.$metadata as { httpStatusCode?: number }).httpStatusCode : undefined;
  if (name === 'NoSuchKey' || name === 'NotFound')
    return new EngineError('unavailable', `The delivery file ${where} is no longer in S3 (a lifecycle rule may have removed it).`, {
      reason: name,
    });
  if (name === 'NoSuchBucket') return new EngineError('unavailable', `The trail bucket of ${where} does not exist.`, { reason: name });
  if (name === 'AccessDenied' || name === 'Forbidden' || status === 403)
    return new EngineError(
      'unavailable',
      `KeyTrail may not read ${where}: its role needs s3:GetObject on the trail bucket (and kms:Decrypt on the trail's key if the logs are SSE-KMS encrypted). See docs/athena.md.`,
      { reason: name || 'AccessDenied' },
    );
  return new EngineError('internal', `Reading ${where} from S3 failed.`, {
    reason: `${name || 'Error'}: ${e instanceof Error ? e.message : String(e)}`,
  });
}
