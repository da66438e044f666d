import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord, kmsServiceEvent } from '../test/fixtures';
import { closeServerStore, serverStoreWith } from '../test/server-store';
import { call, id, key, RANGE, res } from '../test/rotation-keys';

/**
 * GET /api/rotation's data for deleted keys, lost key material and automatic rotation, over
 * hand-built records in the shapes of the AWS KMS developer guide (DeleteKey, RotateKey and
 * DeleteExpiredKeyMaterial are service events). Each expectation is counted by hand below.
 */
const service = (c: string, eventName: string, at: string, details: Record<string, unknown> = {}) =>
  kmsServiceEvent(key(c), eventName, at, details);
const decrypt = (c: string, at: string, over: Record<string, unknown> = {}) =>
  kmsRecord({
    eventName: 'Decrypt',
    eventTime: at,
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    resources: res(c),
    ...over,
  });

const notFound = (c: string, at: string) =>
  kmsRecord({
    eventName: 'DescribeKey',
    eventTime: at,
    errorCode: 'NotFoundException',
    errorMessage: `Key '${key(c)}' does not exist`,
    requestParameters: null,
    resources: null,
  });

let summary: Awaited<ReturnType<typeof import('./data-rotation').rotationSummary>>;
beforeAll(async () => {
  process.env.KEYTRAIL_ROTATION_OVERDUE_DAYS = '365';
  await serverStoreWith([
    // a: created over a year ago, rotation off; scheduled, called twice while deleting, then deleted
    // by KMS inside the range (3 events in the range). Still called until its deletion; never overdue
    // nor "rotation off".
    call('a', 'CreateKey', '2025-06-01T10:00:00Z'),
    call('a', 'DisableKeyRotation', '2025-06-01T10:05:00Z'),
    call('a', 'ScheduleKeyDeletion', '2026-11-14T10:00:00Z', { responseElements: { deletionDate: '2026-11-21T10:00:00Z' } }),
    decrypt('a', '2026-11-20T09:00:00Z'),
    decrypt('a', '2026-11-21T09:00:00Z'),
    service('a', 'DeleteKey', '2026-11-21T10:00:00Z'),
    // b: the same history, deleted before the range and quiet since: not unused, not overdue, listed last.
    call('b', 'CreateKey', '2025-06-01T10:00:00Z'),
    call('b', 'DisableKeyRotation', '2025-06-01T10:05:00Z'),
    call('b', 'ScheduleKeyDeletion', '2026-11-10T10:00:00Z'),
    service('b', 'DeleteKey', '2026-11-17T10:00:00Z'),
    // c: its imported material expired in the range; a call after that failed (2 events): still called.
    call('c', 'ImportKeyMaterial', '2026-11-01T10:00:00Z'),
    service('c', 'DeleteExpiredKeyMaterial', '2026-11-21T00:00:00Z', { keyMaterialId: 'f'.repeat(64) }),
    decrypt('c', '2026-11-22T10:00:00Z', { errorCode: 'KMSInvalidStateException', errorMessage: `${key('c')} is pending import.` }),
    // d: rotated automatically in the range, no EnableKeyRotation in the logs; 4 events.
    service('d', 'RotateKey', '2026-11-21T01:41:59Z', { rotationType: 'AUTOMATIC', keyOrigin: 'AWS_KMS' }),
    decrypt('d', '2026-11-22T10:00:00Z'),
    decrypt('d', '2026-11-23T10:00:00Z'),
    decrypt('d', '2026-11-24T10:00:00Z'),
    // e: created before the range, never called: unused.
    call('e', 'CreateKey', '2026-11-18T10:00:00Z'),
    // f: scheduled for deletion, then cancelled (before the range): disabled, with no deletion date.
    call('f', 'ScheduleKeyDeletion', '2026-11-10T10:00:00Z', {
      responseElements: { keyState: 'PendingDeletion', deletionDate: 'Nov 17, 2026, 12:00:00 AM' },
    }),
    call('f', 'CancelKeyDeletion', '2026-11-11T10:00:00Z'),
    // g: named only by calls KMS answered NotFoundException (the key in the message, as KMS logs it): no key.
    notFound('g', '2026-11-21T10:00:00Z'),
    notFound('g', '2026-11-22T10:00:00Z'),
    // h: one such answer, and a Decrypt that worked: a key (2 calls in the range, 1 failed).
    notFound('h', '2026-11-21T10:00:00Z'),
    decrypt('h', '2026-11-22T10:00:00Z'),
    // i: rotation on every 90 days from 2026-01-01, rotated automatically on 2026-04-01, then nothing logged:
    // due 2026-06-30, long past at the range's end.
    call('i', 'EnableKeyRotation', '2026-01-01T00:00:00Z', { requestParameters: { keyId: id('i'), rotationPeriodInDays: 90 } }),
    service('i', 'RotateKey', '2026-04-01T00:00:00Z', { rotationType: 'AUTOMATIC', keyOrigin: 'AWS_KMS' }),
  ]);
  summary = await (await import('./data-rotation')).rotationSummary(RANGE);
});
afterAll(closeServerStore);

