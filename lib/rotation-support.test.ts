import { describe, expect, it } from 'vitest';
import { rotationSupport, sharedRotationNote } from './rotation-support';

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
