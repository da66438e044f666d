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
/** Multi-Region keys: one account and mrk- key id, one key per Region. */
const mrk = (c: string, region: string) => `arn:aws:kms:${region}:111122223333:key/mrk-${c.repeat(32)}`;
const onKey = (arn: string, eventName: string, at: string, over: Record<string, unknown> = {}) =>
  kmsRecord({
    eventName,
    eventTime: at,
    awsRegion: arn.split(':')[3],
    requestParameters: { keyId: arn.split('/').pop() },
    resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: arn }],
    ...over,
  });
const createdMrk = (c: string, keySpec: string) =>
  onKey(mrk(c, 'us-east-1'), 'CreateKey', '2025-01-01T10:00:00Z', {
    requestParameters: { keySpec, multiRegion: true },
    responseElements: {
      keyMetadata: { keyId: `mrk-${c.repeat(32)}`, arn: mrk(c, 'us-east-1'), keySpec, origin: 'AWS_KMS', multiRegion: true },
    },
  });

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
    // 1: a symmetric multi-Region primary made by KMS; its replica in eu-west-1 is only used there.
    createdMrk('1', 'SYMMETRIC_DEFAULT'),
    onKey(mrk('1', 'eu-west-1'), 'Decrypt', OLD),
    // 2: an RSA multi-Region primary; its replica in eu-west-1 is only used (no CreateKey there).
    createdMrk('2', 'RSA_2048'),
    onKey(mrk('2', 'eu-west-1'), 'Decrypt', OLD),
    // 3: the primary's CreateKey is older than the logs; its ReplicateKey (logged in the primary's Region,
    // the shape the AWS KMS developer guide shows) says what the replica in us-west-2 is.
    onKey(mrk('3', 'us-east-1'), 'ReplicateKey', '2026-11-02T10:00:00Z', {
      requestParameters: {
        keyId: `mrk-${'3'.repeat(32)}`,
        replicaRegion: 'us-west-2',
        bypassPolicyLockoutSafetyCheck: false,
        description: '',
      },
      responseElements: {
        replicaKeyMetadata: {
          keyId: `mrk-${'3'.repeat(32)}`,
          arn: mrk('3', 'us-west-2'),
          keyState: 'Creating',
          origin: 'AWS_KMS',
          keySpec: 'SYMMETRIC_DEFAULT',
          multiRegion: true,
        },
      },
      resources: [
        { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: mrk('3', 'us-east-1') },
        { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: mrk('3', 'us-west-2') },
      ],
    }),
    onKey(mrk('3', 'us-west-2'), 'Decrypt', OLD),
    // 5: an RSA multi-Region primary, and a CreateKey logged for its replica in eu-west-1 that names no
    // spec: the primary's spec is the replica's, not the default a bare CreateKey implies.
    createdMrk('5', 'RSA_2048'),
    onKey(mrk('5', 'eu-west-1'), 'CreateKey', '2025-01-02T10:00:00Z', { requestParameters: {}, responseElements: null }),
    // 4: rotation turned on on the primary in us-east-1; the replica in ap-southeast-2 is only used.
    onKey(mrk('4', 'us-east-1'), 'EnableKeyRotation', '2026-11-01T10:00:00Z'),
    onKey(mrk('4', 'ap-southeast-2'), 'Decrypt', OLD),
    // 6: a ReplicateKey response as the AWS KMS developer guide's example has it: customerMasterKeySpec only.
    onKey(mrk('6', 'us-east-1'), 'ReplicateKey', '2026-11-02T10:00:00Z', {
      requestParameters: { keyId: `mrk-${'6'.repeat(32)}`, replicaRegion: 'us-west-2' },
      responseElements: {
        replicaKeyMetadata: {
          keyId: `mrk-${'6'.repeat(32)}`,
          arn: mrk('6', 'us-west-2'),
          customerMasterKeySpec: 'RSA_2048',
          origin: 'AWS_KMS',
        },
      },
      resources: [
        { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: mrk('6', 'us-east-1') },
        { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: mrk('6', 'us-west-2') },
      ],
    }),
    onKey(mrk('6', 'us-west-2'), 'Decrypt', OLD),
    // 7: a primary made in 2024 and never rotated; a replica made last month (its own CreateKey, in
    // its Region) holds the same two-year-old material.
    onKey(mrk('7', 'us-east-1'), 'CreateKey', '2024-06-01T10:00:00Z', {
      requestParameters: { multiRegion: true },
      responseElements: { keyMetadata: { keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS', multiRegion: true } },
    }),
    onKey(mrk('7', 'eu-west-1'), 'CreateKey', '2026-10-01T10:00:00Z', { requestParameters: {}, responseElements: null }),
    onKey(mrk('7', 'eu-west-1'), 'Decrypt', OLD),
    // 8: a primary made before the logs (used since May, rotation turned off); a replica made in
    // October: the material's age is unknown, and rotation is off, so both are overdue.
    onKey(mrk('8', 'us-east-1'), 'DisableKeyRotation', '2026-05-01T10:00:00Z'),
    onKey(mrk('8', 'eu-west-1'), 'CreateKey', '2026-10-01T10:00:00Z', { requestParameters: {}, responseElements: null }),
    onKey(mrk('8', 'eu-west-1'), 'Decrypt', OLD),
    // k: a symmetric key made in June 2026, never rotated: under a year old now.
    call('k', 'CreateKey', '2026-06-01T10:00:00Z', {
      requestParameters: { keySpec: 'SYMMETRIC_DEFAULT' },
      responseElements: { keyMetadata: { keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' } },
    }),
    // j: a symmetric key made two years ago, never rotated, now pending deletion: nothing to rotate.
    created('j', { keySpec: 'SYMMETRIC_DEFAULT' }, { keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' }),
    call('j', 'DisableKey', '2026-11-21T10:00:00Z'),
    call('j', 'ScheduleKeyDeletion', '2026-11-21T10:00:01Z', { responseElements: { deletionDate: 'Dec 21, 2026, 12:00:00 AM' } }),
  ]);
  summary = await (await import('./data-rotation')).rotationSummary(RANGE);
});
afterAll(closeServerStore);

const row = (c: string) => summary.keys.find((k) => k.keyArn === key(c))!;
const rowOf = (arn: string) => summary.keys.find((k) => k.keyArn === arn)!;

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

  it('a key pending deletion is never overdue: there is nothing left to rotate', () => {
    expect(row('j')).toMatchObject({ rotationSupported: true, pendingDeletion: true, overdue: false });
  });

  it('a range typed into the future does not age the keys past now', async () => {
    const future = { ...RANGE, from: new Date('2029-12-25T00:00:00Z'), to: new Date('2030-01-01T00:00:00Z') };
    const later = await (await import('./data-rotation')).rotationSummary(future);
    expect(row('k')).toMatchObject({ rotationSupported: true, overdue: false });
    expect(later.keys.find((k) => k.keyArn === key('k'))).toMatchObject({ overdue: false });
    expect(later.keys.find((k) => k.keyArn === key('d'))).toMatchObject({ overdue: true });
  });

  it('a key the logs say nothing about stays unknown', () => {
    expect(row('h')).toMatchObject({ rotationSupported: null, rotationEnabled: null, keySpec: null, keyOrigin: null });
  });
});

