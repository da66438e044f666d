import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleTrail } from './generate';
import { readTrail, tempDirs, unique, type Rec } from './read-trail';
import {
  ACCOUNTS,
  CUSTOMER_KEYS,
  DENIAL_BURST_SESSION,
  EXTERNAL_ACCOUNT,
  INTEGRITY_BURST_SESSION,
  KEYS,
  NEW_KEY,
  RETARGETED_ALIAS,
  ROLE_ARNS,
  SCENARIO,
  keyArn,
  keyByName,
  scenarioClock,
} from './scenario';

/** What the sample plants and how real it looks: callers, key forms, errors, lifecycle, rhythm, spike and burst. */
const NOW = new Date('2026-11-28T17:30:00Z');
const dirs = tempDirs();
afterAll(dirs.cleanup);
const clock = scenarioClock(NOW);

let kms: Rec[];

beforeAll(async () => {
  const dir = dirs.make();
  await generateSampleTrail({ outDir: dir, now: NOW, days: 30, events: 6000 });
  ({ kms } = readTrail(dir));
});

describe('realism', () => {
  it('has every kind of caller', () => {
    const types = new Set(kms.map((r) => r.userIdentity.type ?? null));
    for (const t of ['AssumedRole', 'IAMUser', 'AWSService', 'AWSAccount', 'Root', null]) expect(types).toContain(t);
    const role = kms.find((r) => r.userIdentity.type === 'AssumedRole')!.userIdentity;
    expect(role.arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/);
    expect(role.sessionContext?.sessionIssuer?.type).toBe('Role');
    expect(role.sessionContext?.sessionIssuer?.arn).toMatch(/^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/);
    expect(role.principalId).toMatch(/^AROA[A-Z0-9]{17}:/);
    // Several sessions per role.
    const sessions = unique(kms.filter((r) => r.userIdentity.arn?.includes('assumed-role/AppServerRole/')).map((r) => r.userIdentity.arn));
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    // Services acting for a principal, and AWS services on their own.
    expect(kms.some((r) => r.userIdentity.type === 'AssumedRole' && r.userIdentity.invokedBy === 's3.amazonaws.com')).toBe(true);
    expect(kms.some((r) => r.userIdentity.type === 'AssumedRole' && r.userIdentity.invokedBy === 'AWS Internal')).toBe(true);
    expect(kms.some((r) => r.userIdentity.type === 'AWSService' && r.userIdentity.invokedBy === 'cloudtrail.amazonaws.com')).toBe(true);
    // Cross-account callers are named only by account and principal id.
    const ext = kms.filter((r) => r.userIdentity.type === 'AWSAccount');
    expect(ext.some((r) => r.userIdentity.accountId === EXTERNAL_ACCOUNT)).toBe(true);
    expect(ext.some((r) => r.userIdentity.accountId === ACCOUNTS.staging && r.recipientAccountId === ACCOUNTS.security)).toBe(true);
    for (const r of ext) expect(Object.keys(r.userIdentity).sort()).toEqual(['accountId', 'principalId', 'type']);
    const root = kms.find((r) => r.userIdentity.type === 'Root')!;
    expect(root.userIdentity.arn).toBe(`arn:aws:iam::${root.recipientAccountId}:root`);
  });

  it('names keys in every form, and Decrypt often names none', () => {
    const ids = kms.map((r) => r.requestParameters?.keyId).filter((k): k is string => typeof k === 'string');
    expect(ids.some((k) => /^alias\/[\w/-]+$/.test(k))).toBe(true);
    expect(ids.some((k) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(k))).toBe(true);
    expect(ids.some((k) => /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\//.test(k))).toBe(true);
    expect(ids.some((k) => /^arn:aws:kms:[a-z0-9-]+:\d{12}:alias\//.test(k))).toBe(true);
    expect(
      kms.some(
        (r) =>
          r.eventName === 'Decrypt' &&
          !r.errorCode &&
          r.requestParameters &&
          !('keyId' in r.requestParameters) &&
          r.resources?.length === 1,
      ),
    ).toBe(true);
  });

  it('creates aliases the way real logs show them, and retargets one', () => {
    const created = kms.filter((r) => r.eventName === 'CreateAlias');
    // One per customer key, the new key's, and alias/current-data: none for an AWS managed key.
    expect(created.length).toBe(CUSTOMER_KEYS.length + 2);
    for (const r of created) {
      const p = r.requestParameters as { aliasName: string; targetKeyId: string };
      expect(p.aliasName).toMatch(/^alias\//);
      expect(r.resources).toEqual([
        {
          accountId: r.recipientAccountId,
          type: 'AWS::KMS::Key',
          ARN: `arn:aws:kms:${r.awsRegion}:${r.recipientAccountId}:${p.aliasName}`,
        },
        {
          accountId: r.recipientAccountId,
          type: 'AWS::KMS::Key',
          ARN: `arn:aws:kms:${r.awsRegion}:${r.recipientAccountId}:key/${p.targetKeyId}`,
        },
      ]);
    }
    const upd = kms.find((r) => r.eventName === 'UpdateAlias')!;
    expect(upd.requestParameters).toEqual({ aliasName: RETARGETED_ALIAS.alias, targetKeyId: NEW_KEY.id });
    const before = created.find((r) => (r.requestParameters as { aliasName: string }).aliasName === RETARGETED_ALIAS.alias)!;
    expect((before.requestParameters as { targetKeyId: string }).targetKeyId).toBe(keyByName(RETARGETED_ALIAS.from).id);
    expect(upd.eventTime).toBe(new Date(clock.retargetAlias).toISOString().replace('.000', ''));
  });

  it('refuses calls like AWS does: AccessDenied with no resources, the key only in errorMessage', () => {
    const denied = kms.filter((r) => r.errorCode?.startsWith('AccessDenied'));
    expect(unique(denied.map((r) => r.errorCode)).sort()).toEqual(['AccessDenied', 'AccessDeniedException']);
    for (const r of denied) {
      expect(r.resources).toBeUndefined();
      expect(r.responseElements).toBeNull();
      expect(r.errorMessage).toMatch(
        /^User: arn:aws:(sts::\d{12}:assumed-role\/\S+|iam::\d{12}:(user\/\S+|root)) is not authorized to perform: kms:(\w+) on resource: arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36} because no (identity|resource)-based policy allows the kms:\3 action$/,
      );
    }
    expect(denied.some((r) => r.eventName === 'Decrypt' && !r.requestParameters?.keyId)).toBe(true);
  });

  it('has key-state errors, throttling, and calls to a disabled key after it was disabled', () => {
    const codes = new Set(kms.map((r) => r.errorCode));
    for (const c of ['DisabledException', 'KMSInvalidStateException', 'ThrottlingException']) expect(codes).toContain(c);
    const legacy = keyArn(keyByName(SCENARIO.disableKey.key));
    const disabled = kms.find((r) => r.eventName === 'DisableKey')!;
    expect(disabled.resources![0].ARN).toBe(legacy);
    const after = kms.filter(
      (r) =>
        r.resources?.[0]?.ARN === legacy &&
        r.eventTime > disabled.eventTime &&
        r.eventName !== 'DescribeKey' &&
        r.eventName !== 'GetKeyPolicy' &&
        r.eventName !== 'GetKeyRotationStatus',
    );
    expect(after.length).toBeGreaterThan(0);
    for (const r of after) expect(r.errorCode).toBe('DisabledException');
    expect(after[0].errorMessage).toBe(`${legacy} is disabled.`);
  });

  it('has integrity failures: tampered session cookies now and then, and one burst of rejected signatures', () => {
    // Every integrity error code in the sample, and where each comes from.
    const integrity = kms.filter((r) =>
      ['InvalidCiphertextException', 'IncorrectKeyException', 'KMSInvalidSignatureException', 'KMSInvalidMacException'].includes(
        r.errorCode ?? '',
      ),
    );
    const sessions = keyArn(keyByName(SCENARIO.tamperedCiphertext.key));
    const tampered = integrity.filter((r) => r.errorCode === 'InvalidCiphertextException');
    expect(tampered.length).toBeGreaterThan(0);
    for (const r of tampered) {
      expect(r.eventName).toBe('Decrypt');
      expect(r.resources?.map((x) => x.ARN)).toEqual([sessions]);
      expect(r.errorMessage).toBeUndefined();
    }
    // Now and then: never 5 within 10 minutes (that would be a burst, and the finding is for the planted one).
    const times = tampered.map((r) => Date.parse(r.eventTime)).sort((a, b) => a - b);
    for (let i = 4; i < times.length; i++) expect(times[i] - times[i - 4]).toBeGreaterThan(10 * 60_000);

    const signing = keyArn(keyByName(SCENARIO.integrityBurst.key));
    const burst = integrity.filter((r) => r.errorCode === 'KMSInvalidSignatureException');
    expect(burst).toHaveLength(SCENARIO.integrityBurst.count);
    for (const r of burst) {
      expect(r.eventName).toBe('Verify');
      expect(r.userIdentity.arn).toBe(
        `arn:aws:sts::${ACCOUNTS.prod}:assumed-role/${SCENARIO.integrityBurst.role}/${INTEGRITY_BURST_SESSION}`,
      );
      expect(r.resources?.map((x) => x.ARN)).toEqual([signing]);
      const t = Date.parse(r.eventTime);
      expect(t >= clock.integrityBurst.start && t < clock.integrityBurst.end).toBe(true);
    }
    expect(integrity).toHaveLength(tampered.length + burst.length);
    // The signing key signs and verifies, and never encrypts.
    const onSigning = kms.filter((r) => r.resources?.some((x) => x.ARN === signing));
    expect(new Set(onSigning.map((r) => r.eventName))).toContain('Sign');
    expect(onSigning.some((r) => r.eventName === 'Verify' && !r.errorCode)).toBe(true);
    expect(
      onSigning.filter((r) => ['Encrypt', 'Decrypt', 'GenerateDataKey', 'ReEncrypt', 'GetKeyRotationStatus'].includes(r.eventName)),
    ).toEqual([]);
  });

  it('records the key lifecycle: create, rotation, policy, grant, deletion', () => {
    const names = new Set(kms.map((r) => r.eventName));
    for (const n of [
      'CreateKey',
      'EnableKeyRotation',
      'DisableKeyRotation',
      'RotateKey',
      'DisableKey',
      'ScheduleKeyDeletion',
      'PutKeyPolicy',
      'CreateGrant',
    ])
      expect(names).toContain(n);
    const ck = kms.find((r) => r.eventName === 'CreateKey')!;
    expect(ck.responseElements).toMatchObject({
      keyMetadata: { keyId: NEW_KEY.id, arn: keyArn(NEW_KEY), keyState: 'Enabled', enabled: true },
    });
    const rot = kms.filter((r) => r.eventName === 'EnableKeyRotation');
    expect(rot.some((r) => r.requestParameters?.rotationPeriodInDays === 365)).toBe(true);
    expect(rot.some((r) => r.requestParameters && !('rotationPeriodInDays' in r.requestParameters))).toBe(true);
    const rk = kms.find((r) => r.eventName === 'RotateKey')!;
    expect(rk.eventType).toBe('AwsServiceEvent');
    expect(rk.userIdentity).toEqual({ accountId: rk.recipientAccountId, invokedBy: 'AWS Internal' });
    expect(rk.serviceEventDetails).toEqual({ rotationType: 'AUTOMATIC', keyOrigin: 'AWS_KMS' });
    expect(rk.readOnly).toBe(false);
    expect(rk.managementEvent).toBe(true);
    expect(rk.resources![0].ARN).toMatch(/:key\//);
    const del = kms.find((r) => r.eventName === 'ScheduleKeyDeletion')!;
    const re = del.responseElements as { keyId: string; deletionDate: string; keyState: string; pendingWindowInDays: number };
    expect(re.keyState).toBe('PendingDeletion');
    expect(re.pendingWindowInDays).toBe(7);
    expect(del.requestParameters?.pendingWindowInDays).toBe(7);
    expect(re.deletionDate).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(
      kms.some((r) => r.errorCode === 'KMSInvalidStateException' && r.resources?.[0].ARN === re.keyId && r.eventTime > del.eventTime),
    ).toBe(true);
    // The planted grant (EC2 also makes grants, on EBS's AWS managed key: see below).
    const shared = keyArn(keyByName(SCENARIO.externalGrant.key));
    const grant = kms.filter((r) => r.eventName === 'CreateGrant' && r.resources?.[0].ARN === shared);
    expect(grant).toHaveLength(1);
    expect(grant[0].requestParameters?.granteePrincipal).toBe(ROLE_ARNS.externalGrantee);
  });

  it('follows a daily rhythm: business hours busier, weekends quieter', () => {
    // us-east-1 is UTC-5: 14:00–22:00 UTC is its working day.
    const us = kms.filter((r) => r.awsRegion === 'us-east-1' && r.eventTime < new Date(clock.spike.start - 86_400_000).toISOString());
    const hour = (r: Rec) => Number(r.eventTime.slice(11, 13));
    const busy = us.filter((r) => hour(r) >= 15 && hour(r) < 21).length;
    const night = us.filter((r) => hour(r) >= 6 && hour(r) < 12).length;
    expect(busy).toBeGreaterThan(night * 2);
    const weekend = (r: Rec) => [0, 6].includes(new Date(Date.parse(r.eventTime) - 5 * 3_600_000).getUTCDay());
    const we = us.filter(weekend).length / 8; // 30 days hold 8 or 9 weekend days
    const wd = us.filter((r) => !weekend(r)).length / 21;
    expect(wd).toBeGreaterThan(we * 1.8);
  });

  it('plants the usage spike and the denial burst where the scenario says', () => {
    const spikeArn = keyArn(keyByName(SCENARIO.spike.key));
    const perHour = new Map<string, number>();
    for (const r of kms)
      if (r.resources?.some((x) => x.ARN === spikeArn))
        perHour.set(r.eventTime.slice(0, 13), (perHour.get(r.eventTime.slice(0, 13)) ?? 0) + 1);
    const spikeHour = new Date(clock.spike.start).toISOString().slice(0, 13);
    const sorted = [...perHour.values()].sort((a, b) => a - b);
    expect(perHour.get(spikeHour)).toBe(sorted[sorted.length - 1]);
    expect(perHour.get(spikeHour)!).toBeGreaterThan(10 * sorted[Math.floor(sorted.length / 2)]);

    const burst = kms.filter(
      (r) =>
        r.errorCode === 'AccessDenied' &&
        r.userIdentity.arn === `arn:aws:sts::${ACCOUNTS.prod}:assumed-role/${SCENARIO.denialBurst.role}/${DENIAL_BURST_SESSION}`,
    );
    expect(burst).toHaveLength(SCENARIO.denialBurst.count);
    const payments = keyArn(keyByName(SCENARIO.denialBurst.key));
    for (const r of burst) {
      const t = Date.parse(r.eventTime);
      expect(t >= clock.denialBurst.start && t < clock.denialBurst.end).toBe(true);
      expect(r.errorMessage).toContain(payments);
    }
    // The secret sweep: dev-alice decrypts every staging secret and parameter once, through the services, in 4 minutes.
    const sw = SCENARIO.secretSweep;
    const swept = kms.filter(
      (r) => r.userIdentity.arn === `arn:aws:iam::${ACCOUNTS.staging}:user/${sw.user}` && r.userIdentity.invokedBy !== undefined,
    );
    expect(swept).toHaveLength(sw.secrets + sw.parameters);
    const items = swept.map((r) => {
      const c = (r.requestParameters as { encryptionContext: Record<string, string> }).encryptionContext;
      return c.SecretARN ?? c.PARAMETER_ARN;
    });
    expect(unique(items)).toHaveLength(sw.secrets + sw.parameters);
    for (const r of swept) {
      const t = Date.parse(r.eventTime);
      expect(t >= clock.secretSweep.start && t < clock.secretSweep.end).toBe(true);
      expect(r.resources?.[0].ARN).toBe(keyArn(keyByName(sw.key)));
      expect([r.sourceIPAddress, r.userAgent]).toEqual([r.userIdentity.invokedBy, r.userIdentity.invokedBy]);
    }
    // Visible in "last 7 days".
    expect(clock.secretSweep.start).toBeGreaterThan(NOW.getTime() - 7 * 86_400_000);
    expect(clock.spike.start).toBeGreaterThan(NOW.getTime() - 7 * 86_400_000);
    expect(clock.denialBurst.start).toBeGreaterThan(NOW.getTime() - 7 * 86_400_000);
  });
});

describe('AWS managed keys', () => {
  // Written out by hand, not read from KEYS: what a real account's trail shows for EBS's and S3's keys.
  const MANAGED = [
    {
      alias: 'alias/aws/ebs',
      arn: 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-0016-4a00-8000-00000000a016',
      service: 'ec2.amazonaws.com',
      ops: ['CreateGrant', 'Decrypt', 'GenerateDataKeyWithoutPlaintext'],
    },
    {
      alias: 'alias/aws/s3',
      arn: 'arn:aws:kms:us-east-1:444455556666:key/1a2b3c4d-0017-4a00-8000-00000000a017',
      service: 's3.amazonaws.com',
      ops: ['Decrypt', 'GenerateDataKey'],
    },
  ];
  const on = (arn: string) =>
    kms.filter(
      (r) =>
        r.resources?.some((x) => x.ARN === arn) ||
        r.errorMessage?.includes(arn) ||
        JSON.stringify(r.requestParameters ?? null).includes(arn),
    );
  const keyId = (r: Rec) => (r.requestParameters as { keyId?: string } | null)?.keyId;

  it('are called only by their service, for the user, as the public Stratus trail logs it', () => {
    for (const m of MANAGED) {
      const recs = on(m.arn);
      expect(recs.length, m.alias).toBeGreaterThan(0);
      expect(unique(recs.map((r) => r.eventName)).sort(), m.alias).toEqual(m.ops);
      for (const r of recs) {
        expect(r.userIdentity.type).toBe('AssumedRole');
        expect(r.userIdentity.invokedBy).toBe(m.service);
        expect(r.sourceIPAddress).toBe(m.service);
        expect(r.userAgent).toBe(m.service);
        expect(r.tlsDetails).toBeUndefined();
        expect(r.resources?.map((x) => x.ARN)).toEqual([m.arn]);
      }
    }
  });

  it('carry no admin events: no CreateAlias, rotation setting, policy, state change or Terraform read', () => {
    const admin = [
      'CreateAlias',
      'UpdateAlias',
      'DeleteAlias',
      'EnableKeyRotation',
      'DisableKeyRotation',
      'GetKeyRotationStatus',
      'RotateKey',
      'PutKeyPolicy',
      'GetKeyPolicy',
      'DescribeKey',
      'CreateKey',
      'EnableKey',
      'DisableKey',
      'ScheduleKeyDeletion',
      'CancelKeyDeletion',
    ];
    for (const m of MANAGED) {
      expect(
        on(m.arn).filter((r) => admin.includes(r.eventName)),
        m.alias,
      ).toEqual([]);
      // Nor does any record anywhere create or move their alias.
      expect(kms.filter((r) => (r.requestParameters as { aliasName?: string } | null)?.aliasName === m.alias)).toEqual([]);
    }
  });

  it('are named by alias in keyId, with the key in resources: the only way the logs tie the alias to the key', () => {
    for (const m of MANAGED) {
      const byAlias = kms.filter((r) => keyId(r) === m.alias);
      expect(byAlias.length, m.alias).toBeGreaterThan(0);
      for (const r of byAlias) expect(r.resources?.map((x) => x.ARN)).toEqual([m.arn]);
      expect(byAlias.some((r) => !r.errorCode)).toBe(true);
      // Decrypt names no key (the ciphertext does), as the service's Decrypts in the Stratus trail.
      for (const r of on(m.arn).filter((x) => x.eventName === 'Decrypt')) expect(keyId(r)).toBeUndefined();
    }
  });

  it("EC2's grants go to the instance, in the account that owns the key", () => {
    const grants = on(MANAGED[0].arn).filter((r) => r.eventName === 'CreateGrant' && !r.errorCode);
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) {
      const p = g.requestParameters as { granteePrincipal: string; retiringPrincipal: string; operations: string[] };
      expect(p.granteePrincipal).toMatch(/^111122223333:aws:ec2-infrastructure:i-0[0-9a-f]{16}$/);
      expect(p.retiringPrincipal).toBe('ec2.us-east-1.amazonaws.com');
      expect(p.operations).toEqual(['Decrypt']);
      expect((g.responseElements as { keyId: string }).keyId).toBe(MANAGED[0].arn);
    }
  });
});