const row = (c: string) => summary.keys.find((k) => k.keyArn === key(c))!;

describe('rotation summary: deleted keys, lost key material, automatic rotation', () => {
  it('a deleted key is deleted, never overdue, "rotation off" or unused, and still called up to its deletion', () => {
    const a = row('a');
    expect([a.deleted, a.deletedAt, a.pendingDeletion, a.disabled]).toEqual([true, '2026-11-21T10:00:00.000Z', false, false]);
    expect([a.overdue, a.unused, a.stillUsed, a.calls]).toEqual([false, false, true, 3]);
    const b = row('b');
    expect([b.deleted, b.deletedAt, b.overdue, b.unused, b.stillUsed, b.calls]).toEqual([
      true,
      '2026-11-17T10:00:00.000Z',
      false,
      false,
      false,
      0,
    ]);
  });

  it('a key whose material expired is pending import, and a call after that makes it still used', () => {
    const c = row('c');
    expect([c.pendingImport, c.disabled, c.deleted, c.stillUsed, c.calls, c.errors]).toEqual([true, false, false, true, 2, 1]);
  });

  it('an automatic rotation says rotation is on, and says so as its evidence', () => {
    const d = row('d');
    expect([d.rotationEnabled, d.rotationEvidence, d.rotationEvidenceAt, d.rotationChangedAt]).toEqual([
      true,
      'RotateKey',
      '2026-11-21T01:41:59.000Z',
      null,
    ]);
    expect([d.lastRotationType, d.overdue, d.unused]).toEqual(['AUTOMATIC', false, false]);
    // No period in the logs (no EnableKeyRotation): no date to expect the next one by.
    expect([d.nextRotationExpected, d.rotationLate]).toEqual([null, false]);
  });

  it('a key whose automatic rotation is due and not logged says by when it was due', () => {
    const i = row('i');
    expect([i.rotationEnabled, i.rotationPeriodDays, i.lastRotated]).toEqual([true, 90, '2026-04-01T00:00:00.000Z']);
    // 2026-04-01 + 90 days; not overdue against the 365-day policy (240 days old), but late on its own schedule.
    expect([i.nextRotationExpected, i.rotationLate, i.overdue]).toEqual(['2026-06-30T00:00:00.000Z', true, false]);
  });

  it('a cancelled deletion leaves the key disabled, without the deletion date it had', () => {
    const f = row('f');
    expect([f.disabled, f.pendingDeletion, f.deleted, f.deletionDate]).toEqual([true, false, false, null]);
  });

  it('a key id KMS never found is no key: not listed, said apart; one it found once is a key', () => {
    expect(summary.keys.map((k) => k.keyArn)).not.toContain(key('g'));
    expect(summary.notFoundKeys).toEqual([key('g')]);
    expect([row('h').calls, row('h').errors]).toEqual([2, 1]);
  });

  it('orders keys to act on first: still called (by calls), then the rest, then deleted keys', () => {
    // a (3 calls) and c (2), both still called; then i, its rotation late on its own schedule; then e,
    // rotation off (created in the logs, never turned on); then f, disabled; then d (4) and h (2),
    // healthy; then b, deleted.
    expect(summary.keys.map((k) => k.keyArn)).toEqual(['a', 'c', 'i', 'e', 'f', 'd', 'h', 'b'].map(key));
    expect(row('e').unused).toBe(true);
    // Keys start with automatic rotation off: e's CreateKey is in the logs and no EnableKeyRotation since.
    expect([row('e').rotationEnabled, row('e').rotationOffSinceCreation]).toEqual([false, true]);
  });
});
