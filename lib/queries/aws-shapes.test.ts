import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { findingsConfig } from '../findings/config';
import { rules, type Finding } from '../findings/rules';
import { rotationSupport } from '../rotation-support';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import * as Q from './catalog';
import { runQuery } from './define';

/**
 * Today's logic against records shaped as AWS writes them (AWS KMS developer guide, "Logging AWS KMS
 * API calls with AWS CloudTrail": CreateKey, ReplicateKey, PutKeyPolicy, Sign, Verify, VerifyMac,
 * Decrypt and its failure, ReEncrypt; the CloudTrail userIdentity reference), quirks included: the
 * policy as a JSON string with newlines and `" : "`, untyped resources, failed calls without
 * resources or keyId, older event versions. Every expectation is counted by hand from the records.
 */
const OWN = '111122223333';
const EXT = '444455556666';
const id = (c: string) => `${c.repeat(8)}-12ab-34cd-56ef-1234567890ab`;
const key = (c: string, region = 'us-east-1') => `arn:aws:kms:${region}:${OWN}:key/${id(c)}`;
const res = (c: string) => [{ accountId: OWN, type: 'AWS::KMS::Key', ARN: key(c) }];
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

const alice = { type: 'IAMUser', principalId: 'EX_PRINCIPAL_ID', arn: `arn:aws:iam::${OWN}:user/Alice`, accountId: OWN, accessKeyId: 'EXAMPLE_KEY_ID', userName: 'Alice' };
const SSO_ROLE = `arn:aws:iam::${OWN}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
const SSO_SESSION = `arn:aws:sts::${OWN}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/jane.doe@example.com`;
const sso = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEID:jane.doe@example.com',
  arn: SSO_SESSION,
  accountId: OWN,
  accessKeyId: 'ASIAEXAMPLE',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEID', arn: SSO_ROLE, accountId: OWN, userName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef' },
    attributes: { creationDate: '2026-11-20T11:00:00Z', mfaAuthenticated: 'false' },
  },
};
const service = { type: 'AWSService', invokedBy: 'dynamodb.amazonaws.com' };

/** A key policy as CloudTrail logs it: pretty-printed by the console, `"Key" : value`, one string. */
const policyText = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Id: 'key-consolepolicy-3', Statement: statements }, null, 2).replace(/": /g, '" : ');
const rootOf = (account: string) => ({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });

const createKey = (c: string, m: number, request: Record<string, unknown>, metadata: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  kmsRecord({
    eventVersion: '1.08',
    userIdentity: alice,
    eventName: 'CreateKey',
    eventTime: at(m),
    userAgent: 'AWS Internal',
    readOnly: false,
    requestParameters: { description: '', bypassPolicyLockoutSafetyCheck: false, ...request },
    responseElements: {
      keyMetadata: { AWSAccountId: OWN, keyId: id(c), arn: key(c), creationDate: 'Nov 20, 2026, 12:00:00 PM', enabled: true, description: '', keyManager: 'CUSTOMER', ...metadata },
    },
    resources: res(c),
    ...over,
  });

const records = {
  // PutKeyPolicy as the guide shows it, with a second statement for another account's root.
  putPolicy: kmsRecord({
    eventVersion: '1.08',
    userIdentity: sso,
    eventName: 'PutKeyPolicy',
    eventTime: at(1),
    readOnly: false,
    requestParameters: {
      keyId: id('a'),
      policyName: 'default',
      policy: policyText(rootOf(OWN), { Sid: 'Allow use of the key', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${EXT}:root`] }, Action: ['kms:Decrypt'], Resource: '*' }),
      bypassPolicyLockoutSafetyCheck: false,
    },
    resources: res('a'),
  }),
  // A policy for "everyone but my account": an Allow for "*" whose condition is negated.
  putPolicyNegated: kmsRecord({
    eventName: 'PutKeyPolicy',
    eventTime: at(2),
    readOnly: false,
    requestParameters: {
      keyId: key('a'),
      policyName: 'default',
      policy: policyText(rootOf(OWN), {
        Sid: 'Outsiders',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringNotEquals: { 'kms:CallerAccount': OWN } },
      }),
    },
    resources: res('a'),
  }),
  // A multi-Region primary created with a policy that lets another account in.
  createMrk: createKey(
    'b',
    3,
    { keySpec: 'SYMMETRIC_DEFAULT', customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS', multiRegion: true, policy: policyText(rootOf(OWN), rootOf(EXT)) },
    {
      keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', origin: 'AWS_KMS', customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keySpec: 'SYMMETRIC_DEFAULT',
      encryptionAlgorithms: ['SYMMETRIC_DEFAULT'], multiRegion: true,
      multiRegionConfiguration: { multiRegionKeyType: 'PRIMARY', primaryKey: { arn: key('b'), region: 'us-east-1' }, replicaKeys: [] },
    },
  ),
  // In a CloudHSM key store, with the default policy: no policy finding; cannot rotate.
  createHsm: createKey(
    'c',
    4,
    { customKeyStoreId: 'cks-1234567890abcdef0', origin: 'AWS_CLOUDHSM', keyUsage: 'ENCRYPT_DECRYPT', customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keySpec: 'SYMMETRIC_DEFAULT', policy: policyText(rootOf(OWN)) },
    { keyUsage: 'ENCRYPT_DECRYPT', keyState: 'Enabled', origin: 'AWS_CLOUDHSM', customKeyStoreId: 'cks-1234567890abcdef0', cloudHsmClusterId: 'cluster-1a23b4cdefg', customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keySpec: 'SYMMETRIC_DEFAULT', multiRegion: false },
  ),
  // An older record: only customerMasterKeySpec, an ECC signing key.
  createOld: createKey(
    'd',
    5,
    { customerMasterKeySpec: 'ECC_NIST_P384', keyUsage: 'SIGN_VERIFY', origin: 'AWS_KMS' },
    { keyUsage: 'SIGN_VERIFY', keyState: 'Enabled', origin: 'AWS_KMS', customerMasterKeySpec: 'ECC_NIST_P384', signingAlgorithms: ['ECDSA_SHA_384'] },
    { eventVersion: '1.05' },
  ),
  // Sign and Verify as the guide shows them (key id bare, algorithm and message type).
  sign: kmsRecord({ userIdentity: alice, eventName: 'Sign', eventTime: at(6), requestParameters: { messageType: 'RAW', keyId: id('e'), signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }, resources: res('e') }),
  verifyBad: kmsRecord({
    userIdentity: alice,
    eventName: 'Verify',
    eventTime: at(7),
    requestParameters: { signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256', keyId: id('e'), messageType: 'RAW' },
    errorCode: 'KMSInvalidSignatureException',
    errorMessage: null,
    resources: res('e'),
  }),
  // VerifyMac as the guide shows it: the resource has no type.
  verifyMac: kmsRecord({
    userIdentity: alice,
    eventName: 'VerifyMac',
    eventTime: at(8),
    requestParameters: { macAlgorithm: 'HMAC_SHA_384', keyId: key('f') },
    resources: [{ accountId: OWN, ARN: key('f') }],
    managementEvent: undefined,
  }),
  // An RSA encryption key known only from its Decrypts: CloudTrail always logs the algorithm.
  decryptRsa: kmsRecord({ userIdentity: service, eventName: 'Decrypt', eventTime: at(9), requestParameters: { encryptionAlgorithm: 'RSAES_OAEP_SHA_256', keyId: key('g') }, resources: res('g') }),
  // A symmetric key's Decrypt, for comparison: says nothing.
  decryptSym: kmsRecord({ userIdentity: service, eventName: 'Decrypt', eventTime: at(10), requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:dynamodb:tableName': 't' } }, resources: res('h') }),
  // ReEncrypt (the guide's shape) from a symmetric key into an RSA key.
  reEncryptToRsa: kmsRecord({
    userIdentity: alice,
    eventName: 'ReEncrypt',
    eventTime: at(12),
    requestParameters: { sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', destinationKeyId: id('j'), destinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' },
    resources: [...res('h'), ...res('j')],
  }),
  // A Sign dry run that would have worked: KMS answers DryRunOperationException.
  signDryRun: kmsRecord({
    userIdentity: alice,
    eventName: 'Sign',
    eventTime: at(13),
    requestParameters: { keyId: id('k'), messageType: 'DIGEST', signingAlgorithm: 'ECDSA_SHA_256', dryRun: true },
    errorCode: 'DryRunOperationException',
    errorMessage: 'The request would have succeeded, but the DryRun option is set.',
    resources: res('k'),
  }),
  // ImportKeyMaterial that could not unwrap the material: key state, not integrity.
  importBad: kmsRecord({ eventName: 'ImportKeyMaterial', eventTime: at(11), readOnly: false, requestParameters: { keyId: id('i'), expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, errorCode: 'InvalidCiphertextException', errorMessage: null, resources: res('i') }),
};
// Garbage ciphertext from the SSO session: KMS cannot tell the key, so no keyId and no resources.
const garbage = [20, 21, 22, 23, 24].map((m) =>
  kmsRecord({
    userIdentity: sso,
    eventName: 'Decrypt',
    eventTime: at(m),
    requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    errorCode: 'InvalidCiphertextException',
    errorMessage: null,
    resources: undefined,
  }),
);

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  const dir = tempDir();
  writeTrailFile(dir, 'shapes', [...Object.values(records), ...garbage]);
  store = await tempStore();
  await ingestPaths(store.db, [dir]);
});
afterAll(() => store.close());

const RSA_OR_HMAC = 'asymmetric or HMAC key (it signs, verifies or makes MACs)';
const rows = (sql: string) => store.db.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

describe('records as AWS writes them', () => {
  it('reads who each key policy lets in, from the logged policy string', async () => {
    const found: Finding[] = await rules['risky-change'](store.engine, window, findingsConfig({}));
    const byEvent = new Map(found.map((f) => [f.explanation.split(':')[0] + ' ' + f.firstSeen, f]));
    expect(found).toHaveLength(3); // two PutKeyPolicy, the multi-Region CreateKey
    expect(byEvent.get(`PutKeyPolicy ${new Date(at(1)).toISOString()}`)?.explanation).toContain(`gives other accounts access: ${EXT}`);
    expect(byEvent.get(`PutKeyPolicy ${new Date(at(2)).toISOString()}`)).toMatchObject({ severity: 'high' });
    expect(byEvent.get(`PutKeyPolicy ${new Date(at(2)).toISOString()}`)?.explanation).toContain('lets any AWS principal in');
    expect(byEvent.get(`CreateKey ${new Date(at(3)).toISOString()}`)).toMatchObject({ severity: 'high', keyArn: key('b') });
  });

  it('knows which keys cannot rotate automatically', async () => {
    const keys = await rows('SELECT key_arn, key_spec, key_origin, non_symmetric_calls FROM kms_keys');
    const by = new Map(keys.map((k) => [String(k.key_arn), k]));
    const support = (c: string) => {
      const k = by.get(key(c))!;
      return rotationSupport({ keySpec: (k.key_spec as string) ?? null, keyOrigin: (k.key_origin as string) ?? null, nonSymmetricCalls: Number(k.non_symmetric_calls), rotationEnabled: null });
    };
    expect(support('b')).toEqual({ supported: true, reason: null }); // a symmetric multi-Region key rotates
    expect(support('c')).toMatchObject({ supported: false, reason: 'in a CloudHSM key store' });
    expect(support('d')).toMatchObject({ supported: false, reason: 'asymmetric key (ECC_NIST_P384)' });
    expect(support('e').supported).toBe(false); // Sign, and a Verify that did not match
    expect(Number(by.get(key('e'))!.non_symmetric_calls)).toBe(2);
    expect(support('f').supported).toBe(false); // VerifyMac, untyped resource
    // An RSA key known only from its Decrypts (RSAES_OAEP_SHA_256) or a ReEncrypt into it stays unknown:
    // reading every call's encryptionAlgorithm costs too much per rebuild (queries/views/kms_keys.sql). It is
    // never called overdue either: without its CreateKey, nothing dates it.
    expect(support('g').supported).toBeNull();
    expect(support('j').supported).toBeNull();
    expect(support('k')).toMatchObject({ supported: false, reason: RSA_OR_HMAC }); // a Sign dry run that would have worked
    expect(support('h').supported).toBeNull(); // a symmetric Decrypt, and a ReEncrypt out of it, say nothing
  });

  it('classes rejected ciphertexts as integrity, and finds the burst on the unknown key', async () => {
    const classes = await rows("SELECT eventname, error_class, key_arn, principal FROM kms_events WHERE errorcode IS NOT NULL ORDER BY eventtime");
    expect(classes.map((r) => [r.eventname, r.error_class])).toEqual([
      ['Verify', 'integrity'],
      ['ImportKeyMaterial', 'key-state'],
      ['Sign', null], // a dry run that would have worked is no failure
      ...garbage.map(() => ['Decrypt', 'integrity']),
    ]);
    expect(classes.slice(3).every((r) => r.key_arn === null && r.principal === SSO_ROLE)).toBe(true);
    const found = await rules['integrity-burst'](store.engine, window, findingsConfig({}));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ keyArn: null, principal: SSO_ROLE, count: 5 });
    expect(found[0].evidence).toMatchObject({ noKey: '1', principal: SSO_ROLE, errorClass: 'integrity' });
    const count = await runQuery(store.engine, Q.eventsCount, { ...window, noKey: true, principal: SSO_ROLE, errorClass: 'integrity' });
    expect(count.rows[0]).toMatchObject({ events: 5, failed: 5 });
  });

  it('names an Identity Center role with its path, and filters by it, its session or a part', async () => {
    const count = async (f: Record<string, string>) => (await runQuery(store.engine, Q.eventsCount, { ...window, ...f })).rows[0].events;
    const mine = 1 + garbage.length; // putPolicy and the garbage Decrypts
    expect(await count({ principal: SSO_ROLE })).toBe(mine);
    expect(await count({ principal: SSO_SESSION })).toBe(mine);
    expect(await count({ principalContains: 'aws-reserved/SSO.amazonaws.com' })).toBe(mine);
    expect(await count({ principalContains: 'JANE.DOE@' })).toBe(mine);
    expect(await count({ principal: 'dynamodb.amazonaws.com' })).toBe(2);
    expect(await count({ principalContains: 'DynamoDB' })).toBe(2);
  });
});
