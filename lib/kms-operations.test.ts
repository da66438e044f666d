import { describe, expect, it } from 'vitest';
import { canonicalOperation, KMS_OPERATIONS } from './kms-operations';

describe('canonicalOperation', () => {
  it('fixes the case of a KMS operation, and leaves anything else as typed', () => {
    expect(canonicalOperation('decrypt')).toBe('Decrypt');
    expect(canonicalOperation(' GENERATEDATAKEYWITHOUTPLAINTEXT ')).toBe('GenerateDataKeyWithoutPlaintext');
    expect(canonicalOperation('SomeFutureApi')).toBe('SomeFutureApi');
  });

  it('lists each name once', () => {
    expect(new Set(KMS_OPERATIONS.map((o) => o.toLowerCase())).size).toBe(KMS_OPERATIONS.length);
  });
});
