/**
 * The sample organisation: accounts, keys, principals, and the scenarios the
 * sample plants (documented in docs/sample-data.md). Tests refer to these.
 */
import { DAY, HOUR, MINUTE } from './format';

export const ORG_ID = 'o-k3yt7a1l01';
export const ACCOUNTS = { prod: '111122223333', staging: '444455556666', security: '777788889999' } as const;
export const EXTERNAL_ACCOUNT = '999900001111';
export const TRAIL_NAME = 'org-trail';
/** The S3 bucket named inside digest files. */
export const TRAIL_BUCKET = 'org-trail-bucket';

export interface SampleKey {
  name: string;
  id: string;
  account: string;
  region: string;
  /**
   * A customer managed key's alias is created by CreateAlias at the start of the data. An AWS
   * managed key's (alias/aws/<service>) is AWS's own: the logs hold no CreateAlias for it, only the
   * service's calls that name the key by alias and list it in resources.
   */
  alias: string;
  /**
   * Who manages the key (KMS's KeyManager). 'AWS': a key an AWS service created for the account;
   * no one plants admin events for it (CreateAlias, rotation settings, key policy, Terraform reads),
   * as the customer cannot make them, and its service calls it (see AWS_MANAGED_OPS in usage.ts).
   */
  manager: 'CUSTOMER' | 'AWS';
  /** Relative share of the crypto traffic. */
  weight: number;
  /**
   * Who calls it: 'RoleName' (assumed-role sessions), 'user:name' (IAM user), 'svc:s3' etc. (a service
   * acting for AppServerRole, or CloudTrail itself as an AWSService), 'internal:RoleName' (invokedBy
   * "AWS Internal"), 'ext:RoleName' (EXTERNAL_ACCOUNT, logged as an AWSAccount caller, only after
   * the grant), 'xacct:<account>:RoleName' (another account of the organization, also AWSAccount).
   */
  callers: string[];
  /** EnableKeyRotation is planted (customer keys only: AWS rotates its own keys yearly, logging no setting). */
  rotation: boolean;
  /** SIGN_VERIFY: an asymmetric signing key (Sign, Verify, GetPublicKey; no rotation). */
  usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY';
}

const k = (
  name: string,
  id: string,
  account: string,
  region: string,
  weight: number,
  callers: string[],
  rotation = true,
  usage: SampleKey['usage'] = 'ENCRYPT_DECRYPT',
): SampleKey => ({
  name,
  id,
  account,
  region,
  alias: `alias/${name}`,
  manager: 'CUSTOMER',
  weight,
  callers,
  rotation,
  usage,
});

/** An AWS managed key for `service`, named aws-<service> in the sample and alias/aws/<service> in the logs. */
const awsManaged = (service: string, id: string, account: string, region: string, weight: number, callers: string[]): SampleKey => ({
  name: `aws-${service}`,
  id,
  account,
  region,
  alias: `alias/aws/${service}`,
  manager: 'AWS',
  weight,
  callers,
  rotation: false,
  usage: 'ENCRYPT_DECRYPT',
});

