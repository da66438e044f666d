import { findingsConfig } from '../findings/config';
import { describe, expect, it } from 'vitest';
import { rules } from '../findings/rules';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import { UNKNOWN_PRINCIPAL } from '../drill-filters';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * Calls whose record names no caller (no userIdentity, or an AWSService identity with no
 * invokedBy, principalId or accountId) group under "(unknown)"; their drill-down is `noPrincipal`, which must list exactly
 * those calls. Expected values are counted by hand from the records below.
 */
const storeWith = storesPerTest();

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-4333-8444-555555555555';
const res = [{ ARN: KEY, type: 'AWS::KMS::Key', accountId: '111122223333' }];
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
const denied = { errorCode: 'AccessDenied', errorMessage: 'not authorized' };
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

function records() {
  const noIdentity = [0, 1, 2].map((m) => kmsRecord({ userIdentity: undefined, eventTime: at(m), resources: res, ...denied }));
  const serviceWithoutName = kmsRecord({ userIdentity: { type: 'AWSService' }, eventTime: at(3), resources: res });
  const role = [4, 5].map((m) => kmsRecord({ eventTime: at(m), resources: res, ...(m === 4 ? denied : {}) }));
  return { unknown: [...noIdentity, serviceWithoutName], role };
}

describe('calls with no known principal', () => {
  it('group under "(unknown)", and noPrincipal lists and counts exactly them', async () => {
    const { unknown, role } = records();
    const store = await storeWith([...unknown, ...role]);

    const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: null, limit: 10 })).rows;
    expect(top.find((r) => r.principal === UNKNOWN_PRINCIPAL)).toMatchObject({ calls: 4, errors: 3 });

    const page = await runQuery(store.engine, Q.eventsPage, { ...window, noPrincipal: true, pageSize: 50 });
    expect(new Set(page.rows.map((r) => r.eventId))).toEqual(new Set(unknown.map((r) => r.eventID)));
    expect((await runQuery(store.engine, Q.eventsCount, { ...window, noPrincipal: true })).rows[0]).toMatchObject({ events: 4, failed: 3 });
    // Off, the filter keeps everything.
    expect((await runQuery(store.engine, Q.eventsCount, window)).rows[0]).toMatchObject({ events: 6, failed: 4 });
    // The distinct principals the cards and the keys list count are the rows of the top principals:
    // the role and "(unknown)", once.
    expect(top).toHaveLength(2);
    expect((await runQuery(store.engine, Q.kpis, { ...window, keyArn: null })).rows[0].principals).toBe(2);
    expect((await runQuery(store.engine, Q.keysOverview, window)).rows.find((r) => r.keyArn === KEY)?.principals).toBe(2);
  });

  it("a denial burst by no known principal has evidence that lists exactly its denials, not every principal's", async () => {
    const { unknown, role } = records();
    const store = await storeWith([...unknown, ...role]);
    const config = { ...findingsConfig({}), burstThreshold: 3, burstWindowMinutes: 10, integrityBurstThreshold: 5, baselineDays: 14, spikeZ: 5, spikeMinCalls: 30, gapHours: 24 };
    const [burst] = await rules['denial-burst'](store.engine, window, config);
    expect(burst).toMatchObject({ principal: UNKNOWN_PRINCIPAL, count: 3 });
    expect(burst.evidence).toMatchObject({ noPrincipal: '1', key: KEY, errorClass: 'access-denied' });
    expect(burst.evidence.principal).toBeUndefined();
    const { from, to } = burst.evidence;
    const listed = await runQuery(store.engine, Q.eventsPage, {
      from: new Date(from),
      to: new Date(to),
      keyArn: KEY,
      noPrincipal: true,
      errorClass: 'access-denied',
      pageSize: 50,
    });
    expect(listed.rows.map((r) => r.eventId).sort()).toEqual(unknown.slice(0, 3).map((r) => String(r.eventID)).sort());
  });
});

describe('callers named by empty strings', () => {
  it('an empty arn, principalId, invokedBy or session issuer is no name: the next field names the caller, never ""', async () => {
    const blank = (userName: string) => ({ type: 'Unknown', principalId: '', arn: '', accountId: '111111111111', accessKeyId: '', userName });
    const store = await storeWith([
      kmsRecord({ userIdentity: blank('jdoe'), eventTime: at(0), resources: res }),
      kmsRecord({ userIdentity: blank('msmith'), eventTime: at(1), resources: res }),
      kmsRecord({ userIdentity: { type: 'AWSService', invokedBy: '', principalId: 'AIDASERVICE', accountId: '' }, eventTime: at(2), resources: res }),
      kmsRecord({
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLE:s1',
          arn: 'arn:aws:sts::111122223333:assumed-role/AppRole/s1',
          accountId: '111122223333',
          sessionContext: { sessionIssuer: { type: 'Role', arn: '', principalId: '', accountId: '111122223333', userName: '' } },
        },
        eventTime: at(3),
        resources: res,
      }),
    ]);
    const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: null, limit: 10 })).rows;
    expect(top.map((r) => [r.principal, r.calls]).sort()).toEqual([
      ['111111111111', 2],
      ['AIDASERVICE', 1],
      ['arn:aws:iam::111122223333:role/AppRole', 1],
    ]);
  });
});
