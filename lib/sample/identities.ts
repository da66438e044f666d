import { HOUR, isoSeconds } from './format';
import { hash32, stableHex as hex, stableId, type Prng } from './prng';
import { EXTERNAL_ACCOUNT, roleArn } from './scenario';

/**
 * Callers as CloudTrail records them: the userIdentity JSON (pre-serialized, key order as
 * CloudTrail writes it), plus where the call came from. Ids (AROA…, ASIA…) are derived from
 * names, so they do not depend on the seed; the session a call uses does.
 */
export interface Who {
  /** userIdentity, serialized. */
  identity: string;
  /** The ARN an AccessDenied message names (assumed-role session, user, root). */
  arn: string;
  ip: string;
  userAgent: string;
  /** tlsDetails present (direct HTTPS calls; not for calls made inside AWS). */
  tls: boolean;
  /** sharedEventID present (cross-account callers, AWS services). */
  shared: boolean;
  /** sessionCredentialFromConsole: "true". */
  console: boolean;
  /**
   * A caller from another account of the organization: the trail also holds that account's own
   * copy of each cross-account call, under the same sharedEventID, with the session in full.
   */
  ownCopy?: { account: string; identity: string };
}

export type CallerKind = 'role' | 'user' | 'service' | 'internal' | 'awsservice' | 'account';

export interface Caller {
  kind: CallerKind;
  /** The role or user name, or the service host for AWSService callers. */
  name: string;
  /** For callers acting through a service: its host, e.g. s3.amazonaws.com. */
  via?: string;
  who(t: number, rng: Prng): Who;
}

export const UA = {
  java: 'aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. md/internal io/sync http/Apache cfg/retry-mode/legacy',
  boto: 'Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.218-208.862.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131',
  cli: 'aws-cli/2.17.32 md/awscrt#0.21.2 ua/2.0 os/linux#6.5.0-1024-aws md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#kms.decrypt',
  go: 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/kms#1.35.3',
  js: 'aws-sdk-js/3.600.0 ua/2.1 os/linux#5.10.219-229.866.amzn2.x86_64 lang/js md/nodejs#20.14.0 api/kms#3.600.0 exec-env/AWS_Lambda_nodejs20.x',
  terraform:
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.64.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/kms#1.35.5',
  console: 'AWS Internal',
} as const;

/** Per-role session names, user agents and egress addresses. */
const ROLE_STYLE: Record<string, { sessions: (account: string) => string[]; ua: string; ips: string[] }> = {
  AppServerRole: {
    sessions: (a) => [1, 2, 3, 4, 5].map((n) => `i-0${hex(`${a}:app:${n}`, 16)}`),
    ua: UA.java,
    ips: ['198.51.100.10', '198.51.100.11', '10.0.12.34'],
  },
  PaymentsRole: {
    sessions: (a) => [1, 2, 3, 4].map((n) => hex(`${a}:pay:${n}`, 32)),
    ua: UA.boto,
    ips: ['198.51.100.20', '198.51.100.21'],
  },
  BatchJobRole: {
    sessions: () => ['botocore-session-1731900000', 'botocore-session-1732400000', 'nightly-batch'],
    ua: UA.boto,
    ips: ['198.51.100.30'],
  },
  ExportRole: { sessions: () => ['export-worker-1', 'export-worker-2', 'export-worker-3'], ua: UA.go, ips: ['198.51.100.40'] },
  BackupRole: { sessions: () => ['AWSBackup-BackupRole-4711', 'AWSBackup-BackupRole-4712'], ua: UA.go, ips: ['198.51.100.50'] },
  CiDeployRole: {
    sessions: () => ['GitHubActions-8812345', 'GitHubActions-8812390', 'GitHubActions-8813001', 'GitHubActions-8813122'],
    ua: UA.cli,
    ips: ['192.0.2.140', '192.0.2.141'],
  },
  SecurityAuditRole: { sessions: () => ['sam.ortiz@example.com', 'priya.n@example.com'], ua: UA.cli, ips: ['203.0.113.45'] },
  HrAppRole: { sessions: () => ['hr-payroll-sync', 'hr-api', 'hr-onboarding'], ua: UA.js, ips: ['198.51.100.60'] },
  KeyAdminRole: { sessions: () => ['alice@example.com', 'terraform-apply'], ua: UA.console, ips: ['203.0.113.10'] },
  ReportsJobRole: { sessions: () => ['reports-nightly'], ua: UA.go, ips: ['198.51.100.70'] },
  UnknownLambdaRole: { sessions: () => ['lambda-fn-7f3a'], ua: UA.js, ips: ['198.51.100.80'] },
  PartnerIngestRole: { sessions: () => ['partner-sync-01', 'partner-sync-02'], ua: UA.java, ips: ['192.0.2.77', '192.0.2.78'] },
};
const DEFAULT_STYLE = { sessions: () => ['session-1', 'session-2', 'session-3'], ua: UA.go, ips: ['198.51.100.99'] };

