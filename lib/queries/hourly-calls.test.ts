import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * hourly_calls reads whole hours from the kms_key_hours rollup and its last hour, cut at `to`, from
 * the events: the counts must be those of the records themselves (counted in plain JS below), across
 * that seam and after a second ingest, with the part hour at the baseline's start left out (the
 * spike rule never scores it) and nothing from after `to`.
 */
const ACCOUNT = '111122223333';
const K1 = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-1111-4111-8111-111111111111`;
const K2 = `arn:aws:kms:us-east-1:${ACCOUNT}:key/22222222-2222-4222-8222-222222222222`;
const res = (...keys: string[]) => keys.map((k) => ({ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: k }));
const HOUR = 3_600_000;

// Not on whole hours, as the dashboard's ranges are (they end at a minute).
const window = {
  baselineFrom: new Date('2026-11-19T09:20:00Z'),
  from: new Date('2026-11-20T00:00:00Z'),
  to: new Date('2026-11-20T12:30:00Z'),
};

interface Call {
  at: string;
  /** The keys it counts under: a ReEncrypt's source and destination. */
  keys: string[];
  failed?: boolean;
  /** An IAM user of that name made it, instead of the fixtures' AppRole. */
  role?: string;
}
const call = (c: Call) =>
  kmsRecord({
    ...(c.role ? { userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/${c.role}`, accountId: ACCOUNT } } : {}),
    eventName: c.keys.length > 1 ? 'ReEncrypt' : 'Decrypt',
    eventTime: c.at,
    requestParameters: c.keys.length > 1 ? { destinationKeyId: c.keys[1] } : { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: res(...c.keys),
    ...(c.failed ? { errorCode: 'AccessDenied', errorMessage: 'no' } : {}),
  });

const FIRST: Call[] = [
  { at: '2026-11-19T09:10:00Z', keys: [K1] }, // before the baseline
  { at: '2026-11-19T09:40:00Z', keys: [K1] }, // the baseline's first, part hour
  { at: '2026-11-19T10:05:00Z', keys: [K1] },
  { at: '2026-11-19T10:06:00Z', keys: [K1], failed: true },
  { at: '2026-11-20T11:59:59Z', keys: [K1] },
  { at: '2026-11-20T12:10:00Z', keys: [K1, K2] }, // the last hour: from the events
  { at: '2026-11-20T12:29:59Z', keys: [K2] },
  { at: '2026-11-20T12:30:00Z', keys: [K2] }, // at `to`: after the range
];
const SECOND: Call[] = [
  { at: '2026-11-20T11:30:00Z', keys: [K1] },
  { at: '2026-11-20T12:20:00Z', keys: [K1], failed: true },
];

/** Plain JS: per key and whole UTC hour, from the first hour that starts at the baseline or later to `to`. */
function expected(calls: Call[]) {
  const start = Math.ceil(window.baselineFrom.getTime() / HOUR) * HOUR;
  const out = new Map<string, { keyArn: string; hour: string; calls: number; failed: number }>();
  for (const c of calls) {
    const t = Date.parse(c.at);
    if (t < start || t >= window.to.getTime()) continue;
    const hour = new Date(Math.floor(t / HOUR) * HOUR).toISOString();
    for (const keyArn of c.keys) {
      const row = out.get(`${keyArn} ${hour}`) ?? { keyArn, hour, calls: 0, failed: 0 };
      if (c.failed) row.failed++;
      else row.calls++;
      out.set(`${keyArn} ${hour}`, row);
    }
  }
  return [...out.values()].sort((a, b) => a.keyArn.localeCompare(b.keyArn) || a.hour.localeCompare(b.hour));
}

const storeWith = storesPerTest();

describe('hourly_calls', () => {
  it('counts each key’s calls per hour across the rollup and the last hour, after each ingest', async () => {
    const store = await storeWith(FIRST.map(call));
    const rows = async () => (await runQuery(store.engine, Q.hourlyCalls, window)).rows;
    expect(await rows()).toEqual(expected(FIRST));
    // By hand, as a check on the count above: K1 10:00 (1, 1 failed), 11:00 (1), 12:00 (1); K2 12:00 (2).
    expect((await rows()).map((r) => [r.keyArn === K1 ? 'K1' : 'K2', r.hour.slice(11, 13), r.calls, r.failed])).toEqual([
      ['K1', '10', 1, 1],
      ['K1', '11', 1, 0],
      ['K1', '12', 1, 0],
      ['K2', '12', 2, 0],
    ]);

    // A second ingest into the same store: the rollup is rebuilt with the new calls.
    const root = tempDir();
    writeTrailFile(root, 'second', SECOND.map(call));
    await ingestPaths(store.db, [root]);
    expect(await rows()).toEqual(expected([...FIRST, ...SECOND]));
  });

  it('reads only whole hours when the range ends on one', async () => {
    const store = await storeWith(FIRST.map(call));
    const to = new Date('2026-11-20T12:00:00Z');
    const rows = (await runQuery(store.engine, Q.hourlyCalls, { ...window, to })).rows;
    expect(rows.map((r) => r.hour.slice(11, 13))).toEqual(['10', '11']);
  });
});

describe('new_principals over the same seam', () => {
  it('counts a new caller’s calls up to `to` exactly, its last hour from the events; one seen in the baseline is not new', async () => {
    const calls: Call[] = [
      ...FIRST,
      { at: '2026-11-20T10:15:00Z', keys: [K2], role: 'new-bot' },
      { at: '2026-11-20T12:05:00Z', keys: [K2], role: 'new-bot' },
      { at: '2026-11-20T12:29:00Z', keys: [K1, K2], role: 'new-bot' },
      { at: '2026-11-20T12:45:00Z', keys: [K2], role: 'new-bot' }, // after `to`
      { at: '2026-11-19T18:00:00Z', keys: [K1], role: 'old-bot' }, // in the baseline
      { at: '2026-11-20T12:10:00Z', keys: [K1], role: 'old-bot' },
    ];
    const store = await storeWith(calls.map(call));
    const rows = (await runQuery(store.engine, Q.newPrincipals, window)).rows;
    // By hand: new-bot on K2 3 calls 10:15–12:29 and on K1 one (the ReEncrypt); AppRole's and old-bot's
    // first calls were in the baseline (K2's AppRole call at 12:10 is new on K2).
    expect(rows.map((r) => [r.keyArn === K1 ? 'K1' : 'K2', r.principal.split(/[:/]/).pop(), r.calls, r.firstSeen, r.lastSeen])).toEqual([
      ['K2', 'new-bot', 3, '2026-11-20T10:15:00.000Z', '2026-11-20T12:29:00.000Z'],
      ['K2', 'AppRole', 2, '2026-11-20T12:10:00.000Z', '2026-11-20T12:29:59.000Z'],
      ['K1', 'new-bot', 1, '2026-11-20T12:29:00.000Z', '2026-11-20T12:29:00.000Z'],
    ]);
  });
});
