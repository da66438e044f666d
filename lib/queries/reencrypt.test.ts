import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * A ReEncrypt uses two keys: it decrypts under the source and encrypts under the destination
 * (resources[] lists them in that order; AWS KMS developer guide, "ReEncrypt" CloudTrail example).
 * It counts under both, so the key a migration writes into is neither invisible nor "unused".
 * Expected values are counted by hand from the records below.
 */
const storeWith = storesPerTest();

const ACCOUNT = '111122223333';
const arn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const ID_A = 'aaaaaaaa-1111-4111-8111-111111111111';
const ID_B = 'bbbbbbbb-2222-4222-8222-222222222222';
const ID_C = 'cccccccc-3333-4333-8333-333333333333';
const [A, B, C] = [ID_A, ID_B, ID_C].map(arn);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const res = (...keys: string[]) => keys.map((k) => ({ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: k }));
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const reEncrypt = (m: number, destinationKeyId: string, resources: unknown[], over: Record<string, unknown> = {}) =>
  kmsRecord({
    eventName: 'ReEncrypt',
    eventTime: at(m),
    requestParameters: { sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', destinationKeyId, destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources,
    ...over,
  });

function records() {
  return [
    // A → B, as the docs' example: both keys in resources[], the destination as a bare id.
    ...[0, 1, 2].map((m) => reEncrypt(m, ID_B, res(A, B))),
    // Denied on the destination: no resources; the error names B, as does destinationKeyId.
    reEncrypt(3, B, [], { errorCode: 'AccessDeniedException', errorMessage: `User is not authorized to perform: kms:ReEncryptTo on resource: ${B}` }),
    // A → C where resources[] lists only the source: the destination comes from destinationKeyId.
    ...[4, 5].map((m) => reEncrypt(m, ID_C, res(A))),
    // A → A (new key material, same key): one key, counted once.
    reEncrypt(6, A, res(A, A)),
    ...[7, 8].map((m) => kmsRecord({ eventName: 'Encrypt', eventTime: at(m), resources: res(B) })),
  ];
}

const load = () => storeWith(records());

describe('a ReEncrypt counts under its source and its destination key', () => {
  it('in the keys list, the key totals and the known keys', async () => {
    const store = await load();
    const keys = (await runQuery(store.engine, Q.keysOverview, window)).rows;
    const byKey = Object.fromEntries(keys.map((k) => [k.keyArn, k]));
    expect(Object.keys(byKey).sort()).toEqual([A, B, C]);
    expect(byKey[A]).toMatchObject({ calls: 6, errors: 0 });
    expect(byKey[B]).toMatchObject({ calls: 6, errors: 1 });
    // Only ever written into: used, not unused.
    expect(byKey[C]).toMatchObject({ calls: 2, errors: 0, lastCryptoUse: new Date(at(5)).toISOString() });

    const all = (await runQuery(store.engine, Q.kpis, { ...window, keyArn: null })).rows[0];
    // One caller made every call: a destination's row adds no "(unknown)" principal.
    expect(all).toMatchObject({ calls: 9, failed: 1, activeKeys: 3, noKeyCalls: 0, principals: 1 });
    const onC = (await runQuery(store.engine, Q.kpis, { ...window, keyArn: C })).rows[0];
    expect(onC).toMatchObject({ calls: 2, failed: 0, principals: 1 });
    // The same count as the top principals list's, for all keys and for a destination.
    for (const keyArn of [null, B, C]) {
      const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn, limit: 10 })).rows;
      const kpis = (await runQuery(store.engine, Q.kpis, { ...window, keyArn })).rows[0];
      expect([top.length, top[0].principalsInAll]).toEqual([kpis.principals, kpis.principals]);
    }

    const known = await store.db.withConnection(async (c) =>
      (await c.runAndReadAll('SELECT key_arn, events FROM kms_keys ORDER BY key_arn')).getRowsJS(),
    );
    expect(known.map((r) => [r[0], Number(r[1])])).toEqual([
      [A, 6],
      [B, 6],
      [C, 2],
    ]);
  });

  it('on the key page: timeline, principals, failures and the events that drill down from them', async () => {
    const store = await load();
    const timeline = (await runQuery(store.engine, Q.usageTimeline, { ...window, keyArn: C, principal: null, bucket: 'day' })).rows;
    expect(timeline.map((r) => [r.eventName, r.count])).toEqual([['ReEncrypt', 2]]);
    const onB = (await runQuery(store.engine, Q.usageTimeline, { ...window, keyArn: B, principal: null, bucket: 'day' })).rows;
    expect(onB.map((r) => [r.eventName, r.count, r.errors])).toEqual([
      ['Encrypt', 2, 0],
      ['ReEncrypt', 4, 1],
    ]);

    const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: C, limit: 10 })).rows;
    expect(top.map((r) => [r.principal, r.calls])).toEqual([[ROLE, 2]]);

    const page = await runQuery(store.engine, Q.eventsPage, { ...window, keyArn: B, pageSize: 50 });
    expect(page.rows).toHaveLength(6);
    // A ReEncrypt's row names both keys: its source, and the destination the list was asked for.
    expect(page.rows.filter((r) => r.destKeyArn === B).map((r) => r.keyArn)).toEqual([A, A, A]);
    expect((await runQuery(store.engine, Q.eventsCount, { ...window, keyArn: B })).rows[0]).toMatchObject({ events: 6, failed: 1 });
    expect((await runQuery(store.engine, Q.eventsCount, { ...window, keyArn: C })).rows[0]).toMatchObject({ events: 2, failed: 0 });
    // The A → A ReEncrypt is one call on A, not two.
    expect((await runQuery(store.engine, Q.eventsCount, { ...window, keyArn: A })).rows[0]).toMatchObject({ events: 6 });

    const failures = (await runQuery(store.engine, Q.failuresByHour, { ...window, keyArn: B })).rows;
    expect(failures.reduce((n, r) => n + r.count, 0)).toBe(1);
  });

  it("in a principal's keys", async () => {
    const store = await load();
    const keys = (await runQuery(store.engine, Q.principalKeys, { ...window, principal: ROLE })).rows;
    expect(keys.map((k) => [k.keyArn, k.calls, k.errors])).toEqual([
      [A, 6, 0],
      [B, 6, 1],
      [C, 2, 0],
    ]);
  });

  it("in a principal's count of keys, which agrees with the principal's keys", async () => {
    // And a call that names no key: the principal page lists it under "(unknown key)", which is no key.
    const store = await storeWith([...records(), kmsRecord({ eventName: 'ListAliases', eventTime: at(9), requestParameters: null, resources: [] })]);
    const top = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: null, limit: 10 })).rows;
    // A (the source of six), B (a destination, and its own calls), C (only ever a destination).
    expect(top.map((r) => [r.principal, r.calls, r.keys])).toEqual([[ROLE, 10, 3]]);
    const listed = (await runQuery(store.engine, Q.principalKeys, { ...window, principal: ROLE })).rows.map((k) => k.keyArn);
    expect(listed).toEqual([A, B, C, '(unknown key)']);
    expect(listed.filter((k) => k !== '(unknown key)')).toHaveLength(top[0].keys);
    // On C's page: its two calls are ReEncrypts from A, so they used A and C.
    const onC = (await runQuery(store.engine, Q.topPrincipals, { ...window, keyArn: C, limit: 10 })).rows;
    expect(onC.map((r) => [r.principal, r.calls, r.keys])).toEqual([[ROLE, 2, 2]]);
  });

  it('in the cross-account finding, when the destination is another account\'s key', async () => {
    const other = 'arn:aws:kms:us-east-1:444455556666:key/dddddddd-4444-4444-8444-444444444444';
    const store = await storeWith([reEncrypt(10, other, res(A, other)), reEncrypt(11, other, res(A, other))]);
    const rows = (await runQuery(store.engine, Q.crossAccount, window)).rows;
    expect(rows.map((r) => [r.keyArn, r.principal, r.callerAccount, r.calls])).toEqual([[other, ROLE, ACCOUNT, 2]]);
  });

  it('in the hourly counts the spike rule scores, and in the new-principal rule', async () => {
    const store = await load();
    const baseline = { ...window, baselineFrom: new Date('2026-11-19T00:00:00Z') };
    const hours = (await runQuery(store.engine, Q.hourlyCalls, baseline)).rows;
    // All nine records fall in the 12:00 hour: A 6 (three to B, two to C, one to itself), B 4 + 2
    // (one of them failed: counted apart, the rule scores calls that worked), C 2.
    expect(hours.map((r) => [r.keyArn, r.calls, r.failed])).toEqual([
      [A, 6, 0],
      [B, 5, 1],
      [C, 2, 0],
    ]);
    const fresh = (await runQuery(store.engine, Q.newPrincipals, baseline)).rows;
    expect(fresh.map((r) => [r.keyArn, r.principal, r.calls]).sort()).toEqual([
      [A, ROLE, 6],
      [B, ROLE, 6],
      [C, ROLE, 2],
    ]);
  });
});