export const KEYS: SampleKey[] = [
  k('app-data', '1a2b3c4d-0001-4a00-8000-00000000a001', ACCOUNTS.prod, 'us-east-1', 30, ['AppServerRole', 'user:deploy-bot', 'svc:s3']),
  k('payments', '1a2b3c4d-0002-4a00-8000-00000000a002', ACCOUNTS.prod, 'us-east-1', 18, ['PaymentsRole', 'svc:secretsmanager']),
  k('sessions', '1a2b3c4d-0003-4a00-8000-00000000a003', ACCOUNTS.prod, 'us-east-1', 10, ['AppServerRole']),
  k('logs-archive', '1a2b3c4d-0004-4a00-8000-00000000a004', ACCOUNTS.prod, 'us-east-1', 6, ['svc:cloudtrail', 'svc:s3'], false),
  k('eu-app-data', '1a2b3c4d-0005-4a00-8000-00000000a005', ACCOUNTS.prod, 'eu-west-1', 14, [
    'AppServerRole',
    'svc:s3',
    'internal:AppServerRole',
  ]),
  k('eu-backups', '1a2b3c4d-0006-4a00-8000-00000000a006', ACCOUNTS.prod, 'eu-west-1', 4, ['BackupRole', 'svc:backup'], false),
  k('legacy-batch', '1a2b3c4d-0007-4a00-8000-00000000a007', ACCOUNTS.prod, 'us-east-1', 3, ['BatchJobRole'], false),
  k('old-export', '1a2b3c4d-0008-4a00-8000-00000000a008', ACCOUNTS.prod, 'eu-west-1', 2, ['ExportRole'], false),
  k('staging-app', '1a2b3c4d-0009-4a00-8000-00000000a009', ACCOUNTS.staging, 'us-east-1', 8, ['AppServerRole', 'user:dev-alice']),
  k('staging-ci', '1a2b3c4d-0010-4a00-8000-00000000a010', ACCOUNTS.staging, 'us-east-1', 5, ['CiDeployRole']),
  k('shared-secrets', '1a2b3c4d-0011-4a00-8000-00000000a011', ACCOUNTS.security, 'us-east-1', 5, [
    'SecurityAuditRole',
    'ext:PartnerIngestRole',
    `xacct:${ACCOUNTS.staging}:CiDeployRole`,
  ]),
  k('audit-logs', '1a2b3c4d-0012-4a00-8000-00000000a012', ACCOUNTS.security, 'us-east-1', 3, ['svc:cloudtrail']),
  k('sap-hr', '1a2b3c4d-0013-4a00-8000-00000000a013', ACCOUNTS.security, 'ap-southeast-2', 3, ['HrAppRole']),
  // 0014 is NEW_KEY (below). Release artifacts are signed and verified with an asymmetric key.
  k('release-signing', '1a2b3c4d-0015-4a00-8000-00000000a015', ACCOUNTS.prod, 'us-east-1', 2, ['ReleaseRole'], false, 'SIGN_VERIFY'),
  // AWS managed keys, as every real account has: EBS's default key, used by EC2 for the app
  // servers' volumes, and S3's, for staging's uploads bucket (SSE-KMS with the default key). Small
  // weights (~4% of the calls between them, services calling day and night), so the planted
  // scenarios stand out as before.
  awsManaged('ebs', '1a2b3c4d-0016-4a00-8000-00000000a016', ACCOUNTS.prod, 'us-east-1', 2, ['svc:ec2']),
  awsManaged('s3', '1a2b3c4d-0017-4a00-8000-00000000a017', ACCOUNTS.staging, 'us-east-1', 1, ['svc:s3']),
];

/** The keys the customer manages: they get CreateAlias, rotation settings and Terraform's reads. */
export const CUSTOMER_KEYS: SampleKey[] = KEYS.filter((x) => x.manager === 'CUSTOMER');
/** AWS managed keys (alias/aws/…): only their services' calls are in the logs. */
export const AWS_MANAGED_KEYS: SampleKey[] = KEYS.filter((x) => x.manager === 'AWS');

export const keyArn = (key: SampleKey) => `arn:aws:kms:${key.region}:${key.account}:key/${key.id}`;
export const aliasArn = (key: SampleKey, alias = key.alias) => `arn:aws:kms:${key.region}:${key.account}:${alias}`;
export const roleArn = (account: string, role: string) => `arn:aws:iam::${account}:role/${role}`;
export const keyByName = (name: string) => KEYS.find((x) => x.name === name)!;

/** A key created mid-way by CreateKey, then given an alias; and the alias retargeted by UpdateAlias. */
export const NEW_KEY = k('reports', '1a2b3c4d-0014-4a00-8000-00000000a014', ACCOUNTS.prod, 'us-east-1', 0, ['AppServerRole']);
export const RETARGETED_ALIAS = { alias: 'alias/current-data', from: 'app-data', to: 'reports' } as const;

/** Key ARN by key name, for every key the sample knows (KEYS and NEW_KEY). */
export const KEY_ARNS: Readonly<Record<string, string>> = Object.fromEntries([...KEYS, NEW_KEY].map((x) => [x.name, keyArn(x)]));
/** Every alias the sample creates (CreateAlias), including the one UpdateAlias later moves; not the AWS managed keys'. */
export const ALIASES: readonly string[] = [...CUSTOMER_KEYS.map((x) => x.alias), NEW_KEY.alias, RETARGETED_ALIAS.alias];

