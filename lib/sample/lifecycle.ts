import type { Prng } from './prng';
import { accessDenied, adminIdentity, assumedRole, record, rootIdentity, type CtRecord } from './records';
import { EXTERNAL_ACCOUNT, KEYS, NEW_KEY, RETARGETED_ALIAS, SCENARIO, keyArn, keyByName, type SampleKey } from './scenario';

/** The planted management events and incidents, each at a fixed offset from `end`. */
const DAY = 86_400_000;
const HOUR = 3_600_000;

const aliasResources = (key: SampleKey, alias: string) => [
  // Real CreateAlias events list the alias ARN typed as a key, then the key.
  { accountId: key.account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${key.region}:${key.account}:${alias}` },
  { accountId: key.account, type: 'AWS::KMS::Key', ARN: keyArn(key) },
];

export function plantedRecords(rng: Prng, start: number, end: number): CtRecord[] {
  const out: CtRecord[] = [];
  const at = (daysAgo: number, hour = 10, minute = 0) => end - daysAgo * DAY - (end % DAY) + hour * HOUR + minute * 60_000;
  const admin = (k: SampleKey, ms: number) => adminIdentity(k.account, ms);
  const mgmt = (k: SampleKey, ms: number, name: string, rp: unknown, re: unknown = null) =>
    out.push(record(rng, ms, k, admin(k, ms), name, { requestParameters: rp, responseElements: re, readOnly: false }));

  // Aliases for every key at the start of the data.
  for (const k of KEYS) {
    const ms = start + 5 * 60_000;
    out.push(
      record(rng, ms, k, admin(k, ms), 'CreateAlias', {
        requestParameters: { aliasName: k.alias, targetKeyId: k.id },
        resources: aliasResources(k, k.alias),
        readOnly: false,
      }),
    );
  }
  // Rotation enabled on most keys; one disabled later; automatic rotations.
  for (const k of KEYS.filter((x) => x.rotation))
    mgmt(k, at(SCENARIO.enableRotationDaysAgo, 9), 'EnableKeyRotation', { keyId: k.id, rotationPeriodInDays: 365 });
  const sess = keyByName(SCENARIO.disableRotation.key);
  mgmt(sess, at(SCENARIO.disableRotation.daysAgo, 16), 'DisableKeyRotation', { keyId: sess.id });
  for (const k of KEYS.filter((x) => x.rotation).slice(0, 4)) {
    const ms = at(SCENARIO.autoRotationDaysAgo, 2, 17);
    out.push(
      record(
        rng,
        ms,
        k,
        { identity: { accountId: k.account, invokedBy: 'AWS Internal' }, ip: 'AWS Internal', agent: 'AWS Internal' },
        'RotateKey',
        {
          requestParameters: null,
          readOnly: false,
          eventType: 'AwsServiceEvent',
          serviceEventDetails: { rotationType: 'AUTOMATIC', keyOrigin: 'AWS_KMS' },
        },
      ),
    );
  }
  // A new key: CreateKey, then an alias that is later retargeted to it by UpdateAlias.
  const created = at(SCENARIO.createKeyDaysAgo, 11);
  out.push(
    record(rng, created, NEW_KEY, admin(NEW_KEY, created), 'CreateKey', {
      requestParameters: { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', description: 'Monthly reports' },
      responseElements: {
        keyMetadata: {
          AWSAccountId: NEW_KEY.account,
          keyId: NEW_KEY.id,
          arn: keyArn(NEW_KEY),
          creationDate: 'Nov 1, 2026, 11:00:00 AM',
          enabled: true,
          keyUsage: 'ENCRYPT_DECRYPT',
          keyState: 'Enabled',
          origin: 'AWS_KMS',
          keyManager: 'CUSTOMER',
          keySpec: 'SYMMETRIC_DEFAULT',
        },
      },
      readOnly: false,
    }),
  );
  const from = keyByName(RETARGETED_ALIAS.from);
  out.push(
    record(rng, start + 6 * 60_000, from, admin(from, start), 'CreateAlias', {
      requestParameters: { aliasName: RETARGETED_ALIAS.alias, targetKeyId: from.id },
      resources: aliasResources(from, RETARGETED_ALIAS.alias),
      readOnly: false,
    }),
  );
  const moved = at(SCENARIO.retargetAliasDaysAgo, 15);
  out.push(
    record(rng, moved, NEW_KEY, admin(NEW_KEY, moved), 'UpdateAlias', {
      requestParameters: { aliasName: RETARGETED_ALIAS.alias, targetKeyId: NEW_KEY.id },
      resources: [
        ...aliasResources(NEW_KEY, RETARGETED_ALIAS.alias),
        { accountId: from.account, type: 'AWS::KMS::Key', ARN: keyArn(from) },
      ],
      readOnly: false,
    }),
  );
  // Calls by alias only (no resources), before and after the retarget: they resolve to different keys.
  for (const ms of [moved - 2 * DAY, moved + 2 * DAY])
    out.push(accessDenied(rng, ms, ms < moved ? from : NEW_KEY, 'ReportsJobRole', 'reports-nightly'));
  for (let d = SCENARIO.retargetAliasDaysAgo - 1; d > 0; d--) {
    const ms = at(d, 6);
    out.push(
      record(
        rng,
        ms,
        NEW_KEY,
        { identity: assumedRole(NEW_KEY.account, 'ReportsJobRole', 'reports-nightly', ms), ip: '10.0.3.3', agent: 'aws-sdk-go-v2/1.30.3' },
        'GenerateDataKey',
        { requestParameters: { keyId: RETARGETED_ALIAS.alias, keySpec: 'AES_256' } },
      ),
    );
  }
  // Policy change, external grant, root use.
  const pay = keyByName(SCENARIO.putKeyPolicy.key);
  mgmt(pay, at(SCENARIO.putKeyPolicy.daysAgo, 13), 'PutKeyPolicy', {
    keyId: pay.id,
    policyName: 'default',
    bypassPolicyLockoutSafetyCheck: false,
    policy: '{"Version":"2012-10-17","Statement":[...]}',
  });
  const shared = keyByName(SCENARIO.externalGrant.key);
  mgmt(
    shared,
    at(SCENARIO.externalGrant.daysAgo, 17),
    'CreateGrant',
    { keyId: shared.id, granteePrincipal: `arn:aws:iam::${EXTERNAL_ACCOUNT}:role/PartnerIngestRole`, operations: ['Decrypt'] },
    { grantId: rng.uuid().replace(/-/g, ''), keyId: keyArn(shared) },
  );
  const rootMs = at(SCENARIO.rootUse.daysAgo, 22, 40);
  out.push(
    record(rng, rootMs, keyByName('app-data'), rootIdentity(rootMs), 'DescribeKey', { requestParameters: { keyId: 'alias/app-data' } }),
  );
  out.push(
    record(rng, rootMs + 60_000, keyByName('app-data'), rootIdentity(rootMs), 'ListAliases', { requestParameters: null, resources: null }),
  );
  // A disabled key whose batch job keeps calling it; a key scheduled for deletion, still used.
  const legacy = keyByName(SCENARIO.disableKey.key);
  mgmt(legacy, at(SCENARIO.disableKey.daysAgo, 12), 'DisableKey', { keyId: legacy.id });
  const old = keyByName(SCENARIO.scheduleDeletion.key);
  const sched = at(SCENARIO.scheduleDeletion.daysAgo, 12);
  const deletion = new Date(sched + SCENARIO.scheduleDeletion.pendingWindowInDays * DAY);
  mgmt(
    old,
    sched,
    'ScheduleKeyDeletion',
    { keyId: old.id, pendingWindowInDays: SCENARIO.scheduleDeletion.pendingWindowInDays },
    {
      keyId: keyArn(old),
      deletionDate:
        deletion
          .toUTCString()
          .slice(5, 16)
          .replace(/^(\d+) (\w+) (\d+)/, '$2 $1, $3') + ', 12:00:00 PM',
      keyState: 'PendingDeletion',
      pendingWindowInDays: SCENARIO.scheduleDeletion.pendingWindowInDays,
    },
  );
  // The denial burst.
  const b = SCENARIO.denialBurst;
  const burstKey = keyByName(b.key);
  for (let i = 0; i < b.count; i++)
    out.push(
      accessDenied(rng, at(b.daysAgo, b.hourUtc, b.minute) + Math.floor((i * 10 * 60_000) / b.count), burstKey, b.role, 'lambda-fn-7f3a'),
    );
  return out.filter((r) => Date.parse(r.eventTime) >= start && Date.parse(r.eventTime) < end);
}

/** After DisableKey / ScheduleKeyDeletion, calls to those keys fail with key-state errors. */
export function keyStateError(r: CtRecord, end: number): CtRecord {
  const at = (d: number) => end - d * DAY - (end % DAY) + 12 * HOUR;
  const arn = (r.resources as { ARN: string }[] | undefined)?.[0]?.ARN ?? '';
  const t = Date.parse(r.eventTime);
  if (arn === keyArn(keyByName(SCENARIO.disableKey.key)) && t > at(SCENARIO.disableKey.daysAgo))
    return { ...r, errorCode: 'DisabledException', errorMessage: `${arn} is disabled.` };
  if (arn === keyArn(keyByName(SCENARIO.scheduleDeletion.key)) && t > at(SCENARIO.scheduleDeletion.daysAgo))
    return { ...r, errorCode: 'KMSInvalidStateException', errorMessage: `${arn} is pending deletion.` };
  return r;
}
