import { contextPairs } from './encryption-context';

/**
 * The facts of one CloudTrail record a reader looks for first (what was called, by whom, from
 * where, and whether it worked), read from the record's own text. Every value is written by the
 * caller or by AWS on the caller's say-so (userAgent, errorMessage, session names…): they are
 * returned as plain strings for the page to render as text, never as markup. A field of the wrong
 * type (an object where a string belongs) reads as absent rather than as its JSON.
 */
export interface EventSummary {
  /** `eventTime` as written (shown when the store could not read it as a time). */
  eventTime: string | null;
  eventName: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** `userIdentity.type`: AssumedRole, IAMUser, AWSService, Root… */
  identityType: string | null;
  /** The identity's own ARN (for a role, the session's `assumed-role/…` ARN). */
  identityArn: string | null;
  /** The session name of an assumed role or federated user. */
  session: string | null;
  /** `userIdentity.invokedBy`: the AWS service that made the call on the principal's behalf. */
  invokedBy: string | null;
  principalAccount: string | null;
  /** `userIdentity.accessKeyId`: which credentials signed the call (what a leaked-key hunt looks for). */
  accessKeyId: string | null;
  /** `sessionContext.attributes.mfaAuthenticated`: null when the record does not say. */
  mfaAuthenticated: boolean | null;
  /** `sessionCredentialFromConsole`: the credentials came from a console sign-in. */
  fromConsole: boolean;
  sourceIp: string | null;
  userAgent: string | null;
  region: string | null;
  /** `recipientAccountId`: the account whose trail logged the call. */
  account: string | null;
  /** The encryption contexts the request names, each labelled (a ReEncrypt has two, a grant a constraint). */
  contexts: { label: string; pairs: [string, string][] }[];
}

/** Where a request carries an encryption context, and what each is (KMS API reference). */
const CONTEXT_FIELDS: [path: string[], label: string][] = [
  [['encryptionContext'], 'the call’s'],
  [['sourceEncryptionContext'], 'source (decrypted under)'],
  [['destinationEncryptionContext'], 'destination (encrypted under)'],
  [['constraints', 'encryptionContextSubset'], 'grant constraint: context must include'],
  [['constraints', 'encryptionContextEquals'], 'grant constraint: context must equal'],
];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** CloudTrail writes these flags as the strings "true" and "false". */
const flag = (v: unknown): boolean | null => (v === 'true' || v === true ? true : v === 'false' || v === false ? false : null);

/**
 * What kind of credentials an access key id is, from its prefix (IAM user guide, "Unique identifier
 * prefixes"): AKIA a long-term key of an IAM user or root, ASIA a temporary one from STS.
 */
export function accessKeyKind(id: string): string | null {
  if (id.startsWith('AKIA')) return 'long-term';
  if (id.startsWith('ASIA')) return 'temporary (STS)';
  return null;
}

/** The session of an `assumed-role/<role>/<session>` or `federated-user/<name>` ARN. */
function sessionOf(arn: string | null): string | null {
  if (!arn) return null;
  const m = /:(?:assumed-role\/[^/]+|federated-user)\/(.+)$/.exec(arn);
  return m ? m[1] : null;
}

/** The summary of a raw record, or null when the text is not a JSON object (or is missing). */
export function eventSummary(raw: string | null): EventSummary | null {
  if (raw === null) return null;
  let rec: Obj | null;
  try {
    rec = obj(JSON.parse(raw));
  } catch {
    return null;
  }
  if (!rec) return null;
  const who = obj(rec.userIdentity) ?? {};
  const identityArn = str(who.arn);
  return {
    eventTime: str(rec.eventTime),
    eventName: str(rec.eventName),
    errorCode: str(rec.errorCode),
    errorMessage: str(rec.errorMessage),
    identityType: str(who.type),
    identityArn,
    session: sessionOf(identityArn),
    invokedBy: str(who.invokedBy),
    principalAccount: str(who.accountId),
    accessKeyId: str(who.accessKeyId),
    mfaAuthenticated: flag(obj(obj(who.sessionContext)?.attributes)?.mfaAuthenticated),
    fromConsole: flag(rec.sessionCredentialFromConsole) === true,
    sourceIp: str(rec.sourceIPAddress),
    userAgent: str(rec.userAgent),
    region: str(rec.awsRegion),
    account: str(rec.recipientAccountId),
    contexts: CONTEXT_FIELDS.flatMap(([path, label]) => {
      const v = path.reduce<unknown>((o, k) => obj(o)?.[k], rec.requestParameters);
      const pairs = contextPairs(obj(v) ? JSON.stringify(v) : null);
      return pairs?.length ? [{ label, pairs }] : [];
    }),
  };
}
