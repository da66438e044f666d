import { dayFolder, fileStamp } from './format';
import { callerFromSpec, type Caller, type CallerKind, type Who } from './identities';
import { hash32, stableHex, Weighted, type Prng } from './prng';
import { assemble, deniedMessage, kmsResources } from './records';
import { ACCOUNTS, ORG_ID, SCENARIO, TRAIL_BUCKET, TRAIL_NAME, aliasArn, keyArn, type SampleKey, type ScenarioClock } from './scenario';

/** Ordinary traffic on one key: crypto calls mostly, in the shapes each kind of caller produces. */

type Op =
  | 'Decrypt'
  | 'Encrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'ReEncrypt'
  | 'DescribeKey'
  | 'ListAliases'
  | 'Sign'
  | 'Verify'
  | 'GetPublicKey'
  | 'CreateGrant';

/** A signing key's calls, whoever makes them: it cannot encrypt. */
const SIGN_OPS = new Weighted<Op>([
  ['Verify', 50],
  ['Sign', 40],
  ['DescribeKey', 5],
  ['GetPublicKey', 5],
]);

const OPS_BY_KIND: Record<CallerKind, Weighted<Op>> = {
  role: new Weighted<Op>([
    ['Decrypt', 50],
    ['GenerateDataKey', 25],
    ['Encrypt', 10],
    ['DescribeKey', 6],
    ['GenerateDataKeyWithoutPlaintext', 4],
    ['ReEncrypt', 3],
    ['ListAliases', 2],
  ]),
  user: new Weighted<Op>([
    ['Decrypt', 40],
    ['Encrypt', 25],
    ['DescribeKey', 20],
    ['ListAliases', 10],
    ['GenerateDataKey', 5],
  ]),
  service: new Weighted<Op>([
    ['Decrypt', 55],
    ['GenerateDataKey', 45],
  ]),
  internal: new Weighted<Op>([
    ['Decrypt', 70],
    ['GenerateDataKeyWithoutPlaintext', 30],
  ]),
  awsservice: new Weighted<Op>([['GenerateDataKey', 1]]),
  account: new Weighted<Op>([
    ['Decrypt', 70],
    ['GenerateDataKey', 20],
    ['DescribeKey', 10],
  ]),
};

/**
 * What a service does with the AWS managed key it created, by the service calling. EC2 with EBS's
 * key: a new volume's data key (GenerateDataKeyWithoutPlaintext) and a grant letting the instance
 * decrypt it (CreateGrant), then a Decrypt at each attach (AWS KMS developer guide, "Amazon EC2
 * example two"). S3 with its key: a data key per SSE-KMS PutObject, a Decrypt per GetObject.
 */
const AWS_MANAGED_OPS: Record<string, Weighted<Op>> = {
  'ec2.amazonaws.com': new Weighted<Op>([
    // A volume is created (a data key and a grant) far less often than it is attached.
    ['Decrypt', 76],
    ['GenerateDataKeyWithoutPlaintext', 12],
    ['CreateGrant', 12],
  ]),
  's3.amazonaws.com': new Weighted<Op>([
    ['Decrypt', 60],
    ['GenerateDataKey', 40],
  ]),
};

const NO_KEY_STATE_CHECK = new Set<Op>(['DescribeKey', 'ListAliases']);

export interface KeyTraffic {
  key: SampleKey;
  arn: string;
  callers: Caller[];
  /** Only services call it: a flatter daily rhythm. */
  flat: boolean;
  /** Calls fail with DisabledException from this time (ms), if set. */
  disabledAt: number;
  /** Calls fail with KMSInvalidStateException from this time (ms), if set. */
  pendingDeletionAt: number;
  /** Cross-account callers outside the organization start calling once the grant exists. */
  externalFrom: number;
  /** Share of Decrypts that fail with InvalidCiphertextException (a tampered ciphertext); 0 for most keys. */
  tamperedCiphertext: number;
  resources: string;
  forms: string[];
  contexts: string[];
  secretVersions: string[];
}

const tenantContexts = (key: SampleKey) =>
  Array.from(
    { length: 24 },
    (_, i) => `{"tenantId":"t-${String(1000 + ((hash32(key.id) + i * 7919) % 9000)).padStart(4, '0')}","app":"${key.name}"}`,
  );

