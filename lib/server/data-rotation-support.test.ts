import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { closeServerStore, serverStoreWith } from '../test/server-store';

/**
 * Keys that cannot rotate automatically (asymmetric, HMAC, imported key material, custom key
 * stores) are "n/a", never "overdue" nor "unknown", on the rotation page. Hand-built records; the
 * expected answers follow from the AWS KMS developer guide ("Rotate AWS KMS keys": only symmetric
 * encryption keys with key material KMS made rotate automatically).
 */
const RANGE = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-27T00:00:00Z'), bucket: 'day' as const, preset: null };
const id = (c: string) => `${c.repeat(8)}-0000-4000-8000-000000000000`;
const key = (c: string) => `arn:aws:kms:us-east-1:111122223333:key/${id(c)}`;
const res = (c: string) => [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(c) }];
const call = (c: string, eventName: string, at: string, over: Record<string, unknown> = {}) =>
  kmsRecord({ eventName, eventTime: at, requestParameters: { keyId: id(c) }, resources: res(c), ...over });
/** CreateKey as CloudTrail logs it: the request, and the new key's metadata in the response. */
const created = (c: string, request: Record<string, unknown>, metadata: Record<string, unknown> | null) =>
  call(c, 'CreateKey', '2025-01-01T10:00:00Z', {
    requestParameters: request,
    responseElements: metadata && { keyMetadata: { keyId: id(c), arn: key(c), keyState: 'Enabled', ...metadata } },
  });
const OLD = '2026-11-22T10:00:00Z';

let summary: Awaited<ReturnType<typeof import('./data-rotation').rotationSummary>>;
beforeAll(async () => {
  process.env.KEYTRAIL_ROTATION_OVERDUE_DAYS = '365';
  await serverStoreWith([
    // a: an RSA signing key created two years before `to`: was "overdue" for a rotation KMS cannot do.
    created('a', { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }, { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', origin: 'AWS_KMS' }),
    call('a', 'Sign', OLD),
    // b: an HMAC key whose response metadata is missing: the request's keySpec tells.
    created('b', { keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' }, null),
    // c: no CreateKey in the logs, but it verifies signatures (one did not match: still a signing key).
    call('c', 'Verify', OLD),
    call('c', 'Verify', OLD, { errorCode: 'KMSInvalidSignatureException', errorMessage: 'signature invalid' }),
    // d: a symmetric key, created long ago, never rotated; someone tried to Sign with it and failed.
    created('d', { keySpec: 'SYMMETRIC_DEFAULT' }, { keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' }),
    call('d', 'Sign', OLD, { errorCode: 'InvalidKeyUsageException', errorMessage: 'not for signing' }),
    // e: imported key material, known only from its ImportKeyMaterial.
    call('e', 'ImportKeyMaterial', '2026-11-01T10:00:00Z'),
    // f: created for imported material (origin EXTERNAL), as the request says.
    created('f', { origin: 'EXTERNAL' }, { keySpec: 'SYMMETRIC_DEFAULT', origin: 'EXTERNAL' }),
    // g: in a CloudHSM key store.
    created(
      'g',
      { customKeyStoreId: 'cks-1234567890abcdef0', origin: 'AWS_CLOUDHSM' },
      { keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_CLOUDHSM' },
    ),
    // h: only Decrypts: the logs cannot tell.
    call('h', 'Decrypt', OLD),
    // i: rotation turned on (so it can rotate), no CreateKey in the logs.
    call('i', 'EnableKeyRotation', '2026-11-01T10:00:00Z'),
  ]);
  summary = await (await import('./data-rotation')).rotationSummary(RANGE);
});
afterAll(closeServerStore);

const row = (c: string) => summary.keys.find((k) => k.keyArn === key(c))!;

describe('keys that cannot rotate automatically', () => {
  it.each([
    ['a', 'asymmetric key (RSA_2048)'],
    ['b', 'HMAC key (HMAC_256)'],
    ['c', 'asymmetric or HMAC key (it signs, verifies or makes MACs)'],
    ['e', 'imported key material'],
    ['f', 'imported key material'],
    ['g', 'in a CloudHSM key store'],
  ])('%s: n/a (%s), never overdue', (c, reason) => {
    expect(row(c)).toMatchObject({ rotationSupported: false, rotationUnsupportedReason: reason, overdue: false });
  });

  it('a symmetric key with KMS material can, and is overdue when never rotated in the threshold', () => {
    expect(row('d')).toMatchObject({
      rotationSupported: true,
      rotationUnsupportedReason: null,
      keySpec: 'SYMMETRIC_DEFAULT',
      overdue: true,
    });
    expect(row('i')).toMatchObject({ rotationSupported: true, rotationEnabled: true });
  });

  it('a key the logs say nothing about stays unknown', () => {
    expect(row('h')).toMatchObject({ rotationSupported: null, rotationEnabled: null, keySpec: null, keyOrigin: null });
  });
});
