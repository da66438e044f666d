import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { MalformedJsonError, splitRecords, type SplitResult } from './split-records';

const gunzip = promisify(zlib.gunzip);

export class UnreadableFileError extends Error {}

/** Reads one delivery file (.json or .json.gz, detected by content) and splits its records. */
export async function readLogFile(p: string): Promise<SplitResult> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(p);
  } catch (e) {
    throw new UnreadableFileError(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = await gunzip(buf);
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
