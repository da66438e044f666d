import { isoSeconds, javaDate } from './format';
import type { Who } from './identities';
import type { Prng } from './prng';

/**
 * Serializes one CloudTrail record straight to minified JSON, with keys in the order CloudTrail
 * writes them. Values inserted with `"${…}"` are generator-controlled ASCII (no quotes or
 * backslashes); anything else goes through JSON.stringify first.
 */
export interface Fields {
  t: number;
  region: string;
  recipient: string;
  who: Who;
  name: string;
  /** Default kms.amazonaws.com. */
  source?: string;
  /** Default 1.09. */
  version?: string;
  errorCode?: string;
  /** Left out of the record when undefined. */
  errorMessage?: string;
  /** Serialized JSON ('null' for none). */
  requestParameters: string;
  /** Serialized JSON; default 'null'. */
  responseElements?: string;
  additionalEventData?: string;
  /** Omit requestID (service events have none). */
  noRequestId?: boolean;
  /** Use this requestID (S3's are 16 upper-case hex characters). */
  requestId?: string;
  readOnly: boolean;
  /** Serialized resources array, or undefined for none. */
  resources?: string;
  /** Default AwsApiCall. */
  eventType?: string;
  /** Default true. */
  managementEvent?: boolean;
  /** Serialized. */
  serviceEventDetails?: string;
  /** Default Management. */
  eventCategory?: string;
  /** Host header in tlsDetails; default `<service>.<region>.amazonaws.com`. */
  host?: string;
}

const TLS_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'];

export function assemble(rng: Prng, f: Fields): string {
  const source = f.source ?? 'kms.amazonaws.com';
  const w = f.who;
  let s =
    `{"eventVersion":"${f.version ?? '1.09'}","userIdentity":${w.identity},"eventTime":"${isoSeconds(f.t)}",` +
    `"eventSource":"${source}","eventName":"${f.name}","awsRegion":"${f.region}",` +
    `"sourceIPAddress":"${w.ip}","userAgent":"${w.userAgent}",`;
  // Some errors come with no message (KMS rejecting a ciphertext or signature says nothing more).
  if (f.errorCode)
    s += `"errorCode":"${f.errorCode}",` + (f.errorMessage === undefined ? '' : `"errorMessage":${JSON.stringify(f.errorMessage)},`);
  s += `"requestParameters":${f.requestParameters},"responseElements":${f.responseElements ?? 'null'},`;
  if (f.additionalEventData) s += `"additionalEventData":${f.additionalEventData},`;
  if (f.requestId) s += `"requestID":"${f.requestId}",`;
  else if (!f.noRequestId) s += `"requestID":"${rng.uuid()}",`;
  s += `"eventID":"${rng.uuid()}","readOnly":${f.readOnly},`;
  if (f.resources) s += `"resources":${f.resources},`;
  s += `"eventType":"${f.eventType ?? 'AwsApiCall'}","managementEvent":${f.managementEvent ?? true},"recipientAccountId":"${f.recipient}",`;
  if (w.shared) s += `"sharedEventID":"${rng.uuid()}",`;
  if (f.serviceEventDetails) s += `"serviceEventDetails":${f.serviceEventDetails},`;
  s += `"eventCategory":"${f.eventCategory ?? 'Management'}"`;
  if (w.tls) {
    const host = f.host ?? `${source.slice(0, source.indexOf('.'))}.${f.region}.amazonaws.com`;
    s += `,"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"${TLS_CIPHERS[rng.int(4) === 0 ? 1 : 0]}","clientProvidedHostHeader":"${host}"}`;
  }
  if (w.console) s += ',"sessionCredentialFromConsole":"true"';
  return s + '}';
}

/** `[{"accountId":…,"type":"AWS::KMS::Key","ARN":…}, …]` — aliases are typed as keys too, as CloudTrail does. */
export function kmsResources(account: string, ...arns: string[]): string {
  return `[${arns.map((a) => `{"accountId":"${account}","type":"AWS::KMS::Key","ARN":"${a}"}`).join(',')}]`;
}

/** The wording AWS uses when IAM or the key policy refuses a call. */
export function deniedMessage(callerArn: string, action: string, keyArn: string, policy: 'identity' | 'resource' = 'identity'): string {
  return `User: ${callerArn} is not authorized to perform: kms:${action} on resource: ${keyArn} because no ${policy}-based policy allows the kms:${action} action`;
}

// ---- Other services sharing the trail ------------------------------------------------------

/** An S3 data event (GetObject on an SSE-KMS object). */
export function s3GetObject(rng: Prng, t: number, account: string, region: string, who: Who): string {
  const bucket = `app-uploads-${account}-${region}`;
  const key = `uploads/${isoSeconds(t).slice(0, 10)}/${rng.hex(12)}.json`;
  return assemble(rng, {
    t,
    region,
    recipient: account,
    who,
    source: 's3.amazonaws.com',
    name: 'GetObject',
    requestParameters: `{"bucketName":"${bucket}","Host":"${bucket}.s3.${region}.amazonaws.com","key":"${key}"}`,
    additionalEventData:
      `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"SSEApplied":"SSE_KMS",` +
      `"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${rng.alnum(56)}=","bytesTransferredOut":${200 + rng.int(90_000)}}`,
    requestId: rng.hex(16).toUpperCase(),
    readOnly: true,
    resources: `[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::${bucket}/${key}"},{"accountId":"${account}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::${bucket}"}]`,
    managementEvent: false,
    eventCategory: 'Data',
    host: `${bucket}.s3.${region}.amazonaws.com`,
  });
}

/** EC2 (as a service) assuming an instance role for an instance. */
export function stsAssumeRole(rng: Prng, t: number, account: string, region: string, who: Who, role: string, roleId: string): string {
  const session = `i-0${rng.hex(16)}`;
  const roleArn = `arn:aws:iam::${account}:role/${role}`;
  return assemble(rng, {
    t,
    region,
    recipient: account,
    who,
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    requestParameters: `{"roleArn":"${roleArn}","roleSessionName":"${session}"}`,
    responseElements:
      `{"credentials":{"accessKeyId":"ASIA${rng.alnum(16).toUpperCase()}","sessionToken":"IQoJb3JpZ2luX2VjE${rng.alnum(40)}",` +
      `"expiration":"${javaDate(t + 6 * 3_600_000)}"},"assumedRoleUser":{"assumedRoleId":"${roleId}:${session}",` +
      `"arn":"arn:aws:sts::${account}:assumed-role/${role}/${session}"}}`,
    readOnly: true,
    resources: `[{"accountId":"${account}","type":"AWS::IAM::Role","ARN":"${roleArn}"}]`,
  });
}

export function ec2DescribeInstances(rng: Prng, t: number, account: string, region: string, who: Who): string {
  return assemble(rng, {
    t,
    region,
    recipient: account,
    who,
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    requestParameters: '{"instancesSet":{},"filterSet":{}}',
    readOnly: true,
  });
}
