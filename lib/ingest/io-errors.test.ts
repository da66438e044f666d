import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/fixtures';
import { diskFullMessage, isDiskFullError } from './io-errors';

/**
 * The errors come from the real thing wherever this machine can produce it:
 * /dev/full answers every write with ENOSPC, and `ulimit -f` makes a write
 * past the limit fail with EFBIG. The DuckDB checkpoint text (the end-to-end
 * case, disk-full.test.ts) is quoted as this machine's DuckDB printed it.
 */
const DB = '/data/keytrail.duckdb';

async function duckdbError(sql: string): Promise<unknown> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(sql);
    return null;
  } catch (e) {
    return e;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('disk-full errors', () => {
  it('DuckDB writing to a full disk (/dev/full): recognised, naming the file it was writing', async () => {
    const e = await duckdbError(`COPY (SELECT 1) TO '/dev/full' (FORMAT csv)`);
    expect(e).toBeInstanceOf(Error);
    expect(isDiskFullError(e)).toBe(true);
    expect(diskFullMessage(DB, e)).toBe(
      'The disk is full (or a file-size limit was hit) while writing /dev/full: free space and run the ingest again; the store is unchanged since the last completed batch.',
    );
  });

  it("DuckDB's fatal checkpoint failure over a file-size limit: recognised, one line", () => {
    const e = new Error(
      'FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\n' +
        'Original error: "Failed to create checkpoint because of error: Could not write file "/tmp/x/keytrail.duckdb": File too large"',
    );
    expect(isDiskFullError(e)).toBe(true);
    const m = diskFullMessage(DB, e);
    expect(m).toContain('while writing /tmp/x/keytrail.duckdb:');
    expect(m).not.toContain('\n');
  });

  it("Node's own ENOSPC (/dev/full) and EFBIG (ulimit -f) errors are recognised; without a file in the text, the store's path is named", () => {
    let enospc: unknown = null;
    try {
      fs.writeFileSync('/dev/full', 'x');
    } catch (e) {
      enospc = e;
    }
    expect((enospc as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(isDiskFullError(enospc)).toBe(true);
    expect(diskFullMessage(DB, enospc)).toContain(`while writing ${DB}:`);

    // A child with a 1 KB file-size limit writes 4 KB: the kernel refuses with EFBIG (Node ignores SIGXFSZ).
    const out = path.join(tempDir(), 'big.bin');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `ulimit -f 1; exec "${process.execPath}" -e "try { require('fs').writeFileSync(process.argv[1], Buffer.alloc(4096)) } catch (e) { process.stdout.write(JSON.stringify({ code: e.code, message: e.message })) }" "${out}"`,
      ],
      {
        encoding: 'utf8',
      },
    );
    const { code, message } = JSON.parse(r.stdout) as { code: string; message: string };
    expect(code).toBe('EFBIG');
    expect(isDiskFullError(Object.assign(new Error(message), { code }))).toBe(true);
  });

  it('other failures are not mistaken for a full disk', async () => {
    const parse = await duckdbError(`SELECT * FROM read_json('/dev/null/nope.json')`);
    expect(parse).toBeInstanceOf(Error);
    expect(isDiskFullError(parse)).toBe(false);
    expect(
      isDiskFullError(new Error('IO Error: Could not set lock on file "/data/keytrail.duckdb": Conflicting lock is held (PID 42)')),
    ).toBe(false);
    expect(isDiskFullError(new Error('a record could not be parsed: Malformed JSON at byte 12 of input: unexpected character.'))).toBe(
      false,
    );
    expect(isDiskFullError('ENOENT: no such file or directory')).toBe(false);
  });
});
