import { describe, expect, it } from 'vitest';
import { nextAutoRotation, rotationSupport, sharedRotationNote } from './rotation-support';

const facts = { keySpec: null, keyOrigin: null, nonSymmetricCalls: 0, rotationEnabled: null };

describe('rotationSupport', () => {
  it('a rotation setting KMS accepted outweighs any guess from calls', () => {
    expect(rotationSupport({ ...facts, rotationEnabled: false, nonSymmetricCalls: 3 })).toEqual({ supported: true, reason: null });
  });
  it('the spec decides before the origin, the origin before the calls', () => {
    expect(rotationSupport({ ...facts, keySpec: 'ECC_NIST_P256', keyOrigin: 'EXTERNAL' }).reason).toBe('asymmetric key (ECC_NIST_P256)');
    expect(rotationSupport({ ...facts, keySpec: 'SYMMETRIC_DEFAULT', keyOrigin: 'EXTERNAL_KEY_STORE', nonSymmetricCalls: 1 }).reason).toBe(
      'in an external key store',
    );
    expect(rotationSupport({ ...facts, keyOrigin: 'SOMETHING_NEW' }).reason).toBe('origin SOMETHING_NEW');
  });
  it('a symmetric key from CreateKey can; with no evidence, nobody knows', () => {
    expect(rotationSupport({ ...facts, keySpec: 'SYMMETRIC_DEFAULT', keyOrigin: 'AWS_KMS' }).supported).toBe(true);
    expect(rotationSupport(facts)).toEqual({ supported: null, reason: null });
  });
});

describe('sharedRotationNote', () => {
  const replica = 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
  const primary = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
  it("says where a replica's rotation was set or done", () => {
    expect(sharedRotationNote(replica, primary, 'EnableKeyRotation')).toBe('set on the primary in us-east-1');
    expect(sharedRotationNote(replica, primary, 'DisableKeyRotation')).toBe('set on the primary in us-east-1');
    expect(sharedRotationNote(replica, primary, 'RotateKey')).toBe('rotated with the multi-Region key in us-east-1 (rotation is shared)');
  });
  it("says nothing when the evidence is the key's own, or there is none", () => {
    expect(sharedRotationNote(primary, primary, 'EnableKeyRotation')).toBeNull();
    expect(sharedRotationNote(replica, null, null)).toBeNull();
  });
});

describe('nextAutoRotation', () => {
  const on = { rotationEnabled: true, rotationPeriodDays: 90, rotationChangedAt: '2026-01-01T00:00:00Z', lastAutoRotated: null };
  const at = (iso: string) => Date.parse(iso);

  it('counts the period from the day rotation was turned on, then from each automatic rotation', () => {
    // 2026-01-01 + 90 days = 2026-04-01.
    expect(nextAutoRotation(on, at('2026-02-01T00:00:00Z'))).toEqual({ expected: '2026-04-01T00:00:00.000Z', late: false });
    const rotated = { ...on, lastAutoRotated: '2026-04-01T03:00:00Z' };
    expect(nextAutoRotation(rotated, at('2026-05-01T00:00:00Z'))).toEqual({ expected: '2026-06-30T03:00:00.000Z', late: false });
  });

  it('is late only past two days of grace with no automatic rotation logged', () => {
    expect(nextAutoRotation(on, at('2026-04-03T00:00:00Z'))?.late).toBe(false);
    expect(nextAutoRotation(on, at('2026-04-03T00:00:01Z'))?.late).toBe(true);
    // A 90-day key last rotated 274 days ago: late (the review's case), whatever the overdue threshold.
    const old = { ...on, rotationChangedAt: '2025-01-01T00:00:00Z', lastAutoRotated: '2025-04-01T00:00:00Z' };
    expect(nextAutoRotation(old, at('2025-12-31T00:00:00Z'))).toEqual({ expected: '2025-06-30T00:00:00.000Z', late: true });
  });

  it('counts from the later of the two: a period set again after a rotation is never late too early', () => {
    const reset = { ...on, rotationChangedAt: '2026-03-01T00:00:00Z', lastAutoRotated: '2026-02-01T00:00:00Z' };
    expect(nextAutoRotation(reset, at('2026-05-15T00:00:00Z'))).toEqual({ expected: '2026-05-30T00:00:00.000Z', late: false });
  });

  it('says nothing when rotation is not on, has no period, or nothing to count from', () => {
    expect(nextAutoRotation({ ...on, rotationEnabled: false }, at('2027-01-01T00:00:00Z'))).toBeNull();
    expect(nextAutoRotation({ ...on, rotationEnabled: null }, at('2027-01-01T00:00:00Z'))).toBeNull();
    expect(nextAutoRotation({ ...on, rotationPeriodDays: null }, at('2027-01-01T00:00:00Z'))).toBeNull();
    expect(nextAutoRotation({ ...on, rotationChangedAt: null }, at('2027-01-01T00:00:00Z'))).toBeNull();
  });
});
