import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Database } from '../engines/duckdb/database';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';
import { runIngestCli } from './cli-runner';
import { pendingReload, reloadRoots } from './reload';
import { setSampleStore } from './sample-flag';

describe('reloadRoots', () => {
  it('one folder per trail (the one above AWSLogs), a loose file by its folder, nested folders once', () => {
    const j = (...p: string[]) => path.join(path.sep, ...p);
    expect(
      reloadRoots([
        j('data', 'logs', 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '20', 'a.json.gz'),
        j('data', 'logs', 'AWSLogs', 'o-abc', '444455556666', 'CloudTrail', 'eu-west-1', '2026', '11', '21', 'b.json.gz'),
        j('data', 'logs', 'old', 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2025', '01', '01', 'c.json.gz'),
        j('tmp', 'export', 'one.json'),
        j('data', 'logs2', 'AWSLogs', '1', 'x.json.gz'),
      ]),
    ).toEqual([j('data', 'logs'), j('data', 'logs2'), j('tmp', 'export')]);
  });

  it('a trail synced without its AWSLogs folder is one input, from the folder above its accounts', () => {
    const j = (...p: string[]) => path.join(path.sep, ...p);
    // As `aws s3 sync s3://<bucket>/AWSLogs ./logs` lays it out: 2 accounts × 3 regions × 400 days.
    const files: string[] = [];
    for (const acct of ['111122223333', '444455556666'])
      for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1'])
        for (let d = 0; d < 400; d++) {
          const day = new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10).split('-');
          files.push(j('srv', 'logs', acct, 'CloudTrail', region, ...day, `${acct}_CloudTrail_${region}_x.json.gz`));
        }
    // Beside it: a folder whose name only begins like the trail's, and one inside another.
    files.push(j('srv', 'logs-old', 'a.json'), j('srv', 'logs-old', 'deeper', 'b.json'));
    expect(reloadRoots(files)).toEqual([j('srv', 'logs'), j('srv', 'logs-old')]);
  });
});

/**
 * An upgrade that changes the store's format drops its events (they were derived differently); the
 * files they came from are read again by the next ingest or start, not left for the user to find.
 */
describe('after a store format change', () => {
  const env = process.env.KEYTRAIL_DB;
  afterEach(() => {
    process.env.KEYTRAIL_DB = env;
  });

  async function olderFormat(dbPath: string, sample = false): Promise<void> {
    const db = await Database.open(dbPath);
    if (sample) await setSampleStore(db, true);
    await db.withConnection((c) => c.run(`UPDATE keytrail_meta SET v = '4' WHERE k = 'schema_version'`));
    db.close();
  }
  const quietly = async <T>(fn: () => Promise<T>): Promise<T> => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      return await fn();
    } finally {
      warn.mockRestore();
      err.mockRestore();
    }
  };

  it('the next ingest reads the files the store held again, with its own inputs', async () => {
    const logs = tempDir();
    writeTrailFile(logs, 'a', [kmsRecord({ eventID: 'a1' }), kmsRecord({ eventID: 'a2' })]);
    const other = tempDir();
    writeTrailFile(other, 'b', [kmsRecord({ eventID: 'b1' })]);
    process.env.KEYTRAIL_DB = path.join(tempDir(), 'k.duckdb');
    await runIngestCli([logs], { quiet: true });
    await olderFormat(process.env.KEYTRAIL_DB);

    // A new folder given now: read along with the old one, each file once.
    const s = await quietly(() => runIngestCli([other, logs], { quiet: true }));
    expect([s.eventsAdded, s.storeEvents, s.errors]).toEqual([3, 3, []]);
    const db = await Database.open(process.env.KEYTRAIL_DB);
    try {
      expect(await pendingReload(db)).toBeNull();
    } finally {
      db.close();
    }
  });

  it('an ingest with no inputs (what npm start runs) reads them, and names a folder that is gone', async () => {
    const logs = tempDir();
    writeTrailFile(logs, 'a', [kmsRecord({ eventID: 'a1' })]);
    const gone = tempDir();
    writeTrailFile(gone, 'g', [kmsRecord({ eventID: 'g1' })]);
    process.env.KEYTRAIL_DB = path.join(tempDir(), 'k.duckdb');
    await runIngestCli([logs, gone], { quiet: true });
    await olderFormat(process.env.KEYTRAIL_DB);
    const { rmSync } = await import('node:fs');
    rmSync(gone, { recursive: true });

    let db = await quietly(() => Database.open(process.env.KEYTRAIL_DB!));
    expect(await pendingReload(db)).toEqual({ roots: [logs], missing: [gone] });
    db.close();
    const s = await quietly(() => runIngestCli([]));
    expect([s.eventsAdded, s.storeEvents]).toEqual([1, 1]);
    db = await Database.open(process.env.KEYTRAIL_DB);
    expect(await pendingReload(db)).toBeNull();
    db.close();
  });

  it("keeps no list for the sample's store (npm start generates the sample again)", async () => {
    const logs = tempDir();
    writeTrailFile(logs, 'a', [kmsRecord()]);
    process.env.KEYTRAIL_DB = path.join(tempDir(), 'k.duckdb');
    await runIngestCli([logs], { quiet: true, sample: true });
    await olderFormat(process.env.KEYTRAIL_DB, true);
    const db = await quietly(() => Database.open(process.env.KEYTRAIL_DB!));
    try {
      expect(await pendingReload(db)).toBeNull();
    } finally {
      db.close();
    }
  });
});