/** Planted scenarios, as offsets from `now` floored to the hour. */
export const SCENARIO = {
  createKeyDaysAgo: 20,
  retargetAliasDaysAgo: 10,
  /**
   * Automatic rotations come first: KMS rotates a key a whole rotation period (90 days at least)
   * after rotation is turned on, so a key rotated in a 30-day trail had it on before the trail
   * begins. The EnableKeyRotation calls after them set each key's period (Terraform codifying it).
   */
  autoRotationDaysAgo: 25,
  enableRotationDaysAgo: 15,
  disableRotation: { key: 'sessions', daysAgo: 6 },
  putKeyPolicy: { key: 'payments', daysAgo: 8 },
  disableKey: { key: 'legacy-batch', daysAgo: 5 },
  scheduleDeletion: { key: 'old-export', daysAgo: 4, pendingWindowInDays: 7 },
  externalGrant: { key: 'shared-secrets', daysAgo: 3 },
  rootUse: { daysAgo: 7 },
  /** One hour of ~20× normal traffic on app-data. */
  spike: { key: 'app-data', daysAgo: 3, hourUtc: 14, factor: 20 },
  /** 40 AccessDenied within 10 minutes, by one role on one key, with no resources. */
  denialBurst: { key: 'payments', role: 'UnknownLambdaRole', daysAgo: 2, hourUtc: 3, minute: 10, count: 40 },
  /** Now and then a session cookie comes back tampered: this share of the key's Decrypts fail with InvalidCiphertextException. */
  tamperedCiphertext: { key: 'sessions', rate: 0.02 },
  /** 12 Verify calls rejected (KMSInvalidSignatureException) within 5 minutes, by one role on the signing key. */
  integrityBurst: { key: 'release-signing', role: 'BuildAgentRole', daysAgo: 1, hourUtc: 9, minute: 20, count: 12 },
  /**
   * A leaked access key of dev-alice reads every staging secret and SecureString parameter in 4
   * minutes at night (Secrets Manager and SSM decrypt each under staging-app): credential harvesting.
   */
  secretSweep: { key: 'staging-app', user: 'dev-alice', daysAgo: 2, hourUtc: 2, minute: 40, secrets: 14, parameters: 8 },
} as const;

export const ADMIN_ROLE = 'KeyAdminRole';

/** Role ARNs the scenarios name (the admin role exists in every account; here, prod's). */
export const ROLE_ARNS = {
  admin: roleArn(ACCOUNTS.prod, ADMIN_ROLE),
  appServer: roleArn(ACCOUNTS.prod, 'AppServerRole'),
  payments: roleArn(ACCOUNTS.prod, 'PaymentsRole'),
  batchJob: roleArn(ACCOUNTS.prod, 'BatchJobRole'),
  export: roleArn(ACCOUNTS.prod, 'ExportRole'),
  reportsJob: roleArn(ACCOUNTS.prod, 'ReportsJobRole'),
  denialBurst: roleArn(ACCOUNTS.prod, SCENARIO.denialBurst.role),
  integrityBurst: roleArn(ACCOUNTS.prod, SCENARIO.integrityBurst.role),
  externalGrantee: roleArn(EXTERNAL_ACCOUNT, 'PartnerIngestRole'),
} as const;

/** The session the denial burst's role uses. */
export const DENIAL_BURST_SESSION = 'lambda-fn-7f3a';
/** The session the integrity burst's role uses. */
export const INTEGRITY_BURST_SESSION = 'build-runner-42';

/**
 * The planted times for a given `now`, in epoch ms. The data ends at `now` floored to the
 * hour; "N days ago" counts back from that hour's midnight UTC.
 */
export function scenarioClock(now: Date) {
  const end = Math.floor(now.getTime() / HOUR) * HOUR;
  const midnight = end - (end % DAY);
  const at = (daysAgo: number, hourUtc = 10, minute = 0) => midnight - daysAgo * DAY + hourUtc * HOUR + minute * MINUTE;
  const s = SCENARIO;
  const spike = at(s.spike.daysAgo, s.spike.hourUtc);
  const burst = at(s.denialBurst.daysAgo, s.denialBurst.hourUtc, s.denialBurst.minute);
  const integrity = at(s.integrityBurst.daysAgo, s.integrityBurst.hourUtc, s.integrityBurst.minute);
  const sweep = at(s.secretSweep.daysAgo, s.secretSweep.hourUtc, s.secretSweep.minute);
  return {
    end,
    at,
    createKey: at(s.createKeyDaysAgo, 11),
    enableRotation: at(s.enableRotationDaysAgo, 9),
    autoRotation: at(s.autoRotationDaysAgo, 2, 17),
    retargetAlias: at(s.retargetAliasDaysAgo, 15),
    putKeyPolicy: at(s.putKeyPolicy.daysAgo, 13),
    rootUse: at(s.rootUse.daysAgo, 22, 40),
    disableRotation: at(s.disableRotation.daysAgo, 16),
    disableKey: at(s.disableKey.daysAgo, 12),
    scheduleDeletion: at(s.scheduleDeletion.daysAgo, 12),
    externalGrant: at(s.externalGrant.daysAgo, 17),
    /** [start, end) of the usage spike hour. */
    spike: { start: spike, end: spike + HOUR },
    /** [start, end) of the 10 minutes holding the denial burst. */
    denialBurst: { start: burst, end: burst + 10 * MINUTE },
    /** [start, end) of the 5 minutes holding the integrity burst. */
    integrityBurst: { start: integrity, end: integrity + 5 * MINUTE },
    /** [start, end) of the 4 minutes holding the secret sweep. */
    secretSweep: { start: sweep, end: sweep + 4 * MINUTE },
  };
}
export type ScenarioClock = ReturnType<typeof scenarioClock>;
