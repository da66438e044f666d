import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * A dry run (requestParameters.dryRun true; AWS KMS developer guide, "Testing your permissions")
 * always errs: with DryRunOperationException when the call would have succeeded, or with the
 * error the call would have met (AccessDeniedException…). The first is a call that did not fail:
 * it counts as a call everywhere and as a failure nowhere, so permission checks in CI do not show
 * as steady failures on a healthy key. The second stays a failure of its class.
 * Expected values are counted by hand from the records below.
 */
const storeWith = storesPerTest();

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const KEY_ID = 'aaaaaaaa-1111-4111-8111-111111111111';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const APP = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const CI = `arn:aws:iam::${ACCOUNT}:role/CiRole`;
// 2026-11-20 is a Friday: weekday 5, every record in hour 12 (UTC).
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const onKey = [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: KEY }];
const role = (name: string, account = ACCOUNT) => ({
  type: 'AssumedRole',
  principalId: `AROA${name.toUpperCase()}:session`,
  arn: `arn:aws:sts::${account}:assumed-role/${name}/session`,
  accountId: account,
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: `AROA${name.toUpperCase()}`, arn: `arn:aws:iam::${account}:role/${name}`, accountId: account, userName: name },
    attributes: { creationDate: '2026-11-20T11:00:00Z', mfaAuthenticated: 'false' },
  },
});
const WOULD_SUCCEED = {
  errorCode: 'DryRunOperationException',
  errorMessage: 'The request would have succeeded, but the DryRun option is set.',
};
const denied = (who: string, op: string) => ({
  errorCode: 'AccessDeniedException',
  errorMessage: `User: ${who} is not authorized to perform: kms:${op} on resource: ${KEY} because no identity-based policy allows the kms:${op} action`,
  resources: [],
});

function records() {
  return [
    // m0 App: Encrypt, succeeded.
    kmsRecord({ eventName: 'Encrypt', eventTime: at(0), resources: onKey, readOnly: false }),
    // m1 CI: Decrypt dry run that would have succeeded. Not a failure.
    kmsRecord({
      eventName: 'Decrypt', eventTime: at(1), userIdentity: role('CiRole'), resources: onKey,
      requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', dryRun: true }, ...WOULD_SUCCEED,
    }),
    // m2 CI: GenerateDataKey dry run that would have succeeded, the key named by ARN only. Not a failure.
    kmsRecord({
      eventName: 'GenerateDataKey', eventTime: at(2), userIdentity: role('CiRole'), resources: [],
      requestParameters: { keyId: KEY, keySpec: 'AES_256', dryRun: true }, ...WOULD_SUCCEED,
    }),
    // m3 CI: Decrypt dry run that would have been denied: an access denial.
    kmsRecord({
      eventName: 'Decrypt', eventTime: at(3), userIdentity: role('CiRole'),
      requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', dryRun: true },
      ...denied('arn:aws:sts::111122223333:assumed-role/CiRole/session', 'Decrypt'),
    }),
    // m4 App: Encrypt throttled: a failure (throttling).
    kmsRecord({
      eventName: 'Encrypt', eventTime: at(4), resources: onKey, readOnly: false,
      errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded',
    }),
    // m5 App: Decrypt denied, no dry run: an access denial.
    kmsRecord({ eventName: 'Decrypt', eventTime: at(5), ...denied('arn:aws:sts::111122223333:assumed-role/AppRole/app-session', 'Decrypt') }),
  ];
}

const load = (recs: unknown[]) => storeWith(recs);

