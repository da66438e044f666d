import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest, type TestStore } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * The events page's two principal filters: `principal` (exact: what drill-downs pass, or a role
 * session's ARN) and `principalContains` (part of either ARN, any case: what an analyst types).
 * Expected ids are picked by hand from the records below.
 */
const storeWith = storesPerTest();
let store: TestStore;

const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;

function session(role: string, name: string, account = '111122223333') {
  return {
    type: 'AssumedRole',
    principalId: `AROA${role.toUpperCase()}:${name}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
    accountId: account,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: `AROA${role.toUpperCase()}`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
    },
  };
}
const user = (name: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${name.toUpperCase()}`,
  arn: `arn:aws:iam::111122223333:user/${name}`,
  accountId: '111122223333',
  userName: name,
});

const records = {
  adminAlice: kmsRecord({ eventTime: at(1), userIdentity: session('Admin', 'alice@example.com') }),
  adminBob: kmsRecord({ eventTime: at(2), userIdentity: session('Admin', 'bob@example.com') }),
  adminReadOnly: kmsRecord({ eventTime: at(3), userIdentity: session('AdminReadOnly', 'alice@example.com') }),
  app: kmsRecord({ eventTime: at(4), userIdentity: session('AppRole', 'i-0abc') }),
  deploy: kmsRecord({ eventTime: at(5), userIdentity: user('deploy-bot') }),
  noIdentity: kmsRecord({ eventTime: at(6), userIdentity: undefined }),
};
type Name = keyof typeof records;

async function ids(filters: { principal?: string; principalContains?: string }) {
  const page = await runQuery(store.engine, Q.eventsPage, { ...window, ...filters, pageSize: 50 });
  const count = await runQuery(store.engine, Q.eventsCount, { ...window, ...filters });
  // The page and its total must agree, or the page says "12 events" over a list of 3.
  expect(count.rows[0].events).toBe(page.rows.length);
  const byId = new Map(Object.entries(records).map(([n, r]) => [String(r.eventID), n]));
  return page.rows.map((r) => byId.get(r.eventId)).sort();
}
const names = (...n: Name[]) => [...n].sort();

describe('events principal filters', () => {
  it('principal matches a principal exactly, or a role session by its ARN', async () => {
    store = await storeWith(Object.values(records));

    // A drill-down's role: its sessions, not the role whose name merely starts the same.
    expect(await ids({ principal: 'arn:aws:iam::111122223333:role/Admin' })).toEqual(names('adminAlice', 'adminBob'));
    // A session ARN (as GuardDuty reports it): that session's calls only.
    expect(await ids({ principal: 'arn:aws:sts::111122223333:assumed-role/Admin/bob@example.com' })).toEqual(names('adminBob'));
    expect(await ids({ principal: 'arn:aws:iam::111122223333:user/deploy-bot' })).toEqual(names('deploy'));
    // Exact means exact: part of an ARN, or another case, finds nothing.
    expect(await ids({ principal: 'role/Admin' })).toEqual([]);
    expect(await ids({ principal: 'arn:aws:iam::111122223333:role/admin' })).toEqual([]);
  });

  it('principalContains matches part of the principal or of the session ARN, in any case', async () => {
    store = await storeWith(Object.values(records));

    expect(await ids({ principalContains: 'role/Admin' })).toEqual(names('adminAlice', 'adminBob', 'adminReadOnly'));
    expect(await ids({ principalContains: 'ROLE/ADMINREAD' })).toEqual(names('adminReadOnly'));
    // A session name is only in the session ARN.
    expect(await ids({ principalContains: 'alice@' })).toEqual(names('adminAlice', 'adminReadOnly'));
    expect(await ids({ principalContains: 'i-0abc' })).toEqual(names('app'));
    expect(await ids({ principalContains: 'deploy' })).toEqual(names('deploy'));
    // An account id: every call with a principal, none without.
    expect(await ids({ principalContains: '111122223333' })).toEqual(
      names('adminAlice', 'adminBob', 'adminReadOnly', 'app', 'deploy'),
    );
    // LIKE's wildcards are plain characters here.
    expect(await ids({ principalContains: '%' })).toEqual([]);
    expect(await ids({ principalContains: 'role/_dmin' })).toEqual([]);
    expect(await ids({ principalContains: 'nobody' })).toEqual([]);
  });
});
