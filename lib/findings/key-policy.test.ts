import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { findingsConfig } from './config';
import { policyAccess } from './key-policy';
import { rules, type Finding } from './rules';

/** Key policies written by hand, each with who it lets in from outside account 111122223333. */
const OWN = '111122223333';
const EXT = '444455556666';
const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Id: 'key-policy', Statement });
const allow = (Principal: unknown, Condition?: unknown) => ({
  Sid: 's',
  Effect: 'Allow',
  Principal,
  Action: 'kms:*',
  Resource: '*',
  Condition,
});
/** KMS's default key policy: the account's own root. */
const DEFAULT = policy(allow({ AWS: `arn:aws:iam::${OWN}:root` }));

describe('policyAccess', () => {
  it.each([
    ['the default policy', DEFAULT, { everyone: false, accounts: [] }],
    ['another account by its root', policy(allow({ AWS: `arn:aws:iam::${EXT}:root` })), { everyone: false, accounts: [EXT] }],
    [
      'roles and a bare account id, as a list, one of them its own',
      policy(allow({ AWS: [`arn:aws:iam::${OWN}:role/Admin`, `arn:aws:iam::999900001111:role/Partner`, EXT] })),
      { everyone: false, accounts: [EXT, '999900001111'] },
    ],
    ['Principal "*"', policy(allow('*')), { everyone: true, accounts: [] }],
    ['AWS "*"', policy(allow({ AWS: '*' })), { everyone: true, accounts: [] }],
    // AWS-managed keys' policies: anyone, but only through a service and from the key's own account.
    [
      'AWS "*" held to the own account (kms:CallerAccount)',
      policy(allow({ AWS: '*' }, { StringEquals: { 'kms:CallerAccount': OWN, 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } })),
      { everyone: false, accounts: [] },
    ],
    [
      'AWS "*" held to another account (aws:PrincipalAccount, any case)',
      policy(allow({ AWS: '*' }, { StringEquals: { 'AWS:PrincipalAccount': [OWN, EXT] } })),
      { everyone: false, accounts: [EXT] },
    ],
    [
      'AWS "*" held to an organisation',
      policy(allow({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })),
      { everyone: false, accounts: [] },
    ],
    [
      'AWS "*" with a wildcard account',
      policy(allow({ AWS: '*' }, { StringLike: { 'kms:CallerAccount': '1111*' } })),
      { everyone: true, accounts: [] },
    ],
    [
      'AWS "*" held by a condition on something else',
      policy(allow({ AWS: '*' }, { Bool: { 'aws:SecureTransport': 'true' } })),
      { everyone: true, accounts: [] },
    ],
    [
      'a principal ARN pattern in any account',
      policy(allow({ AWS: '*' }, { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Ops' } })),
      { everyone: true, accounts: [] },
    ],
    // A negated operator lets in everyone but the values listed; an IfExists one every call without the key.
    [
      'AWS "*" for everyone but the own account (StringNotEquals kms:CallerAccount)',
      policy(allow({ AWS: '*' }, { StringNotEquals: { 'kms:CallerAccount': OWN } })),
      { everyone: true, accounts: [] },
    ],
    [
      'AWS "*" for everyone outside an organisation (StringNotEquals aws:PrincipalOrgID)',
      policy(allow({ AWS: '*' }, { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })),
      { everyone: true, accounts: [] },
    ],
    [
      'AWS "*" held by StringEqualsIfExists aws:SourceAccount (absent from a direct call)',
      policy(allow({ AWS: '*' }, { StringEqualsIfExists: { 'aws:SourceAccount': OWN } })),
      { everyone: true, accounts: [] },
    ],
    [
      'AWS "*" held to another account by ForAnyValue:StringEquals',
      policy(allow({ AWS: '*' }, { 'ForAnyValue:StringEquals': { 'kms:CallerAccount': EXT } })),
      { everyone: false, accounts: [EXT] },
    ],
    [
      'roles of the own account by pattern (ArnLike aws:PrincipalArn …:role/*)',
      policy(allow({ AWS: '*' }, { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${OWN}:role/*` } })),
      { everyone: false, accounts: [] },
    ],
    [
      'roles of another account by pattern (StringLike aws:PrincipalArn)',
      policy(allow({ AWS: '*' }, { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${EXT}:role/Partner*` } })),
      { everyone: false, accounts: [EXT] },
    ],
    [
      'Allow with NotPrincipal',
      policy({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 'kms:*', Resource: '*' }),
      { everyone: true, accounts: [] },
    ],
    ['a Deny for everyone', policy({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }), { everyone: false, accounts: [] }],
    ['a service principal', policy(allow({ Service: 'logs.us-east-1.amazonaws.com' })), { everyone: false, accounts: [] }],
    // Conditions that do not hold callers to the accounts they name.
    [
      'AWS "*" in any organisation (Null)',
      policy(allow({ AWS: '*' }, { Null: { 'aws:PrincipalOrgID': 'false' } })),
      { everyone: true, accounts: [] },
    ],
    [
      'AWS "*" held to an account, with a negated condition too',
      policy(
        allow(
          { AWS: '*' },
          { StringEqualsIfExists: { 'kms:CallerAccount': EXT }, StringNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${EXT}:role/Ops` } },
        ),
      ),
      { everyone: false, accounts: [EXT] },
    ],
    [
      'one statement, not a list',
      JSON.stringify({ Statement: allow({ AWS: `arn:aws-cn:iam::${EXT}:root` }) }),
      { everyone: false, accounts: [EXT] },
    ],
  ])('%s', (_name, text, expected) => {
    expect(policyAccess(text, OWN)).toEqual(expected);
  });

  it('is null for text that is not a policy document', () => {
    expect(policyAccess('{"Statement":', OWN)).toBeNull();
    expect(policyAccess('"a string"', OWN)).toBeNull();
    expect(policyAccess('{}', OWN)).toBeNull();
  });
});

/** The risky-change rule reads PutKeyPolicy's and CreateKey's policies: expected findings listed by hand. */
describe('risky changes: key policies', () => {
  const key = (n: number) => `arn:aws:kms:us-east-1:${OWN}:key/00000000-0000-4000-8000-00000000010${n}`;
  const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;
  const res = (k: string) => [{ accountId: OWN, type: 'AWS::KMS::Key', ARN: k }];
  const putPolicy = (n: number, text: string, m: number) =>
    kmsRecord({
      eventName: 'PutKeyPolicy',
      eventTime: at(m),
      resources: res(key(n)),
      requestParameters: { keyId: key(n), policyName: 'default', policy: text },
    });
  const createKey = (n: number, m: number, text?: string) =>
    kmsRecord({
      eventName: 'CreateKey',
      eventTime: at(m),
      resources: res(key(n)),
      requestParameters: { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', ...(text ? { policy: text } : {}) },
      responseElements: { keyMetadata: { keyId: key(n).split('/')[1], arn: key(n), keyState: 'Enabled' } },
    });
  let found: Finding[];
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    const dir = tempDir();
    writeTrailFile(dir, 'a', [
      putPolicy(1, DEFAULT, 1), // in-house: the medium finding it always was
      putPolicy(2, policy(allow({ AWS: `arn:aws:iam::${EXT}:root` })), 2),
      putPolicy(3, policy(allow('*')), 3),
      createKey(4, 4), // no policy of its own: not a finding
      createKey(5, 5, DEFAULT), // a policy that opens nothing outside: not a finding
      createKey(6, 6, policy(allow({ AWS: '*' }, { StringEquals: { 'aws:PrincipalAccount': EXT } }))),
    ]);
    store = await tempStore();
    await ingestPaths(store.db, [dir]);
    const w = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
    found = await rules['risky-change'](store.engine, w, findingsConfig({}));
  });
  afterAll(() => store.close());

  it('reports a policy that lets in another account or everyone as high, and says whom', () => {
    const byKey = Object.fromEntries(found.map((f) => [f.keyArn!.slice(-1), f]));
    expect(Object.keys(byKey).sort()).toEqual(['1', '2', '3', '6']);
    expect(byKey['1']).toMatchObject({ severity: 'medium' });
    expect(byKey['1'].explanation).not.toMatch(/other accounts|any AWS principal/);
    expect(byKey['2']).toMatchObject({ severity: 'high' });
    expect(byKey['2'].explanation).toContain(`gives other accounts access: ${EXT}`);
    expect(byKey['3']).toMatchObject({ severity: 'high' });
    expect(byKey['3'].explanation).toContain('lets any AWS principal in');
    expect(byKey['6']).toMatchObject({ severity: 'high', evidence: { eventName: 'CreateKey', key: key(6) } });
    expect(byKey['6'].explanation).toContain(EXT);
  });
});

/**
 * ReplicateKey takes a key policy for the new replica (requestParameters.policy), as CreateKey does:
 * read the same way. Records shaped as the AWS KMS developer guide's ReplicateKey example (logged in
 * the primary's Region, the primary and the replica in resources); expected findings listed by hand.
 */
describe('risky changes: a replica key policy', () => {
  const mrk = (n: number, region = 'us-east-1') => `arn:aws:kms:${region}:${OWN}:key/mrk-${String(n).repeat(32)}`;
  const at = (m: number) => `2026-11-20T13:${String(m).padStart(2, '0')}:00Z`;
  const replicate = (n: number, m: number, text?: string, over: Record<string, unknown> = {}) =>
    kmsRecord({
      eventName: 'ReplicateKey',
      eventTime: at(m),
      readOnly: false,
      requestParameters: {
        keyId: mrk(n).split('/')[1],
        replicaRegion: 'us-west-2',
        bypassPolicyLockoutSafetyCheck: false,
        description: '',
        ...(text ? { policy: text } : {}),
      },
      responseElements: {
        replicaKeyMetadata: {
          keyId: mrk(n).split('/')[1],
          arn: mrk(n, 'us-west-2'),
          keyState: 'Creating',
          origin: 'AWS_KMS',
          keySpec: 'SYMMETRIC_DEFAULT',
          multiRegion: true,
        },
      },
      resources: [
        { accountId: OWN, type: 'AWS::KMS::Key', ARN: mrk(n) },
        { accountId: OWN, type: 'AWS::KMS::Key', ARN: mrk(n, 'us-west-2') },
      ],
      ...over,
    });
  let found: Finding[];
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    const dir = tempDir();
    writeTrailFile(dir, 'replicas', [
      replicate(7, 1, policy(allow({ AWS: `arn:aws:iam::${EXT}:root` }))), // another account: high
      replicate(8, 2, policy(allow('*'))), // everyone: high
      replicate(9, 3), // no policy of its own (KMS's default): not a finding
      replicate(1, 4, DEFAULT), // its own account only: not a finding
      // As AWS's sample record has it: no policy in the request, the replica's in the response.
      replicate(3, 6, undefined, {
        responseElements: {
          replicaKeyMetadata: { keyId: mrk(3).split('/')[1], arn: mrk(3, 'us-west-2') },
          replicaPolicy: policy(allow({ AWS: `arn:aws:iam::${EXT}:user/Bob` })),
        },
      }),
      replicate(4, 7, undefined, { responseElements: { replicaKeyMetadata: { arn: mrk(4, 'us-west-2') }, replicaPolicy: DEFAULT } }),
      // Refused: no replica was made, so no finding.
      replicate(2, 5, policy(allow('*')), { errorCode: 'AccessDenied', errorMessage: 'not authorized', responseElements: null }),
    ]);
    store = await tempStore();
    await ingestPaths(store.db, [dir]);
    const w = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
    found = await rules['risky-change'](store.engine, w, findingsConfig({}));
  });
  afterAll(() => store.close());

  it('reports a replica whose policy lets in another account or everyone as high, with its Region', () => {
    expect(found.map((f) => [f.keyArn, f.severity])).toEqual([
      [mrk(7), 'high'],
      [mrk(8), 'high'],
      [mrk(3), 'high'],
    ]);
    expect(found[2].explanation).toContain(`gives other accounts access: ${EXT}`);
    expect(found[0].explanation).toBe(
      `ReplicateKey: created a replica of the key in us-west-2 with a key policy of its own; the new policy gives other accounts access: ${EXT}.`,
    );
    expect(found[1].explanation).toContain('in us-west-2');
    expect(found[1].explanation).toContain('lets any AWS principal in');
    expect(found[0].evidence).toMatchObject({ eventName: 'ReplicateKey', key: mrk(7) });
  });
});
