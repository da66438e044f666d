import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/** key_seen, what a key page with an empty range says: counted by hand from the records below. */
const storeWith = storesPerTest();
const arn = (c: string) => `arn:aws:kms:us-east-1:111122223333:key/${c.repeat(8)}-1111-4111-8111-111111111111`;
const res = (...keys: string[]) => keys.map((k) => ({ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: k }));

describe('key_seen', () => {
  it("counts every event that names a key over all the logs, a ReEncrypt's destination too, and has no row for a stranger", async () => {
    const [A, B] = [arn('a'), arn('b')];
    const store = await storeWith([
      kmsRecord({ eventTime: '2023-07-10T12:00:00Z', resources: res(A) }),
      kmsRecord({ eventTime: '2023-07-10T09:15:00Z', resources: res(A), errorCode: 'AccessDenied' }),
      // Years later, from A into B: A's third event, B's first.
      kmsRecord({ eventName: 'ReEncrypt', eventTime: '2025-02-15T14:52:52Z', resources: res(A, B) }),
    ]);
    const seen = async (keyArn: string) => (await runQuery(store.engine, Q.keySeen, { keyArn })).rows;
    expect(await seen(A)).toEqual([{ events: 3, firstSeen: '2023-07-10T09:15:00.000Z', lastSeen: '2025-02-15T14:52:52.000Z' }]);
    expect(await seen(B)).toEqual([{ events: 1, firstSeen: '2025-02-15T14:52:52.000Z', lastSeen: '2025-02-15T14:52:52.000Z' }]);
    expect(await seen(arn('c'))).toEqual([]);
  });
});