const styleOf = (role: string) => ROLE_STYLE[role] ?? DEFAULT_STYLE;

/** One assumed-role session: its identity JSON is rebuilt only when its hourly credentials change. */
class Session {
  readonly arn: string;
  private readonly head: string;
  private readonly mid: string;
  private readonly tail: string;
  private readonly phase: number;
  private creation = -1;
  private cached = '';

  constructor(account: string, role: string, session: string, invokedBy: string | null, mfa = false) {
    const rArn = roleArn(account, role);
    const roleId = stableId('AROA', rArn, 17);
    this.arn = `arn:aws:sts::${account}:assumed-role/${role}/${session}`;
    this.phase = (hash32(this.arn) % 3600) * 1000;
    this.head = `{"type":"AssumedRole","principalId":"${roleId}:${session}","arn":"${this.arn}","accountId":"${account}","accessKeyId":"`;
    this.mid =
      `","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"${roleId}","arn":"${rArn}","accountId":"${account}","userName":"${role}"},` +
      `"webIdFederationData":{},"attributes":{"creationDate":"`;
    this.tail = `","mfaAuthenticated":"${mfa}"}}${invokedBy ? `,"invokedBy":"${invokedBy}"` : ''}}`;
  }

  identity(t: number): string {
    // Credentials are refreshed hourly, at a per-session minute.
    const creation = t - ((((t - this.phase) % HOUR) + HOUR) % HOUR);
    if (creation !== this.creation) {
      this.creation = creation;
      const akid = stableId('ASIA', `${this.arn}@${creation}`, 16);
      this.cached = this.head + akid + this.mid + isoSeconds(creation) + this.tail;
    }
    return this.cached;
  }
}

/** A role's sessions, optionally seen through a service (invokedBy). */
export function roleCaller(account: string, role: string, via: string | null = null, kind: CallerKind = 'role'): Caller {
  const style = styleOf(role);
  const sessions = style.sessions(account).map((s) => new Session(account, role, s, via, style.ua === UA.console));
  const inside = via !== null;
  const consoleUse = style.ua === UA.console;
  return {
    kind,
    name: role,
    via: via ?? undefined,
    who(t, rng) {
      const s = sessions.length === 1 ? sessions[0] : sessions[rng.int(sessions.length)];
      return {
        identity: s.identity(t),
        arn: s.arn,
        ip: inside ? via : style.ips.length === 1 ? style.ips[0] : style.ips[rng.int(style.ips.length)],
        userAgent: inside ? via : style.ua,
        tls: !inside,
        shared: false,
        console: consoleUse && !inside,
      };
    },
  };
}

/** A specific session of a role (planted events name their session). */
export function sessionCaller(account: string, role: string, session: string, ua: string, ip: string): Caller {
  const s = new Session(account, role, session, null, ua === UA.console);
  return {
    kind: 'role',
    name: role,
    who: (t) => ({ identity: s.identity(t), arn: s.arn, ip, userAgent: ua, tls: true, shared: false, console: ua === UA.console }),
  };
}