describe('a dry run that would have succeeded is a call, not a failure', () => {
  it('in the keys list, the summary cards, the timeline and the principals', async () => {
    const store = await load(records());
    const keys = (await runQuery(store.engine, Q.keysOverview, window)).rows;
    expect(keys.map((k) => [k.keyArn, k.calls, k.errors, k.principals])).toEqual([[KEY, 6, 3, 2]]);

    const kpis = (await runQuery(store.engine, Q.kpis, { ...window, keyArn: null })).rows[0];
    expect(kpis).toMatchObject({ calls: 6, failed: 3, accessDenied: 2, activeKeys: 1, principals: 2 });
    const kpisOnKey = (await runQuery(store.engine, Q.kpis, { ...window, keyArn: KEY })).rows[0];
    expect(kpisOnKey).toMatchObject({ calls: 6, failed: 3 });

    const timeline = (await runQuery(store.engine, Q.usageTimeline, { ...window, keyArn: KEY, principal: null, bucket: 'hour' })).rows;
    expect(timeline.map((r) => [r.t, r.eventName, r.count, r.errors])).toEqual([
      ['2026-11-20T12:00:00.000Z', 'Decrypt', 3, 2], // m1 (dry run, would succeed), m3 (dry run, denied), m5 (denied)
      ['2026-11-20T12:00:00.000Z', 'Encrypt', 2, 1], // m0, m4 (throttled)
      ['2026-11-20T12:00:00.000Z', 'GenerateDataKey', 1, 0], // m2 (dry run, would succeed)
    ]);
    const ciTimeline = (await runQuery(store.engine, Q.usageTimeline, { ...window, keyArn: null, principal: CI, bucket: 'day' })).rows;
    expect(ciTimeline.map((r) => [r.eventName, r.count, r.errors])).toEqual([
      ['Decrypt', 2, 1],
      ['GenerateDataKey', 1, 0],
    ]);

    const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: KEY, limit: 10 })).rows;
    expect(top.map((r) => [r.principal, r.calls, r.errors])).toEqual([
      [APP, 3, 2],
      [CI, 3, 1],
    ]);
    const ciKeys = (await runQuery(store.engine, Q.principalKeys, { ...window, principal: CI })).rows;
    expect(ciKeys.map((r) => [r.keyArn, r.calls, r.errors])).toEqual([[KEY, 3, 1]]);
  });

  it('in the failures heatmap, the failures by day and the principal × key grid', async () => {
    const store = await load(records());
    const byHour = (await runQuery(store.engine, Q.failuresByHour, { ...window, keyArn: null, principal: null })).rows;
    expect(byHour.map((r) => [r.weekday, r.hour, r.errorClass, r.count])).toEqual([
      [5, 12, 'access-denied', 2], // m3, m5
      [5, 12, 'throttling', 1], // m4
    ]);
    const ciByHour = (await runQuery(store.engine, Q.failuresByHour, { ...window, keyArn: KEY, principal: CI })).rows;
    expect(ciByHour.map((r) => [r.errorClass, r.count])).toEqual([['access-denied', 1]]);

    const byDay = (await runQuery(store.engine, Q.failuresByDay, { ...window, keyArn: null })).rows;
    expect(byDay.map((r) => [r.errorCode, r.count])).toEqual([
      ['AccessDeniedException', 2],
      ['ThrottlingException', 1],
    ]);

    const grid = (await runQuery(store.engine, Q.failuresByPrincipalKey, { ...window, limit: 10 })).rows;
    expect(grid.map((r) => [r.principal, r.keyArn, r.accessDenied, r.keyState, r.other, r.count])).toEqual([
      [APP, KEY, 1, 0, 1, 2],
      [CI, KEY, 1, 0, 0, 1],
    ]);
  });

  it("in the events list: listed and counted, failed only when it failed; errorCode=* is any failure", async () => {
    const store = await load(records());
    expect((await runQuery(store.engine, Q.eventsCount, window)).rows[0]).toMatchObject({ events: 6, failed: 3 });

    const all = (await runQuery(store.engine, Q.eventsPage, { ...window, pageSize: 50 })).rows;
    expect(all.map((e) => [e.eventTime, e.errorCode, e.errorClass])).toEqual([
      [new Date(at(5)).toISOString(), 'AccessDeniedException', 'access-denied'],
      [new Date(at(4)).toISOString(), 'ThrottlingException', 'throttling'],
      [new Date(at(3)).toISOString(), 'AccessDeniedException', 'access-denied'],
      // The dry runs keep their errorCode (the list shows it), with no error class.
      [new Date(at(2)).toISOString(), 'DryRunOperationException', null],
      [new Date(at(1)).toISOString(), 'DryRunOperationException', null],
      [new Date(at(0)).toISOString(), null, null],
    ]);

    const failed = { ...window, errorCode: '*' };
    expect((await runQuery(store.engine, Q.eventsCount, failed)).rows[0]).toMatchObject({ events: 3, failed: 3 });
    const failedPage = (await runQuery(store.engine, Q.eventsPage, { ...failed, pageSize: 50 })).rows;
    expect(failedPage.map((e) => e.eventTime)).toEqual([5, 4, 3].map((m) => new Date(at(m)).toISOString()));
    // The principal page's "failed calls" drill-down (principal and errorCode=*): the denied dry run only.
    const ciFailed = (await runQuery(store.engine, Q.eventsPage, { ...failed, principal: CI, pageSize: 50 })).rows;
    expect(ciFailed.map((e) => e.eventTime)).toEqual([new Date(at(3)).toISOString()]);

    // Asked for by their code, the dry runs are still there: two calls, neither failed.
    const dryRuns = { ...window, errorCode: 'DryRun%' };
    expect((await runQuery(store.engine, Q.eventsCount, dryRuns)).rows[0]).toMatchObject({ events: 2, failed: 0 });
    // A heatmap cell's drill-down (errorCode=*, weekday, hour) holds the cell's 3 failures.
    const cell = { ...failed, weekday: 5, hour: 12 };
    expect((await runQuery(store.engine, Q.eventsCount, cell)).rows[0]).toMatchObject({ events: 3, failed: 3 });
  });

  it('in the cross-account finding', async () => {
    // A role in another account tests its access to KEY (would succeed), then encrypts for real.
    const ext = role('PartnerRole', OTHER);
    const store = await load([
      kmsRecord({
        eventName: 'Encrypt', eventTime: at(10), userIdentity: ext, resources: onKey,
        requestParameters: { keyId: KEY, dryRun: true }, ...WOULD_SUCCEED,
      }),
      kmsRecord({ eventName: 'Encrypt', eventTime: at(11), userIdentity: ext, resources: onKey, requestParameters: { keyId: KEY } }),
    ]);
    const rows = (await runQuery(store.engine, Q.crossAccount, window)).rows;
    expect(rows.map((r) => [r.keyArn, r.callerAccount, r.calls, r.errors])).toEqual([[KEY, OTHER, 2, 0]]);
  });
});
