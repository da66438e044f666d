import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readRawRecord } from '../engines/duckdb/raw-record';
import { ingestPaths } from './ingest';
import { formatSummary } from './summary';
import { kmsRecord, readAllRecords, REAL_LOGS, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

type Store = Awaited<ReturnType<typeof tempStore>>;
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

async function count(s: Store, sql: string, params: (string | number)[] = []): Promise<number> {
  return s.db.withConnection(async (c) => Number((await c.runAndReadAll(sql, params)).getRows()[0][0]));
}

describe('ingest of the real public trails', () => {
  it('stores every KMS event once and counts the rest, matching a plain-JS count', async () => {
    const records = readAllRecords(REAL_LOGS);
    const kms = records.filter((r) => r.record.eventSource === 'kms.amazonaws.com');
    const kmsIds = new Set(kms.map((r) => r.record.eventID));
    const files = new Set(records.map((r) => r.file));

    store = await tempStore();
    const s = await ingestPaths(store.db, [REAL_LOGS]);
    expect(s.errors).toEqual([]);
    expect(s.filesRead).toBe(files.size);
    expect(s.records).toBe(records.length);
    expect(s.kmsRecords).toBe(kms.length);
    expect(s.nonKmsRecords).toBe(records.length - kms.length);
    expect(s.eventsAdded).toBe(kmsIds.size);
    expect(await count(store, 'SELECT count(*) FROM kms_events')).toBe(kmsIds.size);

    // Per-key counts, from resources[] (the reliable source) in plain JS.
    const perKey = new Map<string, number>();
    for (const { record } of kms) {
      const res = (record.resources as { ARN: string }[] | undefined)?.find((x) => x.ARN.includes(':key/'));
      if (res) perKey.set(res.ARN, (perKey.get(res.ARN) ?? 0) + 1);
    }
    for (const [arn, n] of perKey) expect(await count(store, 'SELECT count(*) FROM kms_events WHERE key_arn = ?', [arn])).toBe(n);
  });

  it('remembers which file each event came from, so its record reads back byte for byte', async () => {
    store = await tempStore();
    await ingestPaths(store.db, [REAL_LOGS]);
    const kms = readAllRecords(REAL_LOGS).filter((r) => r.record.eventSource === 'kms.amazonaws.com');
    for (const sample of [kms[0], kms[kms.length - 1]]) {
      const id = String(sample.record.eventID);
      const file = await store.db.withConnection(async (c) =>
        String((await c.runAndReadAll('SELECT source_file FROM kms_events WHERE eventid = ?', [id])).getRows()[0][0]),
      );
      expect(path.resolve(file)).toBe(path.resolve(sample.file));
      const raw = await readRawRecord(file, id);
      const text = zlib.gunzipSync(fs.readFileSync(sample.file)).toString('utf8');
      expect(text.includes(raw)).toBe(true);
      expect(JSON.parse(raw)).toEqual(sample.record);
    }
  });

  it('reads only new or changed files when run again', async () => {
    store = await tempStore();
    const first = await ingestPaths(store.db, [REAL_LOGS]);
    const again = await ingestPaths(store.db, [REAL_LOGS]);
    expect(again.filesRead).toBe(0);
    // Files skipped on purpose (digests, other names) are known too, and not reported again.
    const skipped = Object.values(first.skipped).reduce((a, b) => a + b, 0);
    expect(skipped).toBeGreaterThan(0);
    expect(again.filesUnchanged).toBe(first.filesRead + skipped);
    expect(again.skipped).toEqual({});
    expect(again.eventsAdded).toBe(0);
    expect(again.storeEvents).toBe(first.storeEvents);
  });
});

describe('ingest of bad and awkward inputs', () => {
  it('reports each bad file by path, skips digests, and loads every good event exactly once', async () => {
    const root = tempDir();
    const good = [kmsRecord(), kmsRecord(), kmsRecord()];
    const goodFile = writeTrailFile(root, 'good', good);
    // The same events delivered again in a second file, plus one new one.
    const extra = kmsRecord();
    writeTrailFile(root, 'redelivered', [good[0], good[1], extra]);
    // Truncated gzip.
    const trunc = writeTrailFile(root, 'truncated', [kmsRecord()]);
    fs.writeFileSync(trunc, fs.readFileSync(trunc).subarray(0, 40));
    // Invalid JSON inside a valid gzip.
    const bad = path.join(path.dirname(goodFile), 'invalid.json.gz');
    fs.writeFileSync(bad, zlib.gzipSync('{"Records":[{"eventID": tru}]}'));
    // A syntactically broken record that only the JSON parser notices, next to good files.
    const badLit = path.join(path.dirname(goodFile), 'badliteral.json');
    fs.writeFileSync(badLit, '{"Records":[{"eventID":"x","eventSource":"kms.amazonaws.com","n":01}]}');
    // Empty Records.
    writeTrailFile(root, 'empty', []);
    // A digest file, where CloudTrail puts them.
    const digestDir = path.join(root, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', '2026', '11', '20');
    fs.mkdirSync(digestDir, { recursive: true });
    fs.writeFileSync(
      path.join(digestDir, '111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261120T120000Z.json.gz'),
      zlib.gzipSync(JSON.stringify({ awsAccountId: '111122223333', digestStartTime: '2026-11-20T11:00:00Z', logFiles: [] })),
    );
    // An Insights file: its records name kms.amazonaws.com inside insightDetails, and are no calls.
    const insightDir = path.join(root, 'AWSLogs', '111122223333', 'CloudTrail-Insight', 'us-east-1', '2026', '11', '20');
    fs.mkdirSync(insightDir, { recursive: true });
    fs.writeFileSync(
      path.join(insightDir, '111122223333_CloudTrail-Insight_us-east-1_20261120T1205Z_abc.json.gz'),
      zlib.gzipSync(
        JSON.stringify({
          Records: [
            {
              eventVersion: '1.07',
              eventTime: '2026-11-20T12:00:00Z',
              awsRegion: 'us-east-1',
              eventID: 'insight-1',
              eventType: 'AwsCloudTrailInsight',
              recipientAccountId: '111122223333',
              sharedEventID: 'insight-s1',
              insightDetails: { state: 'Start', eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', insightType: 'ApiCallRateInsight' },
              eventCategory: 'Insight',
            },
          ],
        }),
      ),
    );
    // Not a log file at all, and JSON that is not CloudTrail.
    fs.writeFileSync(path.join(root, 'notes.txt'), 'hello');
    fs.writeFileSync(path.join(root, 'other.json'), '{"hello":"world"}');
    // Unexpected and missing fields: no eventID, userIdentity of the wrong type, unknown fields.
    const odd = { ...kmsRecord({ userIdentity: 'not-an-object', brandNewField: { x: [1, 2] } }) };
    delete odd.eventID;
    writeTrailFile(root, 'odd', [odd, kmsRecord({ resources: 'nope', eventTime: 'garbage' })]);

    store = await tempStore();
    const s = await ingestPaths(store.db, [root]);
    const errs = Object.fromEntries(s.errors.map((e) => [path.basename(e.path), e.reason]));
    expect(Object.keys(errs).sort()).toEqual([path.basename(trunc), 'badliteral.json', 'invalid.json.gz'].sort());
    expect(errs[path.basename(trunc)]).toMatch(/gzip/);
    expect(errs['invalid.json.gz']).toMatch(/invalid JSON|truncated|literal/);
    expect(s.skipped['CloudTrail digest file']).toBe(1);
    expect(s.skipped['CloudTrail Insights file']).toBe(1);
    // The odd record with eventTime "garbage": stored, and said to have no readable time.
    expect(s.untimedRecords).toBe(1);
    expect(s.skipped['not a .json or .json.gz file']).toBe(1);
    expect(s.skipped['not a CloudTrail log file']).toBe(1);
    // 3 good + 1 extra + 2 odd; 2 re-delivered copies dropped.
    expect(s.eventsAdded).toBe(6);
    expect(s.duplicatesDropped).toBe(2);
    expect(await count(store, 'SELECT count(*) FROM kms_events')).toBe(6);
    expect(await count(store, `SELECT count(*) FROM kms_events WHERE eventid LIKE 'sha256:%'`)).toBe(1);
    // The record without an eventID reads back too, found by the hash of its text.
    const [shaId, shaFile] = await store.db.withConnection(
      async (c) => (await c.runAndReadAll(`SELECT eventid, source_file FROM kms_events WHERE eventid LIKE 'sha256:%'`)).getRowsJS()[0],
    );
    expect(JSON.parse(await readRawRecord(String(shaFile), String(shaId)))).toEqual(odd);

    // Run again over the same folder: the skipped files are known now (digest, Insights and
    // notes.txt by name, other.json by content), so only the 3 broken files are tried and reported again.
    const again = await ingestPaths(store.db, [root]);
    expect(again.skipped).toEqual({});
    expect(again.errors.map((e) => path.basename(e.path)).sort()).toEqual(Object.keys(errs).sort());
    expect(again.filesUnchanged).toBe(s.filesFound - 3);
    expect(again.eventsAdded).toBe(0);
  });

  it("stores a VPC endpoint's denial but not its copy of a call already logged, and says so", async () => {
    // Network activity logging: the call through the endpoint (a management event with
    // vpcEndpointId), the endpoint's copy of it, and a call the endpoint policy denied,
    // which only the endpoint logs (CloudTrail network activity events, eventType AwsVpceEvent).
    const vpce = { vpcEndpointId: 'vpce-0a1b2c3d4e5f', vpcEndpointAccountId: '111122223333' };
    const copyOf = { eventType: 'AwsVpceEvent', eventCategory: 'NetworkActivity', managementEvent: undefined, ...vpce };
    const call = kmsRecord({ eventID: 'call-through-endpoint', ...vpce });
    const copy = kmsRecord({ ...copyOf, eventID: 'endpoint-copy', requestID: call.requestID, requestParameters: null });
    const denied = kmsRecord({
      ...copyOf,
      eventID: 'endpoint-denied',
      errorCode: 'VpceAccessDenied',
      errorMessage: 'The request was denied due to a VPC endpoint policy',
      requestParameters: null,
      resources: undefined,
    });
    // A call KMS itself refused is logged by KMS; the endpoint's copy repeats that error.
    const refused = kmsRecord({ eventID: 'refused-by-kms', ...vpce, errorCode: 'AccessDeniedException' });
    const refusedCopy = kmsRecord({ ...copyOf, eventID: 'refused-copy', errorCode: 'AccessDeniedException', requestParameters: null });
    const root = tempDir();
    writeTrailFile(root, 'vpce', [call, copy, denied, refused, refusedCopy]);
    store = await tempStore();
    const s = await ingestPaths(store.db, [root]);
    expect([s.kmsRecords, s.eventsAdded, s.duplicatesDropped, s.copiesSkipped]).toEqual([5, 3, 0, 2]);
    expect(formatSummary(s)).toContain('2 copies of calls counted once skipped (VPC endpoint, cross-account)');
    const rows = await store.db.withConnection(async (c) =>
      (await c.runAndReadAll('SELECT eventid, error_class FROM kms_events ORDER BY eventid')).getRowsJS(),
    );
    expect(rows).toEqual([
      ['call-through-endpoint', null],
      ['endpoint-denied', 'access-denied'],
      ['refused-by-kms', 'access-denied'],
    ]);
  });

  it("loads a file's other records when DuckDB cannot read one, repairing a lone surrogate a caller wrote", async () => {
    // A caller's encryption context with a lone surrogate escape: valid to JSON.parse, rejected by
    // DuckDB's parser. And a record with an escape JSON has no such thing as (\x): no repair.
    const root = tempDir();
    const file = path.join(path.dirname(writeTrailFile(root, 'good', [kmsRecord({ eventID: 'ok-0' })])), 'mixed.json');
    const lone = String.raw`{"eventID":"lone-1","eventSource":"kms.amazonaws.com","eventName":"Decrypt","eventTime":"2026-11-20T12:00:00Z","awsRegion":"us-east-1","requestParameters":{"encryptionContext":{"app":"x\ud800y"}}}`;
    const broken = String.raw`{"eventID":"bad-2","eventSource":"kms.amazonaws.com","userAgent":"a\xb"}`;
    const good = JSON.stringify(kmsRecord({ eventID: 'ok-3' }));
    fs.writeFileSync(file, `{"Records":[${[lone, broken, good].join(',')}]}`);
    store = await tempStore();
    const s = await ingestPaths(store.db, [root]);
    const rows = await store.db.withConnection(async (c) =>
      (await c.runAndReadAll('SELECT eventid, encryption_context FROM kms_events ORDER BY eventid')).getRowsJS(),
    );
    expect(rows).toEqual([
      ['lone-1', '{"app":"x\ufffdy"}'],
      ['ok-0', null],
      ['ok-3', null],
    ]);
    expect(s.errors).toEqual([
      {
        path: file,
        reason: expect.stringMatching(
          /^record 2 of the file could not be parsed and is not stored \(.+\); the file's other records were loaded$/,
        ),
      },
    ]);
    expect([s.filesRead, s.records, s.kmsRecords, s.eventsAdded]).toEqual([2, 4, 3, 3]);
    // The event page shows the record as the file has it, lone surrogate and all.
    expect(await readRawRecord(file, 'lone-1')).toBe(lone);
    // Recorded as read: the bad record is not retried (it would fail the same way).
    const again = await ingestPaths(store.db, [root]);
    expect([again.filesRead, again.errors.length]).toEqual([0, 0]);
  });

  describe("CloudTrail's corrected record of a call (addendum UPDATED_DATA) replaces the original", () => {
    // The original is delivered first; CloudTrail later delivers the same call again, under a new
    // eventID, naming the one it replaces. One call either way: only the correction is kept.
    const original = () => kmsRecord({ eventID: 'orig-1', requestID: 'req-1', eventName: 'GenerateDataKey' });
    const correction = () =>
      kmsRecord({
        eventID: 'corr-1',
        requestID: 'req-1',
        eventName: 'GenerateDataKey',
        addendum: { reason: 'UPDATED_DATA', updatedFields: 'responseElements', originalRequestID: 'req-1', originalEventID: 'orig-1' },
      });
    // A late delivery (DELIVERY_DELAY) names no original: it is a call of its own.
    const delayed = () => kmsRecord({ eventID: 'late-1', addendum: { reason: 'DELIVERY_DELAY' } });
    const stored = async (s: Store) =>
      s.db.withConnection(async (c) =>
        (await c.runAndReadAll('SELECT eventid FROM kms_events ORDER BY eventid')).getRowsJS().map((r) => r[0]),
      );

    it.each([
      ['in one batch', {}],
      ['in separate batches of one run', { batchFiles: 1 }],
    ])('%s', async (_, opts) => {
      const root = tempDir();
      writeTrailFile(root, 'a', [original(), delayed()]);
      writeTrailFile(root, 'b', [correction()]);
      store = await tempStore();
      const s = await ingestPaths(store.db, [root], opts);
      expect(await stored(store)).toEqual(['corr-1', 'late-1']);
      expect([s.kmsRecords, s.eventsAdded, s.replacedByCorrections, s.duplicatesDropped, s.copiesSkipped]).toEqual([3, 2, 1, 0, 0]);
      expect(formatSummary(s)).toContain("1 replaced by CloudTrail's corrected record");
    });

    it('when the correction comes in a later run', async () => {
      const root = tempDir();
      writeTrailFile(root, 'a', [original()]);
      store = await tempStore();
      await ingestPaths(store.db, [root]);
      writeTrailFile(root, 'b', [correction()]);
      const s = await ingestPaths(store.db, [root]);
      expect(await stored(store)).toEqual(['corr-1']);
      // Net: the correction in, the original out.
      expect([s.eventsAdded, s.replacedByCorrections, s.storeEvents]).toEqual([0, 1, 1]);
    });

    it('when the correction comes first (a folder synced out of order), and on a re-delivery of the original', async () => {
      const root = tempDir();
      writeTrailFile(root, 'b', [correction()]);
      store = await tempStore();
      await ingestPaths(store.db, [root]);
      writeTrailFile(root, 'a', [original()]);
      writeTrailFile(root, 'a2', [original()]);
      const s = await ingestPaths(store.db, [root]);
      expect(await stored(store)).toEqual(['corr-1']);
      // One copy of the original is a re-delivery of the other.
      expect([s.eventsAdded, s.replacedByCorrections, s.duplicatesDropped, s.storeEvents]).toEqual([0, 1, 1, 1]);
    });
  });

  it('loads a 30 MB delivery file', async () => {
    const root = tempDir();
    const records = Array.from({ length: 20_000 }, () => kmsRecord({ userAgent: 'x'.repeat(1200) }));
    const f = writeTrailFile(root, 'big', records, { gzip: false });
    expect(fs.statSync(f).size).toBeGreaterThan(30_000_000);
    store = await tempStore();
    const s = await ingestPaths(store.db, [root]);
    expect(s.errors).toEqual([]);
    expect(s.eventsAdded).toBe(20_000);
  });

  it('drops later re-deliveries whether or not every record has a readable time (the bounded and the unbounded check)', async () => {
    const root = tempDir();
    const garbage = kmsRecord({ eventTime: 'garbage' });
    const early = kmsRecord({ eventTime: '2026-11-01T00:00:00Z' });
    const late = kmsRecord({ eventTime: '2026-11-30T00:00:00Z' });
    writeTrailFile(root, 'a', [garbage, early, late]);
    store = await tempStore();
    await ingestPaths(store.db, [root]);
    // Re-delivered later, in other files: one batch with an unreadable time, one with readable times only.
    writeTrailFile(root, 'b', [garbage, kmsRecord()]);
    const s1 = await ingestPaths(store.db, [root]);
    writeTrailFile(root, 'c', [early, late, kmsRecord()]);
    const s2 = await ingestPaths(store.db, [root]);
    expect([s1.eventsAdded, s1.duplicatesDropped, s2.eventsAdded, s2.duplicatesDropped]).toEqual([1, 1, 1, 2]);
    // The unreadable time's re-delivery was dropped, not stored: it is not counted as stored again.
    expect(s1.untimedRecords).toBe(0);
    expect(await count(store, 'SELECT count(*) FROM kms_events')).toBe(5);
  });

  it('adds nothing twice when a killed run is repeated (files are recorded in the same transaction as their events)', async () => {
    const root = tempDir();
    for (let i = 0; i < 5; i++) writeTrailFile(root, `f${i}`, [kmsRecord(), kmsRecord()]);
    store = await tempStore();
    await ingestPaths(store.db, [root], { batchFiles: 2 });
    // Simulate a run that died after its events were stored but before anything else: forget the files.
    await store.db.withConnection((c) => c.run('DELETE FROM ingested_files'));
    const again = await ingestPaths(store.db, [root], { batchFiles: 2 });
    expect(again.eventsAdded).toBe(0);
    expect(again.duplicatesDropped).toBe(10);
    expect(await count(store, 'SELECT count(*) FROM kms_events')).toBe(10);
  });

  it('with a walk memo (the KEYTRAIL_LOGS watcher), skips the stat of folders read in full, and still reads what is new or failed', async () => {
    const root = tempDir();
    const good = writeTrailFile(root, 'good', [kmsRecord(), kmsRecord()]);
    const bad = writeTrailFile(root, 'bad', [kmsRecord()], { account: '444455556666' });
    fs.writeFileSync(bad, fs.readFileSync(bad).subarray(0, 30));
    // Folders changed in the last seconds are never vouched for: age them all.
    const age = (p: string): void => {
      for (let d = path.dirname(p); d.startsWith(root); d = path.dirname(d)) fs.utimesSync(d, new Date(1e12), new Date(1e12));
    };
    age(good);
    age(bad);
    store = await tempStore();
    const memo = new Map<string, number>();
    const first = await ingestPaths(store.db, [root], { walkMemo: memo });
    expect(first.eventsAdded).toBe(2);
    expect(first.errors).toHaveLength(1);
    expect(memo.has(path.dirname(good))).toBe(true);
    // The folder with the unreadable file is not vouched for, so the file is tried again.
    expect(memo.has(path.dirname(bad))).toBe(false);

    const again = await ingestPaths(store.db, [root], { walkMemo: memo });
    expect([again.filesFound, again.filesUnchanged, again.filesRead, again.errors.length]).toEqual([2, 1, 0, 1]);

    // The files of a vouched folder are not even stat'ed: one rewritten in place (its folder's time
    // put back) goes unseen with the memo, and is read again by a walk without it (the hourly full walk).
    const dayTime = fs.statSync(path.dirname(good)).mtime;
    fs.writeFileSync(good, zlib.gzipSync(JSON.stringify({ Records: [kmsRecord()] })));
    fs.utimesSync(path.dirname(good), dayTime, dayTime);
    expect((await ingestPaths(store.db, [root], { walkMemo: memo })).filesRead).toBe(0);
    expect((await ingestPaths(store.db, [root])).filesRead).toBe(1);

    // A file arriving in a vouched folder changes the folder's time: it is read.
    writeTrailFile(root, 'late', [kmsRecord()]);
    const later = await ingestPaths(store.db, [root], { walkMemo: memo });
    expect([later.filesRead, later.eventsAdded]).toEqual([1, 1]);
  });
});
