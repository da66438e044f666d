import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

/**
 * Key ARN and principal derivation (queries/views/kms_events.sql), checked
 * against hand-written expectations for each documented case.
 */
const ACCT = '111122223333';
const KEY_A = `arn:aws:kms:us-east-1:${ACCT}:key/aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa`;
const KEY_B = `arn:aws:kms:us-east-1:${ACCT}:key/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb`;
const KEY_C = `arn:aws:kms:eu-west-1:444455556666:key/cccccccc-cccc-4ccc-8ccc-cccccccccccc`;
const ALIAS_ARN = `arn:aws:kms:us-east-1:${ACCT}:alias/app-data`;
const ROLE = `arn:aws:iam::${ACCT}:role/AppRole`;

const cases: { id: string; record: Record<string, unknown>; key: string | null; principal: string; session?: string | null }[] = [
  {
    id: 'resources',
    record: kmsRecord({ eventID: 'resources' }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: ROLE,
    session: `arn:aws:sts::${ACCT}:assumed-role/AppRole/app-session`,
  },
  {
    // Real CreateAlias events list the alias ARN typed as a key: it must not become the key.
    id: 'create-alias',
    record: kmsRecord({
      eventID: 'create-alias', eventName: 'CreateAlias', eventTime: '2026-11-20T10:00:00Z', readOnly: false,
      requestParameters: { aliasName: 'alias/app-data', targetKeyId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' },
      resources: [
        { accountId: ACCT, type: 'AWS::KMS::Key', ARN: ALIAS_ARN },
        { accountId: ACCT, type: 'AWS::KMS::Key', ARN: KEY_A },
      ],
    }),
    key: KEY_A,
    principal: ROLE,
  },
  {
    // Denied call naming the key by alias, no resources: resolved through CreateAlias.
    id: 'alias-keyid',
    record: kmsRecord({ eventID: 'alias-keyid', errorCode: 'AccessDenied', requestParameters: { keyId: 'alias/app-data' }, resources: undefined }),
    key: KEY_A,
    principal: ROLE,
  },
  {
    id: 'alias-arn-keyid',
    record: kmsRecord({ eventID: 'alias-arn-keyid', errorCode: 'AccessDenied', requestParameters: { keyId: ALIAS_ARN }, resources: undefined }),
    key: KEY_A,
    principal: ROLE,
  },
  {
    id: 'key-id',
    record: kmsRecord({ eventID: 'key-id', requestParameters: { keyId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' }, resources: undefined }),
    key: KEY_B,
    principal: ROLE,
  },
  {
    id: 'key-arn',
    record: kmsRecord({ eventID: 'key-arn', requestParameters: { keyId: KEY_C }, resources: undefined }),
    key: KEY_C,
    principal: ROLE,
  },
  {
    id: 'error-message',
    record: kmsRecord({
      eventID: 'error-message', errorCode: 'AccessDenied', resources: undefined, requestParameters: null,
      errorMessage: `User: arn:aws:sts::${ACCT}:assumed-role/AppRole/s is not authorized to perform: kms:Decrypt on resource: ${KEY_B} because no identity-based policy allows the kms:Decrypt action`,
    }),
    key: KEY_B,
    principal: ROLE,
  },
  {
    id: 'iam-user',
    record: kmsRecord({ eventID: 'iam-user', userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, invokedBy: 'AWS Internal' } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: `arn:aws:iam::${ACCT}:user/alice`,
  },
  {
    id: 'root',
    record: kmsRecord({ eventID: 'root', userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: `arn:aws:iam::${ACCT}:root`,
  },
  {
    id: 'aws-service',
    record: kmsRecord({ eventID: 'aws-service', userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'cloudtrail.amazonaws.com',
  },
  {
    // The service's name first, whatever else the identity names.
    id: 'aws-service-with-ids',
    record: kmsRecord({ eventID: 'aws-service-with-ids', userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com', principalId: 'AROAEC2', accountId: ACCT } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'ec2.amazonaws.com',
  },
  {
    // No invokedBy: what else it names, never NULL while it names something.
    id: 'aws-service-principal-id',
    record: kmsRecord({ eventID: 'aws-service-principal-id', userIdentity: { type: 'AWSService', principalId: 'AROAEC2', accountId: ACCT } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'AROAEC2',
  },
  {
    id: 'aws-service-account',
    record: kmsRecord({ eventID: 'aws-service-account', userIdentity: { type: 'AWSService', accountId: '999988887777' } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: '999988887777',
  },
  {
    id: 'aws-account',
    record: kmsRecord({ eventID: 'aws-account', userIdentity: { type: 'AWSAccount', principalId: 'AIDAX', accountId: '999988887777' } }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: '999988887777',
  },
  {
    // A role in another account, as the key owner's trail logs it: no sessionContext, so the
    // role comes from the session ARN (the session still counts under its role, not by itself).
    id: 'cross-account-session',
    record: kmsRecord({
      eventID: 'cross-account-session',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAOTHER:i-0abc',
        arn: 'arn:aws:sts::444455556666:assumed-role/PartnerApp/i-0abc',
        accountId: '444455556666',
      },
    }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'arn:aws:iam::444455556666:role/PartnerApp',
    session: 'arn:aws:sts::444455556666:assumed-role/PartnerApp/i-0abc',
  },
  {
    // The same in a GovCloud partition.
    id: 'cross-account-session-gov',
    record: kmsRecord({
      eventID: 'cross-account-session-gov',
      awsRegion: 'us-gov-west-1',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws-us-gov:sts::444455556666:assumed-role/PartnerApp/s1', accountId: '444455556666' },
    }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'arn:aws-us-gov:iam::444455556666:role/PartnerApp',
  },
  {
    // Redacted to the bare minimum (no ARN at all): still a principal, never NULL.
    id: 'session-without-arn',
    record: kmsRecord({
      eventID: 'session-without-arn',
      userIdentity: { type: 'AssumedRole', principalId: 'AROAOTHER:i-0abc', accountId: '444455556666' },
    }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'AROAOTHER:i-0abc',
  },
  {
    // Older records (eventVersion 1.05 and before) list resources without a type: a RetireGrant
    // by grant token names its key nowhere else.
    id: 'untyped-resource',
    record: kmsRecord({
      eventID: 'untyped-resource', eventVersion: '1.05', eventName: 'RetireGrant', readOnly: false,
      requestParameters: { grantToken: 'AQpAM2RhZTk1MGMyNTk2ZmZmMzEyYWVhOWViN2I1MWM4Mzc0MWFiYjc0ZDE1ODkyNGFlNTIzODZhMzgyZjBlNGY3NiKIAQEBAgB4' },
      resources: [{ accountId: ACCT, ARN: KEY_B }],
    }),
    key: KEY_B,
    principal: ROLE,
  },
  {
    // Identity Center users carry no ARN: the identity store and user id name them.
    id: 'identity-center-user',
    record: kmsRecord({
      eventID: 'identity-center-user',
      userIdentity: {
        type: 'IdentityCenterUser',
        accountId: ACCT,
        onBehalfOf: { userId: '544894e8-80c1-707f-60e3-3ba6510dfac1', identityStoreArn: `arn:aws:identitystore::${ACCT}:identitystore/d-9067642ac7` },
        credentialId: 'EXAMPLEVdj8YqxC1GkZ8h3lu3zY',
      },
    }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: `arn:aws:identitystore::${ACCT}:identitystore/d-9067642ac7/user/544894e8-80c1-707f-60e3-3ba6510dfac1`,
  },
  {
    // A web identity user has a principal id and no account: never NULL, never another's account.
    id: 'web-identity-user',
    record: kmsRecord({
      eventID: 'web-identity-user',
      userIdentity: { type: 'WebIdentityUser', principalId: 'accounts.google.com:app:1234', userName: '1234', identityProvider: 'accounts.google.com' },
    }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'accounts.google.com:app:1234',
  },
  {
    // Unknown (a failed federation, say) names its principal id beside the account.
    id: 'unknown-identity',
    record: kmsRecord({
      eventID: 'unknown-identity',
      userIdentity: { type: 'Unknown', principalId: 'AROAEXAMPLE:alice', accountId: ACCT, userName: 'alice' },
    }),
    key: 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111',
    principal: 'AROAEXAMPLE:alice',
  },
  {
    id: 'service-event',
    record: kmsRecord({
      eventID: 'service-event', eventName: 'RotateKey', eventType: 'AwsServiceEvent', readOnly: false,
      userIdentity: { accountId: ACCT, invokedBy: 'AWS Internal' }, serviceEventDetails: { rotationType: 'AUTOMATIC', keyOrigin: 'AWS_KMS' },
      resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: KEY_B }],
    }),
    key: KEY_B,
    principal: 'AWS Internal',
  },
  {
    // Nothing names a key (the traildiscover CreateKey denial): no key, but the event is kept.
    id: 'no-key',
    record: kmsRecord({ eventID: 'no-key', eventName: 'CreateKey', errorCode: 'AccessDenied', resources: undefined, requestParameters: null, errorMessage: 'not authorized to perform: kms:CreateKey on resource: *' }),
    key: null,
    principal: ROLE,
  },
];

let store: Awaited<ReturnType<typeof tempStore>>;
let rows: Map<string, { key_arn: string | null; principal: string | null; session_arn: string | null }>;

beforeAll(async () => {
  const root = tempDir();
  // The alias event arrives in a later file than its use, as it may in real trails.
  writeTrailFile(root, 'a-uses', cases.filter((c) => c.id !== 'create-alias').map((c) => c.record));
  writeTrailFile(root, 'b-alias', cases.filter((c) => c.id === 'create-alias').map((c) => c.record));
  store = await tempStore();
  await ingestPaths(store.db, [root], { batchFiles: 1 });
  rows = await store.db.withConnection(async (c) => {
    const r = (await c.runAndReadAll('SELECT eventid, key_arn, principal, session_arn FROM kms_events')).getRowObjectsJS();
    return new Map(r.map((x) => [String(x.eventid), x as { key_arn: string | null; principal: string | null; session_arn: string | null }]));
  });
});
afterAll(() => store.close());

describe('key ARN and principal derivation', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const row = rows.get(id);
    expect(row, `event ${id} stored`).toBeDefined();
    expect(row!.key_arn).toBe(c.key);
    expect(row!.principal).toBe(c.principal);
    if (c.session !== undefined) expect(row!.session_arn).toBe(c.session);
  });
});