/**
 * A multi-Region replica shares its primary's key spec, origin and automatic rotation (AWS KMS API
 * reference, ReplicateKey), but its CreateKey is logged in its primary's Region: it reads the facts
 * of every key with its account and key id.
 */
describe('multi-Region replicas', () => {
  it("a replica of a symmetric key KMS made can rotate, from its primary's CreateKey", () => {
    expect(rowOf(mrk('1', 'eu-west-1'))).toMatchObject({
      rotationSupported: true,
      rotationUnsupportedReason: null,
      keySpec: 'SYMMETRIC_DEFAULT',
      keyOrigin: 'AWS_KMS',
    });
    expect(rowOf(mrk('1', 'us-east-1'))).toMatchObject({ rotationSupported: true, overdue: true });
  });

  it("a replica of an RSA key is n/a, from its primary's CreateKey", () => {
    expect(rowOf(mrk('2', 'eu-west-1'))).toMatchObject({
      rotationSupported: false,
      rotationUnsupportedReason: 'asymmetric key (RSA_2048)',
      overdue: false,
    });
  });

  it('a spec the logs name outweighs the default a CreateKey without one implies', () => {
    expect(rowOf(mrk('5', 'eu-west-1'))).toMatchObject({ rotationSupported: false, keySpec: 'RSA_2048' });
    expect(rowOf(mrk('5', 'us-east-1'))).toMatchObject({ rotationSupported: false, keySpec: 'RSA_2048' });
  });

  it('a replica whose primary was created before the logs: ReplicateKey says what it is', () => {
    expect(rowOf(mrk('3', 'us-west-2'))).toMatchObject({ rotationSupported: true, keySpec: 'SYMMETRIC_DEFAULT', keyOrigin: 'AWS_KMS' });
  });

  it("a replica's spec from a ReplicateKey response that names only customerMasterKeySpec", () => {
    expect(rowOf(mrk('6', 'us-west-2'))).toMatchObject({ rotationSupported: false, keySpec: 'RSA_2048' });
  });

  it("a replica's key material is as old as its primary's: overdue with it", () => {
    expect(rowOf(mrk('7', 'us-east-1'))).toMatchObject({ overdue: true, lastRotated: null });
    expect(rowOf(mrk('7', 'eu-west-1'))).toMatchObject({ overdue: true, lastRotated: null });
  });

  it('a replica made recently of a primary older than the logs: age unknown, overdue as rotation is off', () => {
    expect(rowOf(mrk('8', 'us-east-1'))).toMatchObject({ rotationEnabled: false, overdue: true });
    expect(rowOf(mrk('8', 'eu-west-1'))).toMatchObject({ rotationEnabled: false, overdue: true });
  });

  it('a replica reads rotation turned on on its primary, and where it was turned on', () => {
    expect(rowOf(mrk('4', 'ap-southeast-2'))).toMatchObject({
      rotationSupported: true,
      rotationEnabled: true,
      rotationEvidence: 'EnableKeyRotation',
      rotationEvidenceKeyArn: mrk('4', 'us-east-1'),
      rotationPeriodDays: 365,
    });
    expect(rowOf(mrk('4', 'us-east-1'))).toMatchObject({ rotationEnabled: true, rotationEvidenceKeyArn: mrk('4', 'us-east-1') });
  });
});