export function keyTraffic(key: SampleKey, clock: ScenarioClock): KeyTraffic {
  const firstRole = key.callers.find((c) => !c.includes(':')) ?? 'AppServerRole';
  const arn = keyArn(key);
  return {
    key,
    arn,
    callers: key.callers.map((c) => callerFromSpec(c, key.account, firstRole)),
    flat: key.callers.every((c) => c.startsWith('svc:')),
    disabledAt: key.name === SCENARIO.disableKey.key ? clock.disableKey : Infinity,
    pendingDeletionAt: key.name === SCENARIO.scheduleDeletion.key ? clock.scheduleDeletion : Infinity,
    externalFrom: clock.externalGrant,
    tamperedCiphertext: key.name === SCENARIO.tamperedCiphertext.key ? SCENARIO.tamperedCiphertext.rate : 0,
    resources: kmsResources(key.account, arn),
    forms: [key.alias, key.id, arn, aliasArn(key)],
    contexts: tenantContexts(key),
    secretVersions: [0, 1, 2].map((i) => {
      const h = stableHex(`${key.id}#secret${i}`, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }),
  };
}

/** The keyId a caller passes: alias name, key id, key ARN or alias ARN, as real callers mix them. */
function keyIdFor(rng: Prng, k: KeyTraffic, kind: CallerKind, op: Op): string {
  // A service asks for its AWS managed key by alias (the public Stratus trail: Secrets Manager's
  // GenerateDataKey and SSM's Encrypt name alias/aws/<service>); a grant it then makes names the key.
  if (k.key.manager === 'AWS') return op === 'CreateGrant' ? k.forms[2] : k.forms[0];
  if (kind === 'account') return rng.int(5) < 3 ? k.forms[2] : k.forms[3];
  if (kind !== 'role' && kind !== 'user') return k.forms[2];
  const x = rng.int(10);
  return k.forms[x < 4 ? 0 : x < 7 ? 1 : x < 9 ? 2 : 3];
}

function contextFor(rng: Prng, k: KeyTraffic, c: Caller, t: number): string | null {
  const { key } = k;
  switch (c.via ?? (c.kind === 'awsservice' ? c.name : '')) {
    case 's3.amazonaws.com':
      // S3's own key protects the uploads bucket the trail's GetObject data events read.
      return key.manager === 'AWS'
        ? `{"aws:s3:arn":"arn:aws:s3:::app-uploads-${key.account}-${key.region}/uploads/${rng.hex(12)}.json"}`
        : `{"aws:s3:arn":"arn:aws:s3:::${key.name}-${key.account}/objects/${rng.hex(8)}.json"}`;
    case 'secretsmanager.amazonaws.com':
      return `{"SecretARN":"arn:aws:secretsmanager:${key.region}:${key.account}:secret:prod/${key.name}/api-key-Ab12Cd","SecretVersionId":"${k.secretVersions[rng.int(3)]}"}`;
    case 'backup.amazonaws.com':
      return `{"aws:backup:backup-vault":"arn:aws:backup:${key.region}:${key.account}:backup-vault:${key.name}-vault"}`;
    case 'AWS Internal':
    case 'ec2.amazonaws.com':
      return `{"aws:ebs:id":"vol-0${(hash32(key.id) + rng.int(6)).toString(16).padStart(8, '0')}e1f2a3b4"}`;
    case 'cloudtrail.amazonaws.com': {
      const acct = rng.pick(Object.values(ACCOUNTS));
      const region = rng.int(3) === 0 ? 'eu-west-1' : 'us-east-1';
      return (
        `{"aws:cloudtrail:arn":"arn:aws:cloudtrail:${key.region}:${key.account}:trail/${TRAIL_NAME}",` +
        `"aws:s3:arn":"arn:aws:s3:::${TRAIL_BUCKET}/AWSLogs/${ORG_ID}/${acct}/CloudTrail/${region}/${dayFolder(t)}/` +
        `${acct}_CloudTrail_${region}_${fileStamp(t)}_${rng.alnum(16)}.json.gz"}`
      );
    }
    default:
      return rng.int(10) < 7 ? k.contexts[rng.int(k.contexts.length)] : null;
  }
}

function requestParameters(op: Op, keyId: string | null, ctx: string | null, grantee = '', retiring = ''): string {
  const ec = ctx ? `"encryptionContext":${ctx},` : '';
  const kid = keyId ? `"keyId":"${keyId}",` : '';
  switch (op) {
    case 'Decrypt':
      return `{${kid}${ec}"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`;
    case 'Encrypt':
      return `{${kid}${ec}"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`;
    case 'GenerateDataKey':
    case 'GenerateDataKeyWithoutPlaintext':
      return `{${kid}${ec}"keySpec":"AES_256"}`;
    case 'ReEncrypt':
      return `{"sourceEncryptionAlgorithm":"SYMMETRIC_DEFAULT","destinationKeyId":"${keyId}","destinationEncryptionAlgorithm":"SYMMETRIC_DEFAULT"}`;
    case 'Sign':
    case 'Verify':
      return `{"keyId":"${keyId}","messageType":"RAW","signingAlgorithm":"ECDSA_SHA_256"}`;
    case 'DescribeKey':
    case 'GetPublicKey':
      return `{"keyId":"${keyId}"}`;
    case 'ListAliases':
      return 'null';
    case 'CreateGrant':
      return `{"keyId":"${keyId}",${ctx ? `"constraints":{"encryptionContextSubset":${ctx}},` : ''}"operations":["Decrypt"],"granteePrincipal":"${grantee}","retiringPrincipal":"${retiring}"}`;
  }
}

export interface UsageOptions {
  /** Probability of ThrottlingException. */
  throttle: number;
  /** Probability of a sporadic AccessDenied for role and user callers. */
  denied: number;
}

/**
 * One ordinary call to the key at time t, as a serialized record. A caller from another account
 * of the organization gets that account's own copy too (`onCallerCopy`), as CloudTrail logs a
 * cross-account call in both accounts: same sharedEventID, its own eventID, the session in full.
 */
export function usageRecord(
  rng: Prng,
  t: number,
  k: KeyTraffic,
  o: UsageOptions,
  onCallerCopy?: (account: string, json: string) => void,
): string {
  let caller = k.callers.length === 1 ? k.callers[0] : k.callers[rng.int(k.callers.length)];
  if (caller.kind === 'account' && caller.name === 'PartnerIngestRole' && t < k.externalFrom) caller = k.callers[0];
  const who = caller.who(t, rng);
  const json = ownerCopy(rng, t, k, o, caller, who);
  const own = who.ownCopy;
  if (own && onCallerCopy) {
    const copy = json
      .replace(`"userIdentity":${who.identity}`, () => `"userIdentity":${own.identity}`)
      .replace(/"eventID":"[^"]+"/, () => `"eventID":"${rng.uuid()}"`)
      .replace(`"recipientAccountId":"${k.key.account}"`, () => `"recipientAccountId":"${own.account}"`);
    onCallerCopy(own.account, copy);
  }
  return json;
}

/** The record in the key owner's account. */
function ownerCopy(rng: Prng, t: number, k: KeyTraffic, o: UsageOptions, caller: Caller, who: Who): string {
  const kind = caller.kind;
  const managedOps = k.key.manager === 'AWS' && caller.via ? AWS_MANAGED_OPS[caller.via] : undefined;
  const op = k.key.usage === 'SIGN_VERIFY' ? SIGN_OPS.sample(rng) : (managedOps ?? OPS_BY_KIND[kind]).sample(rng);
  const decryptNamesKey = kind === 'role' || kind === 'user' ? rng.int(5) === 0 : kind === 'account' && rng.int(10) < 3;
  const keyId = op === 'ListAliases' || (op === 'Decrypt' && !decryptNamesKey) ? null : keyIdFor(rng, k, kind, op);
  const ctx = ['DescribeKey', 'ListAliases', 'ReEncrypt', 'Sign', 'Verify', 'GetPublicKey'].includes(op)
    ? null
    : contextFor(rng, k, caller, t);
  const grant = op === 'CreateGrant';
  const base = {
    t,
    region: k.key.region,
    recipient: k.key.account,
    who,
    name: op,
    // EC2's grant goes to the instance the volume attaches to, as EC2 names it (not an ARN).
    requestParameters: grant
      ? requestParameters(op, keyId, ctx, `${k.key.account}:aws:ec2-infrastructure:i-0${rng.hex(16)}`, `ec2.${k.key.region}.amazonaws.com`)
      : requestParameters(op, keyId, ctx),
    readOnly: !grant,
  };
  if (op === 'ListAliases') return assemble(rng, base);

  // Sporadic denials: no resources, the key only in the message (and in keyId, when the caller named it).
  if ((kind === 'role' || kind === 'user') && rng.next() < o.denied) {
    const exception = rng.int(10) < 3;
    return assemble(rng, {
      ...base,
      errorCode: exception ? 'AccessDeniedException' : 'AccessDenied',
      errorMessage: deniedMessage(who.arn, op, k.arn),
    });
  }
  if (!NO_KEY_STATE_CHECK.has(op)) {
    if (t >= k.pendingDeletionAt)
      return assemble(rng, {
        ...base,
        errorCode: 'KMSInvalidStateException',
        errorMessage: `${k.arn} is pending deletion.`,
        resources: k.resources,
      });
    if (t >= k.disabledAt)
      return assemble(rng, { ...base, errorCode: 'DisabledException', errorMessage: `${k.arn} is disabled.`, resources: k.resources });
  }
  // A tampered ciphertext: KMS still reads which key it names, so the key is in resources; no message.
  if (op === 'Decrypt' && k.tamperedCiphertext > 0 && rng.next() < k.tamperedCiphertext)
    return assemble(rng, { ...base, errorCode: 'InvalidCiphertextException', resources: k.resources });
  if (rng.next() < o.throttle)
    return assemble(rng, { ...base, errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded', resources: k.resources });
  // A grant's response names it and (since December 2022) the key.
  if (grant) return assemble(rng, { ...base, responseElements: `{"grantId":"${rng.hex(64)}","keyId":"${k.arn}"}`, resources: k.resources });
  return assemble(rng, { ...base, resources: k.resources });
}
