import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServerStore, serverStoreWith } from '../test/server-store';
import { call, id, key, RANGE } from '../test/rotation-keys';

/**
 * What KMS does not do to a key that is out of use, and what a passed deletion date means (AWS KMS
 * developer guide: KMS does not rotate a disabled key; it deletes a key when its waiting period
 * ends). Hand-built records; each expectation is read off them.
 */

let summary: Awaited<ReturnType<typeof import('./data-rotation').rotationSummary>>;
beforeAll(async () => {
  await serverStoreWith([
    // a: rotation on every 90 days from 2026-01-01, disabled on 2026-02-01: no rotation is due while it is.
    call('a', 'EnableKeyRotation', '2026-01-01T00:00:00Z', { requestParameters: { keyId: id('a'), rotationPeriodInDays: 90 } }),
    call('a', 'DisableKey', '2026-02-01T00:00:00Z'),
    // b: the same, still enabled: its rotation was due 2026-04-01 and none is logged.
    call('b', 'EnableKeyRotation', '2026-01-01T00:00:00Z', { requestParameters: { keyId: id('b'), rotationPeriodInDays: 90 } }),
    // c: scheduled for deletion on 2026-10-01 for 2026-10-09; no DeleteKey logged by the range's end.
    call('c', 'ScheduleKeyDeletion', '2026-10-01T00:00:00Z', {
      requestParameters: { keyId: id('c'), pendingWindowInDays: 8 },
      responseElements: { keyId: key('c'), deletionDate: 'Oct 9, 2026, 12:00:00 AM', keyState: 'PendingDeletion' },
    }),
    // d: scheduled on 2026-11-25 for 2026-12-25: still waiting at the range's end.
    call('d', 'ScheduleKeyDeletion', '2026-11-25T00:00:00Z', {
      responseElements: { keyId: key('d'), deletionDate: 'Dec 25, 2026, 12:00:00 AM', keyState: 'PendingDeletion' },
    }),
    // e: imported material that expires 2026-12-10 (CloudTrail's text): 13 days after the range's end.
    call('e', 'ImportKeyMaterial', '2026-11-01T00:00:00Z', {
      requestParameters: { keyId: id('e'), validTo: 'Dec 10, 2026, 12:00:00 AM', expirationModel: 'KEY_MATERIAL_EXPIRES' },
    }),
    // f: the same, expiring in a year; g: material that does not expire.
    call('f', 'ImportKeyMaterial', '2026-11-01T00:00:00Z', {
      requestParameters: { keyId: id('f'), validTo: 'Nov 1, 2027, 12:00:00 AM', expirationModel: 'KEY_MATERIAL_EXPIRES' },
    }),
    call('g', 'ImportKeyMaterial', '2026-11-01T00:00:00Z', {
      requestParameters: { keyId: id('g'), expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
    }),
    // h: disabled in the range, then decrypted with: still called. i: disabled, decrypted with only before.
    call('h', 'DisableKey', '2026-11-21T00:00:00Z'),
    call('h', 'Decrypt', '2026-11-22T00:00:00Z', { readOnly: true, errorCode: 'DisabledException', errorMessage: 'disabled' }),
    call('i', 'Decrypt', '2026-11-20T12:00:00Z', { readOnly: true }),
    call('i', 'DisableKey', '2026-11-21T00:00:00Z'),
  ]);
  summary = await (await import('./data-rotation')).rotationSummary(RANGE);
});
afterAll(closeServerStore);

const row = (c: string) => summary.keys.find((k) => k.keyArn === key(c))!;

describe("a key page's state (keyStateNow)", () => {
  it("is the rotation page's row of each key without its usage, read off the same records", async () => {
    const { keyStateNow } = await import('./data-rotation');
    expect(summary.keys.map((k) => k.keyArn.split('/')[1][0])).toEqual(expect.arrayContaining([...'abcdefghi']));
    for (const k of summary.keys) {
      const { calls, previousCalls, errors, principals, unused, ...state } = k;
      void [calls, previousCalls, errors, principals, unused];
      expect(await keyStateNow(k.keyArn, RANGE)).toEqual({ state, asOf: RANGE.to });
    }
    // A key called after it was disabled is still used; one called only before is not.
    expect([row('h').stillUsed, row('i').stillUsed]).toEqual([true, false]);
    expect((await keyStateNow(key('h'), RANGE))?.state.stillUsed).toBe(true);
    expect(await keyStateNow(key('z'), RANGE)).toBeNull();
    // The alias its page shows stands in when the shared names lack it: an AWS managed alias makes rotation AWS's.
    expect((await keyStateNow(key('b'), RANGE))?.state.awsManaged).toBe(false);
    expect((await keyStateNow(key('b'), RANGE, { alias: 'alias/aws/ebs' }))?.state).toMatchObject({
      awsManaged: true,
      alias: 'alias/aws/ebs',
    });
  });
});

describe('a key out of use', () => {
  it('a disabled key has no rotation due, so none is "late"', () => {
    expect([row('a').disabled, row('a').rotationEnabled, row('a').nextRotationExpected, row('a').rotationLate]).toEqual([
      true,
      true,
      null,
      false,
    ]);
    // The same schedule on a key in use: due 2026-04-01 (2026-01-01 + 90 days), long past.
    expect([row('b').nextRotationExpected, row('b').rotationLate]).toEqual(['2026-04-01T00:00:00.000Z', true]);
  });

  it('a pending deletion whose date has passed says so; one still waiting does not', () => {
    expect([row('c').pendingDeletion, row('c').deletionDatePassed]).toEqual([true, true]);
    expect([row('d').pendingDeletion, row('d').deletionDatePassed]).toEqual([true, false]);
  });
});

describe('imported key material that expires', () => {
  it('says when, and one that expires within 30 days is among the keys to act on first', () => {
    expect(row('e').materialExpires).toBe('2026-12-10T00:00:00.000Z');
    expect(row('f').materialExpires).toBe('2027-11-01T00:00:00.000Z');
    expect(row('g').materialExpires).toBeNull();
    expect([row('e').materialExpiresSoon, row('f').materialExpiresSoon, row('g').materialExpiresSoon]).toEqual([true, false, false]);
    expect(summary.asOf).toEqual(RANGE.to);
    const order = summary.keys.map((k) => k.keyArn);
    expect(order.indexOf(key('e'))).toBeLessThan(order.indexOf(key('f')));
  });
});
