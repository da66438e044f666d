import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest';
import { readLastIngest } from './last-ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

let store: Awaited<ReturnType<typeof tempStore>> | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

describe('the last ingest, kept in the store for the Data health page', () => {
  it('records what it read and every file it could not load; a run with nothing new leaves it alone', async () => {
    const root = tempDir();
    writeTrailFile(root, 'good', [kmsRecord(), kmsRecord()]);
    const bad = writeTrailFile(root, 'bad', [kmsRecord()]);
    fs.writeFileSync(bad, fs.readFileSync(bad).subarray(0, 20)); // truncated gzip
    fs.writeFileSync(path.join(root, 'README.txt'), 'not a log');
    store = await tempStore();
    expect(await readLastIngest(store.db)).toBeNull();

    const s = await ingestPaths(store.db, [root]);
    const last = await readLastIngest(store.db);
    expect(last).not.toBeNull();
    // Hand-counted: 3 files found, 1 good read (2 events), 1 truncated, 1 skipped by name.
    expect(last!).toMatchObject({
      inputs: [path.resolve(root)],
      filesFound: 3,
      filesRead: 1,
      records: 2,
      kmsRecords: 2,
      eventsAdded: 2,
      errorsTotal: 1,
      skipped: { 'not a .json or .json.gz file': 1 },
    });
    expect(last!.errors).toEqual([{ path: bad, reason: expect.stringMatching(/gzip data is truncated/) }]);
    expect(last!.elapsedMs).toBe(s.elapsedMs);

    // The truncated file is tried again and still fails: nothing new, so the run that loaded
    // the good file stays on record, still listing the broken one.
    const again = await ingestPaths(store.db, [root]);
    expect([again.filesRead, again.errors.length]).toEqual([0, 1]);
    expect(await readLastIngest(store.db)).toEqual(last);

    // A second broken file and nothing loaded: that is news, so it replaces the record.
    const bad2 = writeTrailFile(root, 'bad2', [kmsRecord()]);
    fs.writeFileSync(bad2, fs.readFileSync(bad2).subarray(0, 20));
    await ingestPaths(store.db, [root]);
    const second = await readLastIngest(store.db);
    expect(second!.errors.map((e) => e.path).sort()).toEqual([bad, bad2].sort());
    // Unchanged: the good file, and README.txt (skipped by name once, then known).
    expect([second!.filesRead, second!.filesUnchanged]).toEqual([0, 2]);
    fs.rmSync(bad2);

    // Fixed, and then nothing new: the last record is the run that loaded it.
    writeTrailFile(root, 'bad', [kmsRecord()]);
    await ingestPaths(store.db, [root]);
    const fixed = await readLastIngest(store.db);
    expect([fixed!.filesRead, fixed!.errorsTotal, fixed!.eventsAdded]).toEqual([1, 0, 1]);
    await ingestPaths(store.db, [root]);
    expect(await readLastIngest(store.db)).toEqual(fixed);
  });
});
