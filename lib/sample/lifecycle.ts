import { createKeyRequest, createKeyResponse, keyPolicy, ROTATION_PERIOD } from './admin-bodies';
import { DAY, HOUR, MINUTE, javaDate } from './format';
import { accountCaller, rootCaller, serviceEventIdentity, sessionCaller, UA, userCaller, type Caller, type Who } from './identities';
import { stableHex, type Prng } from './prng';
import { assemble, deniedMessage, kmsResources, type Fields } from './records';
import {
  ACCOUNTS,
  ADMIN_ROLE,
  CUSTOMER_KEYS,
  DENIAL_BURST_SESSION,
  EXTERNAL_ACCOUNT,
  INTEGRITY_BURST_SESSION,
  NEW_KEY,
  RETARGETED_ALIAS,
  SCENARIO,
  aliasArn,
  keyArn,
  keyByName,
  roleArn,
  type SampleKey,
  type ScenarioClock,
} from './scenario';

/** A planted record: management events, service events and incidents at fixed times. */
export interface Planted {
  t: number;
  account: string;
  region: string;
  json: string;
}

const admins = new Map<string, { console: Caller; terraform: Caller }>();
function admin(account: string) {
  let a = admins.get(account);
  if (!a) {
    a = {
      console: sessionCaller(account, ADMIN_ROLE, 'alice@example.com', UA.console, '203.0.113.10'),
      terraform: sessionCaller(account, ADMIN_ROLE, 'terraform-apply', UA.terraform, '192.0.2.140'),
    };
    admins.set(account, a);
  }
  return a;
}

