import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/** top_source_ips: where a key's or a principal's calls came from. Counted by hand from the records below. */
const storeWith = storesPerTest();
const A = '111122223333';
const arn = (c: string) => `arn:aws:kms:us-east-1:${A}:key/${c.repeat(8)}-1111-4111-8111-111111111111`;
const [K1, K2] = [arn('a'), arn('b')];
const res = (...keys: string[]) => keys.map((k) => ({ accountId: A, type: 'AWS::KMS::Key', ARN: k }));
const user = (name: string) => ({ type: 'IAMUser', arn: `arn:aws:iam::${A}:user/${name}`, accountId: A, principalId: `AIDA${name}` });
const at = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00Z`;
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

const records = [
  // K1 from 198.51.100.7: alice twice (one denied), bob once.
  kmsRecord({ eventTime: at(1), resources: res(K1), sourceIPAddress: '198.51.100.7', userIdentity: user('alice') }),
  kmsRecord({ eventTime: at(2), resources: res(K1), sourceIPAddress: '198.51.100.7', userIdentity: user('alice'), errorCode: 'AccessDenied' }),
  kmsRecord({ eventTime: at(3), resources: res(K1), sourceIPAddress: '198.51.100.7', userIdentity: user('bob') }),
  // K1 through S3 for alice; K2 from an IPv6 address for bob.
  kmsRecord({ eventTime: at(4), resources: res(K1), sourceIPAddress: 's3.amazonaws.com', userIdentity: user('alice') }),
  kmsRecord({ eventTime: at(5), resources: res(K2), sourceIPAddress: '2001:db8::1', userIdentity: user('bob') }),
  // From K2 into K1 (a ReEncrypt counts under both keys), from 203.0.113.9.
  kmsRecord({ eventName: 'ReEncrypt', eventTime: at(6), resources: res(K2, K1), sourceIPAddress: '203.0.113.9', userIdentity: user('carol') }),
  // The next day: outside the range.
  kmsRecord({ eventTime: '2026-11-21T01:00:00Z', resources: res(K1), sourceIPAddress: '192.0.2.1', userIdentity: user('alice') }),
];

describe('top_source_ips', () => {
  it("a key's sources, busiest first, with their principals and times; a ReEncrypt counts under both keys", async () => {
    const store = await storeWith(records);
    const run = (p: { keyArn?: string | null; principal?: string | null }, limit = 50) =>
      runQuery(store.engine, Q.topSourceIps, { ...window, keyArn: p.keyArn ?? null, principal: p.principal ?? null, limit });
    expect((await run({ keyArn: K1 })).rows).toEqual([
      { sourceIp: '198.51.100.7', calls: 3, errors: 1, principals: 2, firstSeen: '2026-11-20T01:00:00.000Z', lastSeen: '2026-11-20T03:00:00.000Z', sourcesInAll: 3 },
      { sourceIp: '203.0.113.9', calls: 1, errors: 0, principals: 1, firstSeen: '2026-11-20T06:00:00.000Z', lastSeen: '2026-11-20T06:00:00.000Z', sourcesInAll: 3 },
      { sourceIp: 's3.amazonaws.com', calls: 1, errors: 0, principals: 1, firstSeen: '2026-11-20T04:00:00.000Z', lastSeen: '2026-11-20T04:00:00.000Z', sourcesInAll: 3 },
    ]);
    // Cut by the limit, each row still says how many sources there are in all.
    expect((await run({ keyArn: K1 }, 1)).rows.map((r) => [r.sourceIp, r.sourcesInAll])).toEqual([['198.51.100.7', 3]]);
    expect((await run({ keyArn: K2 })).rows.map((r) => [r.sourceIp, r.calls])).toEqual([
      ['2001:db8::1', 1],
      ['203.0.113.9', 1],
    ]);
    // A principal's, over every key: alice's three calls, two addresses.
    expect((await run({ principal: `arn:aws:iam::${A}:user/alice` })).rows.map((r) => [r.sourceIp, r.calls, r.errors])).toEqual([
      ['198.51.100.7', 2, 1],
      ['s3.amazonaws.com', 1, 0],
    ]);
    // Both: bob on K1.
    expect((await run({ keyArn: K1, principal: `arn:aws:iam::${A}:user/bob` })).rows.map((r) => [r.sourceIp, r.calls])).toEqual([['198.51.100.7', 1]]);
    // The limit keeps the busiest.
    expect((await run({ keyArn: K1 }, 1)).rows.map((r) => r.sourceIp)).toEqual(['198.51.100.7']);
  });
});
