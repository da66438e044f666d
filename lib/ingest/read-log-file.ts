import fs from 'node:fs';
import zlib from 'node:zlib';
import { MalformedJsonError, splitRecords, type SplitResult } from './split-records';

export class UnreadableFileError extends Error {}

/**
 * Reads one delivery file (.json or .json.gz, detected by content) and splits its
 * records. Synchronous on purpose: delivery files are small and many, and the
 * async zlib round trip per file cost more than the work itself (the caller
 * yields to the event loop between slices of files).
 */
export function readLogFile(p: string): SplitResult {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it is not there' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : null;
    throw new UnreadableFileError(`cannot read the file: ${why ? `${why} (${code})` : (code ?? e)}`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UnreadableFileError(
        code === 'Z_BUF_ERROR' ? 'the gzip data is truncated' : `the gzip data is corrupt (${code ?? (e as Error).message})`,
      );
    }
  }
  try {
    // Invalid UTF-8 becomes U+FFFD rather than failing the file.
    return splitRecords(buf.toString('utf8'));
  } catch (e) {
    if (e instanceof MalformedJsonError) throw new UnreadableFileError(e.message);
    throw e;
  }
}