export function plantedRecords(rng: Prng, start: number, end: number, clock: ScenarioClock): Planted[] {
  const out: Planted[] = [];
  const emit = (k: SampleKey, t: number, f: Omit<Fields, 't' | 'region' | 'recipient' | 'who'>, caller: Caller | Who) => {
    const who = 'identity' in caller ? caller : caller.who(t, rng);
    const json = assemble(rng, { ...f, t, region: k.region, recipient: k.account, who });
    // Out-of-range events are still drawn, so the rest of the trail does not depend on which fall in range.
    if (t >= start && t < end) out.push({ t, account: k.account, region: k.region, json });
  };
  const mgmt = (k: SampleKey, t: number, name: string, rp: unknown, re: unknown, who: Caller = admin(k.account).console) =>
    emit(
      k,
      t,
      {
        name,
        requestParameters: JSON.stringify(rp),
        responseElements: JSON.stringify(re),
        readOnly: false,
        resources: kmsResources(k.account, keyArn(k)),
      },
      who,
    );
  const read = (k: SampleKey, t: number, name: string, rp: unknown, who: Caller) =>
    emit(k, t, { name, requestParameters: JSON.stringify(rp), readOnly: true, resources: kmsResources(k.account, keyArn(k)) }, who);
  const alias = (k: SampleKey, t: number, name: 'CreateAlias' | 'UpdateAlias', aliasName: string) =>
    emit(
      k,
      t,
      {
        name,
        requestParameters: JSON.stringify({ aliasName, targetKeyId: k.id }),
        responseElements: name === 'UpdateAlias' ? JSON.stringify({ keyId: keyArn(k) }) : 'null',
        readOnly: false,
        // Real alias events list the alias ARN typed as a key, then the key.
        resources: kmsResources(k.account, aliasArn(k, aliasName), keyArn(k)),
      },
      admin(k.account).terraform,
    );

  // The start: Terraform creates an alias for every customer key, and alias/current-data → app-data.
  // Only customer keys, here and below: an AWS managed key's alias, rotation and policy are AWS's,
  // so the logs hold no CreateAlias, rotation setting or Terraform read of it.
  CUSTOMER_KEYS.forEach((k, i) => alias(k, start + 5 * MINUTE + i * 7_000, 'CreateAlias', k.alias));
  const from = keyByName(RETARGETED_ALIAS.from);
  alias(from, start + 6 * MINUTE + 40_000, 'CreateAlias', RETARGETED_ALIAS.alias);

  // Weekly `terraform plan` (Mondays 09:00 UTC) reads every key's settings.
  for (let day = start - (start % DAY); day < end; day += DAY) {
    if (new Date(day).getUTCDay() !== 1) continue;
    CUSTOMER_KEYS.forEach((k, i) => {
      const t = day + 9 * HOUR + 3 * MINUTE + i * 4_000;
      const tf = admin(k.account).terraform;
      read(k, t, 'DescribeKey', { keyId: k.id }, tf);
      read(k, t + 1_000, 'GetKeyPolicy', { keyId: k.id, policyName: 'default' }, tf);
      // An asymmetric key has no rotation to read.
      if (k.usage !== 'SIGN_VERIFY') read(k, t + 2_000, 'GetKeyRotationStatus', { keyId: k.id }, tf);
    });
  }

  // Rotation: enabled on most keys, disabled later on one, automatic rotations.
  CUSTOMER_KEYS.filter((k) => k.rotation).forEach((k, i) => {
    const period = ROTATION_PERIOD[k.name];
    mgmt(
      k,
      clock.enableRotation + i * 23_000,
      'EnableKeyRotation',
      period === undefined ? { keyId: k.id } : { keyId: k.id, rotationPeriodInDays: period },
      {
        keyId: keyArn(k),
      },
    );
  });
  const sess = keyByName(SCENARIO.disableRotation.key);
  mgmt(sess, clock.disableRotation, 'DisableKeyRotation', { keyId: sess.id }, { keyId: keyArn(sess) });
  CUSTOMER_KEYS.filter((k) => k.rotation)
    .slice(0, 4)
    .forEach((k, i) =>
      emit(
        k,
        clock.autoRotation + i * 61_000,
        {
          version: '1.08',
          name: 'RotateKey',
          requestParameters: 'null',
          noRequestId: true,
          readOnly: false,
          resources: kmsResources(k.account, keyArn(k)),
          eventType: 'AwsServiceEvent',
          serviceEventDetails: '{"rotationType":"AUTOMATIC","keyOrigin":"AWS_KMS"}',
        },
        serviceEvent(k.account),
      ),
    );

  // A new key (CreateKey, then its alias); later alias/current-data moves to it (UpdateAlias).
  const nk = NEW_KEY;
  const tf = admin(nk.account).terraform;
  emit(
    nk,
    clock.createKey,
    {
      name: 'CreateKey',
      requestParameters: JSON.stringify(createKeyRequest()),
      responseElements: JSON.stringify(createKeyResponse(nk, clock.createKey)),
      readOnly: false,
      resources: kmsResources(nk.account, keyArn(nk)),
    },
    tf,
  );
  alias(nk, clock.createKey + 20_000, 'CreateAlias', nk.alias);
  alias(nk, clock.retargetAlias, 'UpdateAlias', RETARGETED_ALIAS.alias);
  // Calls naming only the alias (denied: no resources), two days before and after the move, hit different keys.
  const reportsJob = sessionCaller(nk.account, 'ReportsJobRole', 'reports-nightly', UA.go, '198.51.100.70');
  for (const t of [clock.retargetAlias - 2 * DAY, clock.retargetAlias + 2 * DAY]) {
    const target = t < clock.retargetAlias ? from : nk;
    const who = reportsJob.who(t, rng);
    emit(
      target,
      t,
      {
        name: 'GenerateDataKey',
        requestParameters: JSON.stringify({ keyId: RETARGETED_ALIAS.alias, keySpec: 'AES_256' }),
        readOnly: true,
        errorCode: 'AccessDenied',
        errorMessage: deniedMessage(who.arn, 'GenerateDataKey', keyArn(target)),
      },
      who,
    );
  }
  for (let d = SCENARIO.retargetAliasDaysAgo - 1; d > 0; d--)
    emit(
      nk,
      clock.at(d, 6),
      {
        name: 'GenerateDataKey',
        requestParameters: JSON.stringify({ keyId: RETARGETED_ALIAS.alias, keySpec: 'AES_256' }),
        readOnly: true,
        resources: kmsResources(nk.account, keyArn(nk)),
      },
      reportsJob,
    );

  // A key policy change.
  const pay = keyByName(SCENARIO.putKeyPolicy.key);
  mgmt(
    pay,
    clock.putKeyPolicy,
    'PutKeyPolicy',
    { keyId: pay.id, policyName: 'default', policy: JSON.stringify(keyPolicy(pay)), bypassPolicyLockoutSafetyCheck: false },
    { keyId: keyArn(pay) },
  );

  // A partner account is refused, then granted access (its later calls are ordinary traffic).
  const shared = keyByName(SCENARIO.externalGrant.key);
  const partner = accountCaller(EXTERNAL_ACCOUNT, 'PartnerIngestRole');
  for (let i = 0; i < 3; i++) {
    const t = clock.externalGrant - HOUR + i * 4 * MINUTE;
    const who = partner.who(t, rng);
    emit(
      shared,
      t,
      {
        name: 'Decrypt',
        requestParameters: JSON.stringify({ keyId: aliasArn(shared), encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
        readOnly: true,
        errorCode: 'AccessDeniedException',
        errorMessage: deniedMessage(who.arn, 'Decrypt', keyArn(shared), 'resource'),
      },
      who,
    );
  }
  mgmt(
    shared,
    clock.externalGrant,
    'CreateGrant',
    {
      keyId: shared.id,
      granteePrincipal: roleArn(EXTERNAL_ACCOUNT, 'PartnerIngestRole'),
      operations: ['Decrypt', 'DescribeKey'],
      name: 'partner-ingest',
    },
    { grantId: rng.hex(64), keyId: keyArn(shared) },
  );

  // Root signs in and looks around.
  const appData = keyByName('app-data');
  const root = rootCaller(ACCOUNTS.prod);
  read(appData, clock.rootUse, 'DescribeKey', { keyId: 'alias/app-data' }, root);
  emit(appData, clock.rootUse + MINUTE, { name: 'ListAliases', requestParameters: JSON.stringify({ limit: 100 }), readOnly: true }, root);

  // A disabled key whose batch job keeps calling it; a key scheduled for deletion, still used.
  const legacy = keyByName(SCENARIO.disableKey.key);
  mgmt(legacy, clock.disableKey, 'DisableKey', { keyId: legacy.id }, { keyId: keyArn(legacy) });
  const old = keyByName(SCENARIO.scheduleDeletion.key);
  const days = SCENARIO.scheduleDeletion.pendingWindowInDays;
  mgmt(
    old,
    clock.scheduleDeletion,
    'ScheduleKeyDeletion',
    { keyId: old.id, pendingWindowInDays: days },
    {
      keyId: keyArn(old),
      deletionDate: javaDate(clock.scheduleDeletion + days * DAY),
      keyState: 'PendingDeletion',
      pendingWindowInDays: days,
    },
  );

  // The denial burst: one role, one key, 40 refusals in 10 minutes, no resources.
  const b = SCENARIO.denialBurst;
  const burstKey = keyByName(b.key);
  const lambda = sessionCaller(burstKey.account, b.role, DENIAL_BURST_SESSION, UA.js, '198.51.100.80');
  for (let i = 0; i < b.count; i++) {
    const t = clock.denialBurst.start + Math.floor((i * 10 * MINUTE) / b.count) + rng.int(14) * 1000;
    const who = lambda.who(t, rng);
    emit(
      burstKey,
      t,
      {
        name: 'Decrypt',
        requestParameters: '{"encryptionContext":{"function":"payments-refund"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}',
        readOnly: true,
        errorCode: 'AccessDenied',
        errorMessage: deniedMessage(who.arn, 'Decrypt', keyArn(burstKey)),
      },
      who,
    );
  }

  // The integrity burst: one build agent submits 12 signatures the signing key rejects, in 5 minutes.
  const ib = SCENARIO.integrityBurst;
  const signing = keyByName(ib.key);
  const agent = sessionCaller(signing.account, ib.role, INTEGRITY_BURST_SESSION, UA.go, '198.51.100.23');
  for (let i = 0; i < ib.count; i++) {
    const t = clock.integrityBurst.start + Math.floor((i * 5 * MINUTE) / ib.count) + rng.int(20) * 1000;
    emit(
      signing,
      t,
      {
        name: 'Verify',
        requestParameters: JSON.stringify({ keyId: signing.alias, messageType: 'DIGEST', signingAlgorithm: 'ECDSA_SHA_256' }),
        readOnly: true,
        errorCode: 'KMSInvalidSignatureException',
        resources: kmsResources(signing.account, keyArn(signing)),
      },
      agent,
    );
  }

  // The secret sweep: dev-alice's leaked key reads each staging secret and parameter once, through the
  // service, as the public Stratus trail logs it (the user's identity, invokedBy and the service as IP).
  const sw = SCENARIO.secretSweep;
  const staging = keyByName(sw.key);
  // Its own random stream, derived from the sample's: the rest of the sample stays as it was before this scenario.
  const sweepRng = rng.derive(0x5eed);
  const alice = JSON.parse(userCaller(staging.account, sw.user).who(0, sweepRng).identity) as Record<string, unknown>;
  const secretNames = ['db-password', 'api-key', 'stripe-secret', 'jwt-signing', 'smtp', 'github-token', 'slack-webhook'];
  const items = [
    ...Array.from({ length: sw.secrets }, (_, i) => ({
      via: 'secretsmanager.amazonaws.com',
      context: {
        SecretARN: `arn:aws:secretsmanager:${staging.region}:${staging.account}:secret:staging/${secretNames[i % 7]}-${i}-${stableHex(`sweep${i}`, 6)}`,
        SecretVersionId: stableHex(`sweep-version${i}`, 32).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
      },
    })),
    ...Array.from({ length: sw.parameters }, (_, i) => ({
      via: 'ssm.amazonaws.com',
      context: { PARAMETER_ARN: `arn:aws:ssm:${staging.region}:${staging.account}:parameter/staging/config/secure-${i}` },
    })),
  ];
  items.forEach(({ via, context }, i) => {
    const t = clock.secretSweep.start + Math.floor((i * 4 * MINUTE) / items.length);
    const identity = JSON.stringify({ ...alice, invokedBy: via });
    const who = {
      identity,
      arn: `arn:aws:iam::${staging.account}:user/${sw.user}`,
      ip: via,
      userAgent: via,
      tls: false,
      shared: false,
      console: false,
    };
    const json = assemble(sweepRng, {
      name: 'Decrypt',
      requestParameters: JSON.stringify({ encryptionContext: context, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
      readOnly: true,
      resources: kmsResources(staging.account, keyArn(staging)),
      t,
      region: staging.region,
      recipient: staging.account,
      who,
    });
    if (t >= start && t < end) out.push({ t, account: staging.account, region: staging.region, json });
  });
  return out.sort((a, c) => a.t - c.t);
}

function serviceEvent(account: string): Caller {
  const identity = serviceEventIdentity(account);
  return {
    kind: 'awsservice',
    name: 'AWS Internal',
    who: () => ({ identity, arn: account, ip: 'AWS Internal', userAgent: 'AWS Internal', tls: false, shared: false, console: false }),
  };
}
