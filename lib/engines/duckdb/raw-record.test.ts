import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { ingestPaths } from '../../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../../test/fixtures';
import { RawRecordError } from '../raw-record-error';
import { readRawRecord } from './raw-record';

describe('readRawRecord (local delivery files)', () => {
  it('reads the record back byte for byte from a gzip or plain file', async () => {
    const root = tempDir();
    const recs = [kmsRecord(), kmsRecord({ userAgent: 'caf\u00e9 <b>' })];
    for (const gzip of [true, false]) {
      const f = writeTrailFile(root, `f-${gzip}`, recs, { gzip });
      const raw = await readRawRecord(f, String(recs[1].eventID));
      expect(JSON.parse(raw)).toEqual(recs[1]);
      if (!gzip) expect(fs.readFileSync(f, 'utf8').includes(raw)).toBe(true);
    }
  });

  it('says what to do when the file is gone or no longer holds the event', async () => {
    const root = tempDir();
    const rec = kmsRecord();
    const f = writeTrailFile(root, 'f', [rec]);
    await expect(readRawRecord(f, 'not-there')).rejects.toThrow(/no longer holds event not-there.*Ingest it again/);
    fs.rmSync(f);
    const err = await readRawRecord(f, String(rec.eventID)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawRecordError);
    expect((err as Error).message).toContain(path.basename(f));
    expect((err as Error).message).toMatch(/cannot be read now \(cannot read the file: it is not there \(ENOENT\)\)/);
  });
});

describe('readRawRecord with other paths of the same file', () => {
  it('reads the record from the first other path that holds it, and reports the stored path when none does', async () => {
    const rec = kmsRecord();
    const gone = path.join(tempDir(), 'gone.json.gz');
    const decoy = writeTrailFile(tempDir(), 'same-name', [kmsRecord()]);
    const real = writeTrailFile(tempDir(), 'same-name', [rec]);
    expect(JSON.parse(await readRawRecord(gone, String(rec.eventID), async () => [decoy, real]))).toEqual(rec);
    const err = await readRawRecord(gone, String(rec.eventID), async () => [decoy]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RawRecordError);
    expect((err as Error).message).toContain(gone);
  });
});

describe('readRawRecord of a pretty-printed file (written by a tool, not CloudTrail)', () => {
  it('gives back each record with its own line breaks and tabs, with or without an eventID', async () => {
    const withId = kmsRecord();
    const withoutId: Record<string, unknown> = kmsRecord();
    delete withoutId.eventID;
    // CRLF and tabs, as a Windows tool would write it.
    const pretty = (r: Record<string, unknown>) => JSON.stringify(r, null, '\t').replace(/\n/g, '\r\n');
    const texts = [pretty(withId), pretty(withoutId)];
    const f = path.join(tempDir(), 'pretty.json.gz');
    fs.writeFileSync(f, zlib.gzipSync(`{\r\n"Records": [\r\n${texts.join(',\r\n')}\r\n]\r\n}\r\n`));
    const store = await tempStore();
    try {
      await ingestPaths(store.db, [f]);
      const ids = await store.db.withConnection(async (c) =>
        (await c.runAndReadAll("SELECT eventid FROM kms_events ORDER BY eventid LIKE 'sha256:%'")).getRowsJS().map((r) => String(r[0])),
      );
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBe(withId.eventID);
      expect(await readRawRecord(f, ids[0])).toBe(texts[0]);
      expect(await readRawRecord(f, ids[1])).toBe(texts[1]);
    } finally {
      await store.close();
    }
  });
});

describe('readRawRecord of a file read before', () => {
  it('reads a file again once it changed (rewritten, or replaced by another file), never an old copy', async () => {
    const root = tempDir();
    const [a, b] = [kmsRecord({ userAgent: 'first' }), kmsRecord({ userAgent: 'second' })];
    const f = writeTrailFile(root, 'f', [a, b], { gzip: false });
    expect(JSON.parse(await readRawRecord(f, String(a.eventID)))).toEqual(a);
    // Replaced by a file of the same size and mtime written elsewhere and moved in: only its inode and ctime differ.
    const other = writeTrailFile(tempDir(), 'f', [{ ...a, userAgent: 'other' }, b], { gzip: false });
    expect(fs.statSync(other).size).toBe(fs.statSync(f).size);
    const { mtime } = fs.statSync(f);
    fs.utimesSync(other, mtime, mtime);
    fs.renameSync(other, f);
    expect(JSON.parse(await readRawRecord(f, String(a.eventID))).userAgent).toBe('other');
    // Rewritten in place with the same size, its mtime put back (cp -p does): its ctime moved.
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('"other"', '"third"'));
    fs.utimesSync(f, mtime, mtime);
    expect(JSON.parse(await readRawRecord(f, String(a.eventID))).userAgent).toBe('third');
    // Gone: the error, not the copy read before.
    fs.rmSync(f);
    await expect(readRawRecord(f, String(a.eventID))).rejects.toThrow(/cannot be read now/);
  });
});
