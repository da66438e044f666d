import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES, type ErrorClass } from '../error-classes';
import { kmsRecord } from '../test/fixtures';
import { storesPerTest } from '../test/store-per-test';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * error_class per error code, as the AWS KMS API reference describes each error. `integrity`: KMS
 * rejected what the caller handed it — a ciphertext (InvalidCiphertextException from Decrypt or
 * ReEncrypt: corrupted, or its encryption context wrong), a key that did not encrypt it
 * (IncorrectKeyException), a signature (KMSInvalidSignatureException, Verify) or a MAC
 * (KMSInvalidMacException, VerifyMac). ImportKeyMaterial's InvalidCiphertextException is about the
 * wrapped key material, not data: key-state. Each record's class below is written by hand; every
 * count is a plain count over this table, never the SQL under test.
 */
const storeWith = storesPerTest();

const ACCOUNT = '111122223333';
const KEY_A = `arn:aws:kms:us-east-1:${ACCOUNT}:key/aaaaaaaa-1111-4111-8111-111111111111`;
const KEY_B = `arn:aws:kms:us-east-1:${ACCOUNT}:key/bbbbbbbb-2222-4222-8222-222222222222`;
const APP = `arn:aws:iam::${ACCOUNT}:role/AppRole`;
const PROBER = `arn:aws:iam::${ACCOUNT}:role/ProberRole`;
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

