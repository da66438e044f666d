import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * A principal page asked for by a short name finds the principals that end in it. Expected values
 * are counted by hand from the records below.
 */
const storeWith = storesPerTest();

const role = (account: string, name: string, session = 's1') => ({
  type: 'AssumedRole',
  arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
  accountId: account,
  sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${name}`, accountId: account, userName: name } },
});
const user = (account: string, name: string) => ({ type: 'IAMUser', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, userName: name });

describe('principals_named', () => {
  it('finds every principal whose ARN ends in the name after "/" or ":", any case, busiest first', async () => {
    const store = await storeWith([
      ...[1, 2, 3].map(() => kmsRecord({ userIdentity: role('111122223333', 'AppServerRole') })),
      // Another session of the same role: one principal.
      kmsRecord({ userIdentity: role('111122223333', 'AppServerRole', 's2') }),
      kmsRecord({ userIdentity: role('444455556666', 'service-role/AppServerRole') }),
      // Contains the name but does not end in it, or ends in a longer name: not it.
      kmsRecord({ userIdentity: role('111122223333', 'AppServerRoleOld') }),
      kmsRecord({ userIdentity: user('111122223333', 'MyAppServerRole') }),
      kmsRecord({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' } }),
    ]);
    const named = async (name: string) => (await runQuery(store.engine, Q.principalsNamed, { name })).rows;
    expect(await named('appserverrole')).toEqual([
      { principal: 'arn:aws:iam::111122223333:role/AppServerRole', calls: 4 },
      { principal: 'arn:aws:iam::444455556666:role/service-role/AppServerRole', calls: 1 },
    ]);
    expect(await named('root')).toEqual([{ principal: 'arn:aws:iam::111122223333:root', calls: 1 }]);
    expect(await named('nobody')).toEqual([]);
    // A LIKE pattern is no wildcard here: the name is compared as text.
    expect(await named('%')).toEqual([]);
  });
});
