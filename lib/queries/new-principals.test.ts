import { describe, expect, it } from 'vitest';
import { kmsRecord, kmsServiceEvent } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * new_principals: a principal first seen on a key in the range. KMS's own service events (an
 * automatic rotation, a key deletion) are KMS acting on the key, not a new caller using it: the
 * yearly RotateKey of every rotating key was a "new principal" finding. Expected rows by hand.
 */
const storeWith = storesPerTest();

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111';
const res = [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: KEY }];
const ROLE = 'arn:aws:iam::111122223333:role/AppRole';

describe('new principals', () => {
  it('lists a new caller in the range, not KMS rotating the key', async () => {
    const store = await storeWith([
      // The baseline: the key in use before the range.
      kmsRecord({ eventTime: '2026-11-10T12:00:00Z', resources: res, userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ops', accountId: '111122223333' } }),
      kmsRecord({ eventTime: '2026-11-20T12:00:00Z', resources: res }),
      kmsServiceEvent(KEY, 'RotateKey', '2026-11-20T13:00:00Z', { rotationType: 'AUTOMATIC' }),
    ]);
    const rows = (
      await runQuery(store.engine, Q.newPrincipals, {
        baselineFrom: new Date('2026-11-06T00:00:00Z'),
        from: new Date('2026-11-20T00:00:00Z'),
        to: new Date('2026-11-21T00:00:00Z'),
      })
    ).rows;
    expect(rows.map((r) => [r.keyArn, r.principal, r.calls])).toEqual([[KEY, ROLE, 1]]);
  });
});
