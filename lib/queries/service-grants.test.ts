import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import { keyLifecycle, lifecycleChanges } from './catalog';
import { runQuery } from './define';

/**
 * Grants AWS services make and retire for their own work (EBS at each volume attach) come by the
 * hundred in a real account: the key page's timeline and the report roll them up into one row per
 * operation and service; a grant someone made directly, one to another account, or one that failed
 * stays a row of its own. Expected rows counted by hand from the records below.
 */
const storeWith = storesPerTest();
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/eb5eb5eb-0000-4000-8000-000000000001';
const res = [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: KEY }];
const at = (d: number, h = 10) => `2026-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;
const viaEc2 = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/AppServerRole/i-0abc',
  accountId: '111122223333',
  invokedBy: 'ec2.amazonaws.com',
};
const grant = (eventTime: string, over: Record<string, unknown> = {}) =>
  kmsRecord({
    eventName: 'CreateGrant',
    eventTime,
    userIdentity: viaEc2,
    requestParameters: { keyId: KEY, granteePrincipal: '111122223333:aws:ec2-infrastructure:i-0abc', operations: ['Decrypt'] },
    resources: res,
    ...over,
  });
const admin = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/KeyAdminRole/alice', accountId: '111122223333' };

const records = [
  grant(at(20)),
  grant(at(21)),
  grant(at(22)),
  // EC2 retiring its grants: an AWS service identity.
  ...[23, 24].map((d) =>
    kmsRecord({ eventName: 'RetireGrant', eventTime: at(d), userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, resources: res }),
  ),
  // Each of these stays a row of its own:
  grant(at(21, 12), { userIdentity: admin }), // made directly, no service
  grant(at(22, 12), { requestParameters: { keyId: KEY, granteePrincipal: 'arn:aws:iam::999900001111:role/Partner' } }), // another account
  grant(at(23, 12), { errorCode: 'AccessDenied', errorMessage: 'denied' }), // failed
];

describe("an AWS service's own grants", () => {
  it('roll up into one row per operation and service on the key page, every other grant its own row', async () => {
    const store = await storeWith(records);
    const rows = (await runQuery(store.engine, keyLifecycle, { keyArn: KEY, to: new Date('2026-11-30T00:00:00Z') })).rows;
    expect(rows.map((r) => [r.eventName, r.eventId === null, r.events, r.principal, r.eventTime, r.lastTime])).toEqual([
      ['CreateGrant', true, 3, 'ec2.amazonaws.com', '2026-11-20T10:00:00.000Z', '2026-11-22T10:00:00.000Z'],
      ['CreateGrant', false, 1, 'arn:aws:iam::111122223333:role/KeyAdminRole', '2026-11-21T12:00:00.000Z', '2026-11-21T12:00:00.000Z'],
      ['CreateGrant', false, 1, 'arn:aws:iam::111122223333:role/AppServerRole', '2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.000Z'],
      ['RetireGrant', true, 2, 'ec2.amazonaws.com', '2026-11-23T10:00:00.000Z', '2026-11-24T10:00:00.000Z'],
      ['CreateGrant', false, 1, 'arn:aws:iam::111122223333:role/AppServerRole', '2026-11-23T12:00:00.000Z', '2026-11-23T12:00:00.000Z'],
    ]);
    expect(rows.find((r) => r.eventTime === '2026-11-23T12:00:00.000Z')?.errorCode).toBe('AccessDenied');
  });

  it('roll up the same way in the report, within its range', async () => {
    const store = await storeWith(records);
    const rows = (await runQuery(store.engine, lifecycleChanges, { from: new Date('2026-11-21T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') }))
      .rows;
    expect(rows.map((r) => [r.eventName, r.eventId === null, r.events, r.principal, r.keyArn])).toEqual([
      // The 20th's grant is before the range: two of EC2's three.
      ['CreateGrant', true, 2, 'ec2.amazonaws.com', KEY],
      ['CreateGrant', false, 1, 'arn:aws:iam::111122223333:role/KeyAdminRole', KEY],
      ['CreateGrant', false, 1, 'arn:aws:iam::111122223333:role/AppServerRole', KEY],
      ['RetireGrant', true, 1, 'ec2.amazonaws.com', KEY],
      ['CreateGrant', false, 1, 'arn:aws:iam::111122223333:role/AppServerRole', KEY],
    ]);
  });
});
