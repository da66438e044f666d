import type { Prng } from './prng';
import { ACCOUNTS, EXTERNAL_ACCOUNT, keyArn, type SampleKey } from './scenario';

/** Builders for records shaped like CloudTrail's own (key order included). */
export type Identity = Record<string, unknown>;
export type CtRecord = Record<string, unknown> & { eventTime: string; eventID: string; awsRegion: string; recipientAccountId: string };

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function assumedRole(account: string, role: string, session: string, ms: number): Identity {
  return {
    type: 'AssumedRole',
    principalId: `AROA${account.slice(0, 8)}${role.length}:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    accountId: account,
    accessKeyId: `ASIA${account.slice(4)}${session.length}XYZ`,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: `AROA${account.slice(0, 8)}${role.length}`,
        arn: `arn:aws:iam::${account}:role/${role}`,
        accountId: account,
        userName: role,
      },
      attributes: { creationDate: iso(ms - 600_000), mfaAuthenticated: 'false' },
    },
  };
}

/** The identity of one caller spec from scenario.ts ('Role', 'user:name', 'svc:name', 'ext:account'). */
export function identityFor(spec: string, key: SampleKey, rng: Prng, ms: number): { identity: Identity; ip: string; agent: string } {
  const [kind, name] = spec.includes(':') ? spec.split(':') : ['role', spec];
  if (kind === 'user')
    return {
      identity: {
        type: 'IAMUser',
        principalId: `AIDA${key.account}${name.length}`,
        arn: `arn:aws:iam::${key.account}:user/${name}`,
        accountId: key.account,
        accessKeyId: `AKIA${key.account}`,
        userName: name,
      },
      ip: '198.51.100.23',
      agent: 'aws-cli/2.17.32 md/awscrt#0.21.2 ua/2.0 os/linux',
    };
  if (kind === 'svc') {
    const host = `${name}.amazonaws.com`;
    if (name === 'cloudtrail') return { identity: { type: 'AWSService', invokedBy: host }, ip: host, agent: host };
    // A service acting for a role keeps the role's identity, with invokedBy set.
    return {
      identity: { ...assumedRole(key.account, 'AppServerRole', `i-0${rng.int(9)}a1b2c3d4e5f6`, ms), invokedBy: host },
      ip: host,
      agent: host,
    };
  }
  if (kind === 'ext')
    return {
      identity: { type: 'AWSAccount', principalId: `AIDA${EXTERNAL_ACCOUNT}`, accountId: EXTERNAL_ACCOUNT },
      ip: '203.0.113.77',
      agent: 'aws-sdk-java/2.25.6',
    };
  const sessions = ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003', 'botocore-session-1700000000'];
  return {
    identity: assumedRole(key.account, name, rng.pick(sessions), ms),
    ip: `10.0.${rng.int(4)}.${10 + rng.int(200)}`,
    agent: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5',
  };
}

/** The keyId a caller passes: alias name, key id, key ARN or alias ARN, as real callers mix them. */
export function keyIdForm(key: SampleKey, rng: Prng): string {
  return rng.weighted([
    [key.alias, 4],
    [key.id, 3],
    [keyArn(key), 2],
    [`arn:aws:kms:${key.region}:${key.account}:${key.alias}`, 1],
  ] as const);
}

export function record(
  rng: Prng,
  ms: number,
  key: SampleKey,
  who: { identity: Identity; ip: string; agent: string },
  eventName: string,
  o: {
    requestParameters?: unknown;
    responseElements?: unknown;
    errorCode?: string;
    errorMessage?: string;
    resources?: unknown[] | null;
    readOnly?: boolean;
    eventType?: string;
    serviceEventDetails?: unknown;
  } = {},
): CtRecord {
  const r: CtRecord = {
    eventVersion: '1.09',
    userIdentity: who.identity,
    eventTime: iso(ms),
    eventSource: 'kms.amazonaws.com',
    eventName,
    awsRegion: key.region,
    sourceIPAddress: who.ip,
    userAgent: who.agent,
    ...(o.errorCode ? { errorCode: o.errorCode, errorMessage: o.errorMessage ?? `${eventName} failed` } : {}),
    requestParameters: o.requestParameters ?? null,
    responseElements: o.responseElements ?? null,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: o.readOnly ?? true,
    eventType: o.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: key.account,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `kms.${key.region}.amazonaws.com`,
    },
  };
  if (o.resources !== null)
    (r as Record<string, unknown>).resources = o.resources ?? [{ accountId: key.account, type: 'AWS::KMS::Key', ARN: keyArn(key) }];
  if (o.serviceEventDetails) (r as Record<string, unknown>).serviceEventDetails = o.serviceEventDetails;
  return r;
}

const CRYPTO = [
  ['Decrypt', 50],
  ['GenerateDataKey', 25],
  ['Encrypt', 10],
  ['DescribeKey', 6],
  ['ReEncrypt', 3],
  ['GenerateDataKeyWithoutPlaintext', 4],
  ['ListAliases', 2],
] as const;

/** One ordinary call to `key`: mostly crypto, with the odd throttle. */
export function usageRecord(rng: Prng, ms: number, key: SampleKey): CtRecord {
  const who = identityFor(rng.pick(key.callers), key, rng, ms);
  const eventName = rng.weighted(CRYPTO);
  const rp: Record<string, unknown> = { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  // Symmetric Decrypt usually names no key; other calls name it in one of its forms.
  if (eventName !== 'Decrypt' || rng.next() < 0.2) rp.keyId = keyIdForm(key, rng);
  if (eventName.startsWith('GenerateDataKey')) rp.keySpec = 'AES_256';
  if (eventName === 'ListAliases') return record(rng, ms, key, who, eventName, { requestParameters: null, resources: null });
  if (rng.next() < 0.004)
    return record(rng, ms, key, who, eventName, { requestParameters: rp, errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' });
  return record(rng, ms, key, who, eventName, { requestParameters: rp });
}

export function accessDenied(rng: Prng, ms: number, key: SampleKey, role: string, session: string, action = 'Decrypt'): CtRecord {
  const who = {
    identity: assumedRole(key.account, role, session, ms),
    ip: '10.0.9.99',
    agent: 'aws-sdk-js/3.600.0 exec-env/AWS_Lambda_nodejs20.x',
  };
  return record(rng, ms, key, who, action, {
    requestParameters: { keyId: key.alias, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    errorCode: 'AccessDenied',
    errorMessage: `User: arn:aws:sts::${key.account}:assumed-role/${role}/${session} is not authorized to perform: kms:${action} on resource: ${keyArn(key)} because no identity-based policy allows the kms:${action} action`,
    resources: null,
  });
}

/** Non-KMS traffic that shares the trail, for the ingest's "other services skipped" count. */
export function otherRecord(rng: Prng, ms: number, account: string, region: string): CtRecord {
  const [source, name] = rng.pick([
    ['sts.amazonaws.com', 'AssumeRole'],
    ['s3.amazonaws.com', 'GetObject'],
    ['ec2.amazonaws.com', 'DescribeInstances'],
  ] as const);
  return {
    eventVersion: '1.09',
    userIdentity: assumedRole(account, 'AppServerRole', 'i-0a1b2c3d4e5f60001', ms),
    eventTime: iso(ms),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: '10.0.1.20',
    userAgent: 'aws-sdk-go-v2/1.30.3',
    requestParameters: null,
    responseElements: null,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

export const adminIdentity = (account: string, ms: number) => ({
  identity: assumedRole(account, 'KeyAdminRole', 'alice@example.com', ms),
  ip: '192.0.2.10',
  agent: 'console.amazonaws.com',
});

export const rootIdentity = (ms: number) => ({
  identity: {
    type: 'Root',
    principalId: ACCOUNTS.prod,
    arn: `arn:aws:iam::${ACCOUNTS.prod}:root`,
    accountId: ACCOUNTS.prod,
    accessKeyId: `ASIA${ms % 1000}ROOT`,
  },
  ip: '192.0.2.200',
  agent: 'console.amazonaws.com',
});
