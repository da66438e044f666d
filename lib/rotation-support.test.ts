import { describe, expect, it } from 'vitest';
import { rotationSupport } from './rotation-support';

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
