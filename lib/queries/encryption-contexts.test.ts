import { describe, expect, it } from 'vitest';
import { kmsRecord, readAllRecords, countedKmsEventIds, REAL_LOGS } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * A key's encryption contexts (queries/usage/encryption_contexts.sql): which data its calls protected. The
 * expected rows are counted by hand below, and over the real Stratus trail by plain JS over its JSON.
 */
const storeWith = storesPerTest();
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111';
const OTHER = 'arn:aws:kms:us-east-1:111122223333:key/22222222-2222-4222-8222-222222222222';
const res = (arn: string) => [{ ARN: arn, type: 'AWS::KMS::Key', accountId: '111122223333' }];
const ROLE = 'arn:aws:iam::111122223333:role/AppRole';
const user = { type: 'IAMUser', principalId: 'AIDAX', arn: 'arn:aws:iam::111122223333:user/ops', accountId: '111122223333' };
const A = { 'aws:s3:arn': 'arn:aws:s3:::reports/q3.csv' };
const B = { SecretARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-Ab12Cd', SecretVersionId: 'v1' };
// Keys in the caller's order (not sorted), a slash and a non-ASCII letter: the text keeps them as written.
const C = { z: '1', tenant: 'Zürich/ops' };
const call = (minute: number, name: string, ctx: unknown, over: Record<string, unknown> = {}) =>
  kmsRecord({
    eventTime: `2026-11-20T12:${String(minute).padStart(2, '0')}:00Z`,
    eventName: name,
    resources: res(KEY),
    requestParameters: ctx === undefined ? { keySpec: 'AES_256' } : { encryptionContext: ctx, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    ...over,
  });

describe('encryption_contexts', () => {
  it('groups a key’s calls by the context they passed, with calls, failures, principals and the range totals', async () => {
    const store = await storeWith([
      call(1, 'Decrypt', A),
      call(2, 'Decrypt', A),
      call(3, 'Decrypt', A, { errorCode: 'AccessDenied', errorMessage: 'denied' }),
      call(4, 'Encrypt', A, { userIdentity: user }),
      call(5, 'GenerateDataKey', B),
      call(6, 'GenerateDataKey', B),
      call(7, 'Decrypt', C),
      // Calls that pass none: no context, an empty one, a JSON null, and a call that takes none.
      call(8, 'Decrypt', undefined),
      call(9, 'Decrypt', {}),
      call(10, 'Decrypt', null),
      call(11, 'DescribeKey', undefined),
      // Another key's call, and this key's call outside the range: neither counts.
      call(12, 'Decrypt', A, { resources: res(OTHER) }),
      call(13, 'Decrypt', B, { eventTime: '2026-11-21T00:00:00Z' }),
    ]);
    const { rows } = await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn: KEY, limit: 10 });
    expect(rows.map(({ context, calls, errors, principals, principal }) => ({ context, calls, errors, principals, principal }))).toEqual([
      { context: JSON.stringify(A), calls: 4, errors: 1, principals: 2, principal: null },
      { context: JSON.stringify(B), calls: 2, errors: 0, principals: 1, principal: ROLE },
      { context: '{"z":"1","tenant":"Zürich/ops"}', calls: 1, errors: 0, principals: 1, principal: ROLE },
    ]);
    expect(rows[0]).toMatchObject({ firstSeen: '2026-11-20T12:01:00.000Z', lastSeen: '2026-11-20T12:04:00.000Z' });
    for (const r of rows) expect(r).toMatchObject({ contexts: 3, withContext: 7, allCalls: 11 });
    // The limit cuts the list, not the totals.
    const top = await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn: KEY, limit: 1 });
    expect(top.rows).toHaveLength(1);
    expect(top.rows[0]).toMatchObject({ context: JSON.stringify(A), contexts: 3, withContext: 7, allCalls: 11 });
    // A key none of whose calls passed a context: no rows.
    expect((await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn: OTHER.replace('2222', '3333'), limit: 10 })).rows).toEqual([]);
  });

  it('counts a ReEncrypt under its source and its destination key, once when both are the key', async () => {
    const reEncrypt = (minute: number, from: string, to: string) =>
      call(minute, 'ReEncrypt', undefined, {
        requestParameters: { destinationKeyId: to, sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
        resources: [...res(from), ...res(to)],
      });
    const store = await storeWith([
      call(1, 'Decrypt', A),
      call(2, 'Decrypt', B, { resources: res(OTHER) }),
      reEncrypt(3, OTHER, KEY),
      reEncrypt(4, KEY, KEY),
      reEncrypt(5, KEY, OTHER),
    ]);
    const totals = async (keyArn: string) => {
      const { rows } = await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn, limit: 10 });
      return rows.map(({ context, calls, allCalls, withContext }) => ({ context, calls, allCalls, withContext }));
    };
    // KEY: its Decrypt and all three ReEncrypts; OTHER: its Decrypt and the two ReEncrypts it is in.
    expect(await totals(KEY)).toEqual([{ context: JSON.stringify(A), calls: 1, allCalls: 4, withContext: 1 }]);
    expect(await totals(OTHER)).toEqual([{ context: JSON.stringify(B), calls: 1, allCalls: 3, withContext: 1 }]);
  });

  it(`lists up to ${Q.CONTEXTS_MAX} contexts, most calls then most recent first (or last seen first), over a key with more`, async () => {
    // 120 contexts: context i is called (i % 3) + 1 times, the last at minute i % 60 of a later hour.
    const recs = Array.from({ length: 120 }, (_, i) =>
      Array.from({ length: (i % 3) + 1 }, (_, n) =>
        call(0, 'Decrypt', { n: String(i) }, { eventTime: `2026-11-20T${String(10 + n).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String(i % 7).padStart(2, '0')}Z` }),
      ),
    ).flat();
    const store = await storeWith(recs);
    const { rows } = await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn: KEY, limit: Q.CONTEXTS_MAX });
    const expected = Array.from({ length: 120 }, (_, i) => ({
      context: JSON.stringify({ n: String(i) }),
      calls: (i % 3) + 1,
      last: `2026-11-20T${String(10 + (i % 3)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String(i % 7).padStart(2, '0')}`,
    })).sort((a, b) => b.calls - a.calls || b.last.localeCompare(a.last) || (a.context < b.context ? -1 : 1));
    expect(rows.map((r) => r.context)).toEqual(expected.slice(0, Q.CONTEXTS_MAX).map((e) => e.context));
    expect(rows[0]).toMatchObject({ contexts: 120, withContext: recs.length, allCalls: recs.length });
    // Last seen first: the same contexts by their last call, then by calls; the totals are the range's either way.
    const recent = await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn: KEY, limit: 30, order: 'recent' });
    const byLast = [...expected].sort((a, b) => b.last.localeCompare(a.last) || b.calls - a.calls || (a.context < b.context ? -1 : 1));
    expect(recent.rows.map((r) => r.context)).toEqual(byLast.slice(0, 30).map((e) => e.context));
    expect(recent.rows.map((r) => r.lastSeen.slice(0, 19))).toEqual(byLast.slice(0, 30).map((e) => e.last));
    expect(recent.rows[0]).toMatchObject({ contexts: 120, withContext: recs.length, allCalls: recs.length });
  });

  it('for a principal: what its calls protected on every key, with the key when it used only one', async () => {
    const USER = user.arn;
    const store = await storeWith([
      call(1, 'Decrypt', A, { userIdentity: user }),
      call(2, 'Decrypt', A, { userIdentity: user, resources: res(OTHER) }),
      call(3, 'Decrypt', B, { userIdentity: user, errorCode: 'AccessDenied', errorMessage: 'denied' }),
      call(4, 'Decrypt', undefined, { userIdentity: user }),
      // The role's calls are not the user's.
      call(5, 'Decrypt', B),
      call(6, 'Decrypt', C),
    ]);
    const { rows } = await runQuery(store.engine, Q.encryptionContexts, { ...window, principal: USER, limit: 10 });
    expect(rows.map(({ context, calls, errors, keys, keyArn, principal }) => ({ context, calls, errors, keys, keyArn, principal }))).toEqual([
      { context: JSON.stringify(A), calls: 2, errors: 0, keys: 2, keyArn: null, principal: USER },
      { context: JSON.stringify(B), calls: 1, errors: 1, keys: 1, keyArn: KEY, principal: USER },
    ]);
    for (const r of rows) expect(r).toMatchObject({ contexts: 2, withContext: 3, allCalls: 4 });
    // A role session's ARN keeps only that session's calls, as the events filter does.
    const session = 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session';
    const bySession = await runQuery(store.engine, Q.encryptionContexts, { ...window, principal: session, limit: 10 });
    expect(bySession.rows.map((r) => r.context).sort()).toEqual([JSON.stringify(B), '{"z":"1","tenant":"Zürich/ops"}'].sort());
  });

  it('drill down: the events filter `context` keeps the calls whose context holds the text, in the page and its total', async () => {
    const recs = {
      a1: call(1, 'Decrypt', A),
      a2: call(2, 'Encrypt', A, { userIdentity: user }),
      b: call(3, 'GenerateDataKey', B),
      c: call(4, 'Decrypt', C),
      none: call(5, 'Decrypt', undefined),
      other: call(6, 'Decrypt', A, { resources: res(OTHER) }),
    };
    const store = await storeWith(Object.values(recs));
    const byId = new Map(Object.entries(recs).map(([n, r]) => [String(r.eventID), n]));
    const ids = async (context: string | null, keyArn: string | null = KEY) => {
      const page = await runQuery(store.engine, Q.eventsPage, { ...window, keyArn, context, pageSize: 50 });
      const count = await runQuery(store.engine, Q.eventsCount, { ...window, keyArn, context });
      expect(count.rows[0].events).toBe(page.rows.length);
      return page.rows.map((r) => byId.get(r.eventId)).sort();
    };
    // A contexts row's own text selects exactly its calls.
    const { rows } = await runQuery(store.engine, Q.encryptionContexts, { ...window, keyArn: KEY, limit: 10 });
    for (const r of rows) expect((await ids(r.context)).length).toBe(r.calls);
    expect(await ids(JSON.stringify(A))).toEqual(['a1', 'a2']);
    // Part of it: a bucket, a secret's name; any key when none is given; exact case.
    expect(await ids('arn:aws:s3:::reports/', null)).toEqual(['a1', 'a2', 'other']);
    expect(await ids('secret:db-')).toEqual(['b']);
    expect(await ids('zürich')).toEqual([]);
    expect(await ids('Zürich')).toEqual(['c']);
    expect(await ids(null)).toEqual(['a1', 'a2', 'b', 'c', 'none']);
  });

  it('on the real Stratus trail, lists what each key decrypted as a plain count over its JSON does', async () => {
    const all = readAllRecords(REAL_LOGS).map((r) => r.record);
    const counted = countedKmsEventIds(all);
    const byKey = new Map<string, Map<string, { calls: number; last: string }>>();
    const totals = new Map<string, { all: number; withContext: number }>();
    for (const r of all) {
      if (!counted.has(String(r.eventID))) continue;
      const arn = ((r.resources as { ARN: string; type?: string }[] | undefined) ?? []).find((x) => x.type === 'AWS::KMS::Key')?.ARN;
      if (!arn) continue;
      const t = totals.get(arn) ?? { all: 0, withContext: 0 };
      t.all++;
      totals.set(arn, t);
      const ctx = (r.requestParameters as { encryptionContext?: Record<string, string> } | null)?.encryptionContext;
      if (!ctx || !Object.keys(ctx).length) continue;
      t.withContext++;
      const m = byKey.get(arn) ?? new Map();
      const c = m.get(JSON.stringify(ctx)) ?? { calls: 0, last: '' };
      m.set(JSON.stringify(ctx), { calls: c.calls + 1, last: String(r.eventTime) > c.last ? String(r.eventTime) : c.last });
      byKey.set(arn, m);
    }
    expect(byKey.size).toBeGreaterThanOrEqual(2); // Secrets Manager's key and SSM's
    const store = await storeWith(all);
    for (const [arn, contexts] of byKey) {
      const span = { from: new Date('2023-07-10T00:00:00Z'), to: new Date('2023-07-11T00:00:00Z') };
      const { rows } = await runQuery(store.engine, Q.encryptionContexts, { ...span, keyArn: arn, limit: 100 });
      expect(new Map(rows.map((r) => [r.context, r.calls]))).toEqual(new Map([...contexts].map(([k, v]) => [k, v.calls])));
      expect(rows[0]).toMatchObject({ contexts: contexts.size, ...{ withContext: totals.get(arn)!.withContext, allCalls: totals.get(arn)!.all } });
      // Most calls first; ties most recent first.
      const order = [...contexts].sort(([ka, a], [kb, b]) => b.calls - a.calls || b.last.localeCompare(a.last) || (ka < kb ? -1 : 1));
      expect(rows.map((r) => r.calls)).toEqual(order.map(([, v]) => v.calls));
    }
  });
});