const role = (name: string) => ({
  type: 'AssumedRole',
  principalId: `AROA${name.toUpperCase()}:s`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: 'Role', principalId: `AROA${name.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, accountId: ACCOUNT, userName: name } },
});

interface Case {
  eventName: string;
  errorCode: string | null;
  who: 'AppRole' | 'ProberRole';
  key: string;
  /** The class by hand, from the API reference. */
  cls: ErrorClass | null;
}

// 2026-11-20 is a Friday; case i is at 12:i (UTC), except the last two, at 13:00 and 13:01.
const CASES: Case[] = [
  { eventName: 'Decrypt', errorCode: null, who: 'AppRole', key: KEY_A, cls: null },
  { eventName: 'Decrypt', errorCode: 'AccessDenied', who: 'AppRole', key: KEY_A, cls: 'access-denied' },
  { eventName: 'Encrypt', errorCode: 'AccessDeniedException', who: 'ProberRole', key: KEY_A, cls: 'access-denied' },
  { eventName: 'Decrypt', errorCode: 'InvalidCiphertextException', who: 'AppRole', key: KEY_A, cls: 'integrity' },
  { eventName: 'ReEncrypt', errorCode: 'InvalidCiphertextException', who: 'AppRole', key: KEY_A, cls: 'integrity' },
  { eventName: 'Decrypt', errorCode: 'IncorrectKeyException', who: 'ProberRole', key: KEY_A, cls: 'integrity' },
  { eventName: 'ReEncrypt', errorCode: 'IncorrectKeyException', who: 'ProberRole', key: KEY_A, cls: 'integrity' },
  { eventName: 'Verify', errorCode: 'KMSInvalidSignatureException', who: 'ProberRole', key: KEY_B, cls: 'integrity' },
  { eventName: 'Verify', errorCode: 'KMSInvalidSignatureException', who: 'ProberRole', key: KEY_B, cls: 'integrity' },
  { eventName: 'VerifyMac', errorCode: 'KMSInvalidMacException', who: 'ProberRole', key: KEY_B, cls: 'integrity' },
  { eventName: 'ImportKeyMaterial', errorCode: 'InvalidCiphertextException', who: 'AppRole', key: KEY_B, cls: 'key-state' },
  { eventName: 'Decrypt', errorCode: 'KMSInvalidStateException', who: 'AppRole', key: KEY_B, cls: 'key-state' },
  { eventName: 'Encrypt', errorCode: 'DisabledException', who: 'AppRole', key: KEY_B, cls: 'key-state' },
  // Sign on an encryption key: the caller chose the wrong key or operation, nothing about the key's state.
  { eventName: 'Sign', errorCode: 'InvalidKeyUsageException', who: 'ProberRole', key: KEY_A, cls: 'other' },
  { eventName: 'Encrypt', errorCode: 'ThrottlingException', who: 'AppRole', key: KEY_A, cls: 'throttling' },
  { eventName: 'Decrypt', errorCode: 'ValidationException', who: 'AppRole', key: KEY_A, cls: 'other' },
  // EC2's words for the same refusal (an EBS call through KMS on a caller's behalf may carry them).
  { eventName: 'CreateGrant', errorCode: 'Client.UnauthorizedOperation', who: 'ProberRole', key: KEY_A, cls: 'access-denied' },
  { eventName: 'Decrypt', errorCode: 'UnauthorizedOperation', who: 'ProberRole', key: KEY_B, cls: 'access-denied' },
  { eventName: 'Verify', errorCode: 'DryRunOperationException', who: 'ProberRole', key: KEY_B, cls: null },
  { eventName: 'Verify', errorCode: 'KMSInvalidSignatureException', who: 'ProberRole', key: KEY_B, cls: 'integrity' },
  { eventName: 'Decrypt', errorCode: 'InvalidCiphertextException', who: 'AppRole', key: KEY_A, cls: 'integrity' },
];
const timeOf = (i: number) =>
  i < CASES.length - 2 ? `2026-11-20T12:${String(i).padStart(2, '0')}:00Z` : `2026-11-20T13:0${i - (CASES.length - 2)}:00Z`;
const idOf = (i: number) => `00000000-0000-4000-8000-ec${String(i).padStart(10, '0')}`;

const load = () =>
  storeWith(
    CASES.map((c, i) =>
      kmsRecord({
        eventID: idOf(i),
        eventName: c.eventName,
        eventTime: timeOf(i),
        userIdentity: role(c.who),
        resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: c.key }],
        ...(c.errorCode ? { errorCode: c.errorCode } : {}),
      }),
    ),
  );

const principalOf = (c: Case) => (c.who === 'AppRole' ? APP : PROBER);
const count = (pred: (c: Case) => boolean) => CASES.filter(pred).length;

describe('error_class', () => {
  it('is derived per error code as the API reference describes it', async () => {
    const store = await load();
    const rows = (await runQuery(store.engine, Q.eventsPage, { ...window, pageSize: 50 })).rows;
    const byId = new Map(rows.map((r) => [r.eventId, r.errorClass]));
    expect(byId.size).toBe(CASES.length);
    for (const [i, c] of CASES.entries()) expect(byId.get(idOf(i)), `${c.eventName} ${c.errorCode}`).toBe(c.cls);
  });

  it('counts integrity failures apart in the heatmap, the principal × key grid and the events filter', async () => {
    const store = await load();
    const byHour = (await runQuery(store.engine, Q.failuresByHour, { ...window, keyArn: null, principal: null })).rows;
    const expected = [12, 13].flatMap((h) =>
      ERROR_CLASSES.map((cls) => [5, h, cls, count((c) => c.cls === cls && Number(timeOf(CASES.indexOf(c)).slice(11, 13)) === h)] as const),
    ).filter((r) => r[3] > 0);
    expect(byHour.map((r) => [r.weekday, r.hour, r.errorClass, r.count]).sort()).toEqual(expected.map((r) => [...r]).sort());
    // By hand: cases 3–9 are integrity failures at 12:00, cases 17 and 18 at 13:00.
    expect(byHour.filter((r) => r.errorClass === 'integrity').map((r) => [r.hour, r.count])).toEqual([
      [12, 7],
      [13, 2],
    ]);

    const grid = (await runQuery(store.engine, Q.failuresByPrincipalKey, { ...window, limit: 10 })).rows;
    const pairs = [...new Set(CASES.filter((c) => c.cls).map((c) => `${principalOf(c)}|${c.key}`))];
    const expectedGrid = pairs.map((pk) => {
      const here = CASES.filter((c) => c.cls && `${principalOf(c)}|${c.key}` === pk);
      const n = (cls: ErrorClass[]) => here.filter((c) => cls.includes(c.cls!)).length;
      return {
        principal: pk.split('|')[0],
        keyArn: pk.split('|')[1],
        accessDenied: n(['access-denied']),
        keyState: n(['key-state']),
        integrity: n(['integrity']),
        other: n(['throttling', 'other']),
        count: here.length,
        principalTotal: count((c) => c.cls !== null && principalOf(c) === pk.split('|')[0]),
        pairsInAll: pairs.length,
      };
    });
    const byPair = (a: { principal: string; keyArn: string }, b: { principal: string; keyArn: string }) =>
      `${a.principal}|${a.keyArn}`.localeCompare(`${b.principal}|${b.keyArn}`);
    expect([...grid].sort(byPair)).toEqual(expectedGrid.sort(byPair));
    // A limit that cuts pairs leaves each principal's total whole: the grid's "Other keys" counts on it.
    const busiest = (await runQuery(store.engine, Q.failuresByPrincipalKey, { ...window, limit: 1 })).rows;
    expect(busiest).toHaveLength(1);
    // By hand: the busiest pair is AppRole on key A (cases 1, 3, 4, 14, 15, 18); AppRole fails 9 times
    // in all (those and 10–12, on key B).
    expect([busiest[0].principal, busiest[0].keyArn, busiest[0].count, busiest[0].principalTotal]).toEqual([APP, KEY_A, 6, 9]);
    // And it says how many pairs the limit left out.
    expect(busiest[0].pairsInAll).toBe(pairs.length);

    for (const cls of ERROR_CLASSES) {
      const n = count((c) => c.cls === cls);
      const total = (await runQuery(store.engine, Q.eventsCount, { ...window, errorClass: cls })).rows[0];
      expect([cls, total.events, total.failed]).toEqual([cls, n, n]);
    }
    // The heatmap's integrity cell at Friday 12:00 drills down to exactly its 7 events.
    const cell = { ...window, errorCode: '*', errorClass: 'integrity' as const, weekday: 5, hour: 12 };
    const page = (await runQuery(store.engine, Q.eventsPage, { ...cell, pageSize: 50 })).rows;
    expect(page.map((r) => r.eventId).sort()).toEqual([3, 4, 5, 6, 7, 8, 9].map(idOf));
  });
});
