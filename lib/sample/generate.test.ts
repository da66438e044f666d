import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleTrail, type SampleSummary } from './generate';
import { listFiles, readTrail, unique, tempDirs, type LogFile, type Rec, type Trail } from './read-trail';
import { ACCOUNTS, ORG_ID, TRAIL_NAME } from './scenario';

/**
 * The sample trail's files, layout and counts, checked by reading them back with plain
 * zlib + JSON.parse (read-trail.ts), never with the generator's own code.
 * The planted scenarios are checked in scenario.test.ts.
 */
const NOW = new Date('2026-11-28T17:30:00Z');
const OPTS = { now: NOW, days: 30, events: 6000 } as const;
const dirs = tempDirs();
afterAll(dirs.cleanup);

let dir: string;
let summary: SampleSummary;
let logs: LogFile[];
let digests: Trail['digests'];
let recs: Rec[];
let kms: Rec[];

beforeAll(async () => {
  dir = dirs.make();
  summary = await generateSampleTrail({ outDir: dir, ...OPTS });
  ({ logs, digests, recs, kms } = readTrail(dir));
});

describe('layout and format', () => {
  it('names and places files as an organization trail does', () => {
    expect(logs.length).toBeGreaterThan(100);
    for (const l of logs) {
      const m = l.rel.match(
        /^AWSLogs\/(o-[a-z0-9]{10,32})\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\2_CloudTrail_\3_(\d{8})T(\d{4})Z_[A-Za-z0-9]{16}\.json\.gz$/,
      );
      expect(m, l.rel).toBeTruthy();
      expect(m![1]).toBe(ORG_ID);
      expect(m![7]).toBe(m![4] + m![5] + m![6]);
      // Delivered after its events: the name's minute is not before the newest event's.
      const named = `${m![7].slice(0, 4)}-${m![7].slice(4, 6)}-${m![7].slice(6, 8)}T${m![8].slice(0, 2)}:${m![8].slice(2)}`;
      const newest = l.records
        .map((r) => r.eventTime)
        .sort()
        .pop()!;
      expect(named >= newest.slice(0, 16), l.rel).toBe(true);
      for (const r of l.records) {
        expect(r.recipientAccountId).toBe(m![2]);
        expect(r.awsRegion).toBe(m![3]);
      }
    }
  });

  it('each log file is minified {"Records":[...]}', () => {
    for (const l of logs) {
      expect(l.text.startsWith('{"Records":[{')).toBe(true);
      expect(Object.keys(JSON.parse(l.text) as object)).toEqual(['Records']);
      expect(l.text).not.toMatch(/\n/);
    }
  });

  it('writes chained digest files with no Records, listing real log files and their hashes', () => {
    expect(digests.length).toBe(summary.digestFiles);
    expect(digests.length).toBeGreaterThanOrEqual(3);
    const byRel = new Map(logs.map((l) => [l.rel, l]));
    let listed = 0;
    for (const d of digests) {
      expect(d.rel).toMatch(
        /^AWSLogs\/o-[a-z0-9]+\/(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail-Digest_\2_[A-Za-z0-9-]+_\2_\d{8}T\d{6}Z\.json\.gz$/,
      );
      expect(d.rel).toContain(`_${TRAIL_NAME}_`);
      expect(d.body.Records).toBeUndefined();
      expect(d.body.awsAccountId).toMatch(/^\d{12}$/);
      expect(d.body.digestStartTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(d.body.digestS3Object).toBe(d.rel);
      for (const f of d.body.logFiles as { s3Object: string; hashValue: string }[]) {
        const log = byRel.get(f.s3Object);
        expect(log, f.s3Object).toBeTruthy();
        expect(f.hashValue).toBe(createHash('sha256').update(log!.text).digest('hex'));
        listed++;
      }
    }
    expect(listed).toBeGreaterThan(0);
    // Chained: later digests name the previous one by path and hash.
    const chained = digests.filter((d) => d.body.previousDigestS3Object);
    expect(chained.length).toBeGreaterThan(0);
    const digestByRel = new Map(digests.map((d) => [d.rel, d]));
    for (const d of chained)
      expect(
        createHash('sha256')
          .update(digestByRel.get(d.body.previousDigestS3Object as string)!.text)
          .digest('hex'),
      ).toBe(d.body.previousDigestHashValue);
  });

  it('every record is shaped like CloudTrail’s, keys in CloudTrail’s order', () => {
    const order = [
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'errorCode',
      'errorMessage',
      'requestParameters',
      'responseElements',
      'additionalEventData',
      'requestID',
      'eventID',
      'readOnly',
      'resources',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'sharedEventID',
      'serviceEventDetails',
      'eventCategory',
      'tlsDetails',
      'sessionCredentialFromConsole',
    ];
    for (const r of recs) {
      const keys = Object.keys(r);
      const idx = keys.map((k) => order.indexOf(k));
      expect(
        idx.every((i) => i >= 0),
        keys.join(),
      ).toBe(true);
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
      expect(['1.08', '1.09']).toContain(r.eventVersion);
      expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.eventTime >= summary.from.slice(0, 19) && r.eventTime < summary.to.slice(0, 19)).toBe(true);
      expect(r.managementEvent === (r.eventCategory === 'Management')).toBe(true);
      for (const x of r.resources ?? [])
        expect(Object.keys(x).sort()).toEqual(x.accountId ? ['ARN', 'accountId', 'type'] : ['ARN', 'type']);
    }
    for (const r of kms) {
      expect(r.eventType === 'AwsServiceEvent' ? r.requestID : r.requestID?.length).toBe(
        r.eventType === 'AwsServiceEvent' ? undefined : 36,
      );
      if (!r.errorCode && r.resources) for (const x of r.resources) expect(x.type).toBe('AWS::KMS::Key');
    }
    expect(unique(kms.map((r) => r.eventVersion)).sort()).toEqual(['1.08', '1.09']);
  });
});

describe('counts', () => {
  it('the summary matches what is on disk', () => {
    const ids = unique(recs.map((r) => r.eventID));
    expect(summary.files).toBe(logs.length);
    expect(summary.events).toBe(ids.length);
    expect(summary.kmsEvents).toBe(unique(recs.filter((r) => r.eventSource === 'kms.amazonaws.com').map((r) => r.eventID)).length);
    expect(summary.kmsEvents).toBe(kms.length);
    expect(summary.duplicateDeliveries).toBe(recs.length - ids.length);
    expect(summary.accounts).toEqual(unique(recs.map((r) => r.recipientAccountId)).sort());
    expect(summary.regions).toEqual(unique(recs.map((r) => r.awsRegion)).sort());
    expect(summary.accounts).toEqual(Object.values(ACCOUNTS).sort());
    expect(summary.regions.length).toBeGreaterThanOrEqual(2);
    expect(summary.to).toBe('2026-11-28T17:00:00.000Z');
    expect(summary.from).toBe('2026-10-29T17:00:00.000Z');
  });

  it('delivers some records twice, byte for byte, in another file', () => {
    const where = new Map<string, { file: string; raw: string }[]>();
    for (const l of logs)
      l.records.forEach((r, i) => where.set(r.eventID, [...(where.get(r.eventID) ?? []), { file: l.rel, raw: l.raw[i] }]));
    const dups = [...where.values()].filter((v) => v.length > 1);
    expect(dups.length).toBeGreaterThan(5);
    expect(dups.length).toBeLessThan(recs.length * 0.02);
    for (const d of dups) {
      expect(unique(d.map((x) => x.raw))).toHaveLength(1);
      expect(unique(d.map((x) => x.file)).length).toBe(d.length);
      // Byte for byte in the files themselves, too.
      for (const x of d) expect(logs.find((l) => l.rel === x.file)!.text).toContain(`"eventID":"${JSON.parse(x.raw).eventID}"`);
    }
  });

  it('mixes in other services (10–20% of records), which ingest skips', () => {
    const others = recs.filter((r) => r.eventSource !== 'kms.amazonaws.com');
    expect(others.length / recs.length).toBeGreaterThan(0.1);
    expect(others.length / recs.length).toBeLessThan(0.2);
    expect(unique(others.map((r) => `${r.eventSource} ${r.eventName}`)).sort()).toEqual([
      'ec2.amazonaws.com DescribeInstances',
      's3.amazonaws.com GetObject',
      'sts.amazonaws.com AssumeRole',
    ]);
    expect(others.some((r) => r.eventCategory === 'Data' && !r.managementEvent)).toBe(true);
  });

  it('is near the requested size, and crypto operations dominate', () => {
    expect(summary.kmsEvents).toBeGreaterThan(OPTS.events * 0.9);
    expect(summary.kmsEvents).toBeLessThan(OPTS.events * 1.15);
    const crypto = kms.filter((r) =>
      ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt'].includes(r.eventName),
    );
    expect(crypto.length / kms.length).toBeGreaterThan(0.75);
    for (const n of ['DescribeKey', 'ListAliases', 'GetKeyPolicy']) expect(kms.some((r) => r.eventName === n)).toBe(true);
  });
});

describe('determinism', () => {
  it('the same seed and time give byte-identical files; another seed does not', async () => {
    const again = dirs.make();
    const s2 = await generateSampleTrail({ outDir: again, ...OPTS });
    expect(s2).toEqual(summary);
    const a = listFiles(dir)
      .map((f) => path.relative(dir, f))
      .sort();
    const b = listFiles(again)
      .map((f) => path.relative(again, f))
      .sort();
    expect(b).toEqual(a);
    for (const f of a) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(dir, f))), f).toBe(true);

    const other = dirs.make();
    await generateSampleTrail({ outDir: other, ...OPTS, seed: 7 });
    const c = listFiles(other)
      .map((f) => path.relative(other, f))
      .sort();
    expect(c).not.toEqual(a);
    // No event id in common, planted scenarios included: a second sample ingested beside the first
    // (the load test's) must add all of its events, none dropped as a duplicate delivery.
    const ids = (d: string) => new Set(readTrail(d).kms.map((r) => r.eventID));
    const mine = ids(dir);
    expect([...ids(other)].filter((id) => mine.has(id))).toEqual([]);
  });

  it('scales: a dense day streams window by window with the volume asked for', async () => {
    const big = dirs.make();
    const s = await generateSampleTrail({ outDir: big, now: NOW, days: 1, events: 60_000, seed: 3 });
    expect(s.kmsEvents).toBeGreaterThan(57_000);
    expect(s.kmsEvents).toBeLessThan(64_000);
    // One file per account, region and 5-minute window (plus re-deliveries).
    expect(s.files).toBeLessThanOrEqual(7 * 288 + s.duplicateDeliveries);
    expect(s.files).toBeGreaterThan(5 * 288);
  });
});
