import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { filteredIds } from '../test/filtered-ids';
import { storesPerTest } from '../test/store-per-test';

/**
 * The events page's access key filter (`accessKeyId`): the calls one access key signed, whoever it
 * belonged to, what a leaked-key hunt starts from. Expected ids are picked by hand from the records below.
 */
const storeWith = storesPerTest();
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
const user = (accessKeyId: string) => ({
  type: 'IAMUser',
  principalId: 'AIDADEPLOY',
  arn: 'arn:aws:iam::111122223333:user/deploy-bot',
  accountId: '111122223333',
  accessKeyId,
  userName: 'deploy-bot',
});

const records = {
  // One IAM user with two long-term keys: the old one (leaked) and its replacement.
  oldKey1: kmsRecord({ eventTime: at(1), userIdentity: user('AKIAOLDKEY0000000001') }),
  oldKey2: kmsRecord({ eventTime: at(2), userIdentity: user('AKIAOLDKEY0000000001'), errorCode: 'AccessDenied' }),
  newKey: kmsRecord({ eventTime: at(3), userIdentity: user('AKIANEWKEY0000000002') }),
  // A role session's temporary key (kmsRecord's default identity, given a key id).
  session: kmsRecord({
    eventTime: at(4),
    userIdentity: { ...(kmsRecord().userIdentity as object), accessKeyId: 'ASIASESSION000000003' },
  }),
  // An AWS service's own call carries no access key.
  service: kmsRecord({ eventTime: at(5), userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' } }),
};

describe('events access key filter', () => {
  it("keeps exactly the calls that key signed, in the page and its total; no filter keeps every call", async () => {
    const store = await storeWith(Object.values(records));
    const byFilter = filteredIds(store, records, window);
    const ids = (accessKeyId?: string) => byFilter({ accessKeyId });
    expect(await ids('AKIAOLDKEY0000000001')).toEqual(['oldKey1', 'oldKey2']);
    expect(await ids('ASIASESSION000000003')).toEqual(['session']);
    // Exact: access key ids are upper case, and part of one is not a key.
    expect(await ids('akiaoldkey0000000001')).toEqual([]);
    expect(await ids('AKIAOLDKEY')).toEqual([]);
    expect(await ids()).toEqual(['newKey', 'oldKey1', 'oldKey2', 'service', 'session']);
  });
});