export function userCaller(account: string, user: string): Caller {
  const arn = `arn:aws:iam::${account}:user/${user}`;
  const identity =
    `{"type":"IAMUser","principalId":"${stableId('AIDA', arn, 17)}","arn":"${arn}","accountId":"${account}",` +
    `"accessKeyId":"${stableId('AKIA', `${arn}#key1`, 16)}","userName":"${user}"}`;
  const ua = user.startsWith('deploy') ? UA.terraform : UA.cli;
  return {
    kind: 'user',
    name: user,
    who: () => ({ identity, arn, ip: '203.0.113.25', userAgent: ua, tls: true, shared: false, console: false }),
  };
}

/** An AWS service calling on its own behalf, e.g. CloudTrail encrypting log files. */
export function awsServiceCaller(host: string): Caller {
  const identity = `{"type":"AWSService","invokedBy":"${host}"}`;
  return {
    kind: 'awsservice',
    name: host,
    who: () => ({ identity, arn: host, ip: host, userAgent: host, tls: false, shared: true, console: false }),
  };
}

/** A caller in another account: the key owner's trail names it only by account and principal id. */
export function accountCaller(account: string, role: string, inTrail = false): Caller {
  const style = styleOf(role);
  const rArn = roleArn(account, role);
  const roleId = stableId('AROA', rArn, 17);
  const sessions = style.sessions(account).map((s) => ({
    identity: `{"type":"AWSAccount","principalId":"${roleId}:${s}","accountId":"${account}"}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${s}`,
    own: inTrail ? new Session(account, role, s, null) : null,
  }));
  return {
    kind: 'account',
    name: role,
    who(t, rng) {
      const s = sessions[rng.int(sessions.length)];
      return {
        identity: s.identity,
        arn: s.arn,
        ip: style.ips[rng.int(style.ips.length)],
        userAgent: style.ua,
        tls: true,
        shared: true,
        console: false,
        ...(s.own ? { ownCopy: { account, identity: s.own.identity(t) } } : {}),
      };
    },
  };
}

/** The account's root user, signed in to the console with MFA. */
export function rootCaller(account: string): Caller {
  const arn = `arn:aws:iam::${account}:root`;
  return {
    kind: 'user',
    name: 'root',
    who: (t) => ({
      identity:
        `{"type":"Root","principalId":"${account}","arn":"${arn}","accountId":"${account}","accessKeyId":"${stableId('ASIA', `${arn}@${Math.floor(t / HOUR)}`, 16)}",` +
        `"sessionContext":{"attributes":{"creationDate":"${isoSeconds(Math.floor(t / HOUR) * HOUR)}","mfaAuthenticated":"true"}}}`,
      arn,
      ip: '203.0.113.200',
      userAgent: UA.console,
      tls: true,
      shared: false,
      console: true,
    }),
  };
}

/** The userIdentity of service events (RotateKey, DeleteKey): no type, only the account. */
export const serviceEventIdentity = (account: string) => `{"accountId":"${account}","invokedBy":"AWS Internal"}`;

/** Builds the caller for one spec of SampleKey.callers (see scenario.ts). */
export function callerFromSpec(spec: string, keyAccount: string, defaultRole: string): Caller {
  const parts = spec.split(':');
  switch (parts[0]) {
    case 'user':
      return userCaller(keyAccount, parts[1]);
    case 'svc':
      if (parts[1] === 'cloudtrail') return awsServiceCaller('cloudtrail.amazonaws.com');
      return roleCaller(keyAccount, defaultRole, `${parts[1]}.amazonaws.com`, 'service');
    case 'internal':
      return roleCaller(keyAccount, parts[1], 'AWS Internal', 'internal');
    case 'ext':
      return accountCaller(EXTERNAL_ACCOUNT, parts[1]);
    case 'xacct':
      // Another account of the organization: its own trail is in the sample too.
      return accountCaller(parts[1], parts[2], true);
    default:
      return roleCaller(keyAccount, spec);
  }
}
