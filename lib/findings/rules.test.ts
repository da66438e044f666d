import { beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { asRole, callAt, deniedAt, FINDINGS_ACCOUNT, findingsOver, trailTime } from '../test/findings-over';
import type { Finding } from './rules';
import { robustZ } from './spike';

/**
 * Each rule fires on its fixture and stays quiet on the near-miss beside it.
 * The expected findings are listed by hand.
 */
const A = FINDINGS_ACCOUNT;
const key = (n: number) => `arn:aws:kms:us-east-1:${A}:key/00000000-0000-4000-8000-00000000000${n}`;
const role = (name: string) => `arn:aws:iam::${A}:role/${name}`;
const FROM = Date.parse('2026-11-19T00:00:00Z');
const TO = Date.parse('2026-11-21T00:00:00Z');

let findings: Finding[];

beforeAll(async () => {
  const recs: Record<string, unknown>[] = [];
  const H = 3_600_000;
  // Steady traffic on keys 3 and 4, every hour from 14 days before the range to its end (the baseline).
  for (let h = FROM - 14 * 24 * H; h < TO; h += H)
    for (const k of [3, 4]) for (let i = 0; i < 10; i++) recs.push(callAt('SteadyRole', key(k), h + i * 60_000));
  // Usage spike: key 3 gets 100 calls in one hour (fires); key 4 gets 25, under the minimum of 30 (near miss).
  for (let i = 0; i < 90; i++) recs.push(callAt('SteadyRole', key(3), FROM + 30 * H + i * 20_000));
  for (let i = 0; i < 15; i++) recs.push(callAt('SteadyRole', key(4), FROM + 30 * H + i * 20_000));
  // Denial bursts on key 1: 20 in 10 minutes (fires), 19 in 10 minutes (near miss), 25 spread over 5 hours (no burst).
  for (let i = 0; i < 20; i++) recs.push(deniedAt('BurstRole', key(1), FROM + 2 * H + i * 29_000));
  for (let i = 0; i < 19; i++) recs.push(deniedAt('NearMissRole', key(1), FROM + 4 * H + i * 30_000));
  for (let i = 0; i < 25; i++) recs.push(deniedAt('SlowRole', key(1), FROM + 6 * H + i * 12 * 60_000));
  // Five denials in one second (CloudTrail keeps whole seconds) are five, not a burst: each one a window of its own.
  for (let i = 0; i < 5; i++) recs.push(deniedAt('SameSecondRole', key(1), FROM + 7 * H));
  // Integrity bursts on key 7: 5 rejected signatures in 10 minutes (fires); 4 rejected MACs in 10 minutes
  // (near miss); 6 rejected ciphertexts an hour apart (no burst); 3 denials and 3 rejected ciphertexts
  // in 10 minutes (two classes: neither reaches its threshold).
  const failing = (roleName: string, ms: number, eventName: string, errorCode: string) =>
    callAt(roleName, key(7), ms, { eventName, errorCode, errorMessage: undefined });
  for (let i = 0; i < 5; i++) recs.push(failing('ForgerRole', FROM + 8 * H + i * 110_000, 'Verify', 'KMSInvalidSignatureException'));
  for (let i = 0; i < 4; i++) recs.push(failing('NearForgerRole', FROM + 9 * H + i * 60_000, 'VerifyMac', 'KMSInvalidMacException'));
  for (let i = 0; i < 6; i++) recs.push(failing('CookieRole', FROM + 10 * H + i * H, 'Decrypt', 'InvalidCiphertextException'));
  for (let i = 0; i < 3; i++) {
    recs.push(deniedAt('MixedRole', key(7), FROM + 17 * H + i * 60_000));
    recs.push(failing('MixedRole', FROM + 17 * H + i * 60_000 + 30_000, 'Decrypt', 'IncorrectKeyException'));
  }
  // Risky changes on key 2.
  recs.push(
    callAt('AdminRole', key(2), FROM + 20 * H, {
      eventName: 'ScheduleKeyDeletion',
      responseElements: { deletionDate: 'Nov 26, 2026, 8:00:00 PM', keyState: 'PendingDeletion' },
    }),
  );
  recs.push(callAt('AdminRole', key(2), FROM + 21 * H, { eventName: 'DisableKey', errorCode: 'AccessDenied' })); // failed: not a change
  recs.push(
    callAt('AdminRole', key(2), FROM + 22 * H, {
      eventName: 'CreateGrant',
      requestParameters: { granteePrincipal: role('InHouse'), keyId: key(2) },
    }),
  );
  recs.push(
    callAt('AdminRole', key(2), FROM + 23 * H, {
      eventName: 'CreateGrant',
      requestParameters: { granteePrincipal: 'arn:aws:iam::999988887777:role/Partner', keyId: key(2) },
    }),
  );
  // Cross-account and root on key 1.
  recs.push(
    kmsRecord({
      eventTime: trailTime(FROM + 25 * H),
      userIdentity: { type: 'AWSAccount', principalId: 'AIDAX', accountId: '999988887777' },
      resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(1) }],
    }),
  );
  recs.push(
    kmsRecord({
      eventTime: trailTime(FROM + 26 * H),
      eventName: 'DescribeKey',
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${A}:root`, accountId: A },
      resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(1) }],
    }),
  );
  // A disabled key still called.
  for (let i = 0; i < 3; i++)
    recs.push(
      callAt('BatchRole', key(5), FROM + 27 * H + i * 60_000, { errorCode: 'DisabledException', errorMessage: `${key(5)} is disabled.` }),
    );
  // Key management that fails on a healthy key's state (it is not pending deletion): no one depends on it.
  recs.push(
    callAt('AdminRole', key(2), FROM + 28 * H, {
      eventName: 'CancelKeyDeletion',
      errorCode: 'KMSInvalidStateException',
      errorMessage: `${key(2)} is not pending deletion.`,
    }),
  );
  // Another account/region that goes quiet after one event (a logging gap of 47 hours).
  recs.push(
    kmsRecord({
      eventTime: trailTime(FROM + H),
      awsRegion: 'eu-west-1',
      recipientAccountId: '444455556666',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::444455556666:user/bob', accountId: '444455556666' },
      resources: [
        {
          accountId: '444455556666',
          type: 'AWS::KMS::Key',
          ARN: 'arn:aws:kms:eu-west-1:444455556666:key/00000000-0000-4000-8000-000000000009',
        },
      ],
    }),
  );

  findings = await findingsOver(recs, FROM, TO, 5000);
}, 120_000);

const of = (rule: string) =>
  findings
    .filter((f) => f.rule === rule)
    .map((f) => `${f.keyArn?.slice(-1) ?? '-'} ${f.principal?.split(/[/:]/).pop() ?? '-'} ${f.count}`)
    .sort();

describe('findings rules', () => {
  it('denial burst: 20 in 10 minutes fires; 19 in 10 minutes, 25 over 5 hours and 5 in one second do not', () => {
    expect(of('denial-burst')).toEqual(['1 BurstRole 20']);
  });

  it('integrity burst: 5 rejected signatures in 10 minutes fire; 4 MACs, 6 ciphertexts over hours, and a class mix do not', () => {
    expect(of('integrity-burst')).toEqual(['7 ForgerRole 5']);
    const f = findings.find((x) => x.rule === 'integrity-burst')!;
    expect(f.severity).toBe('high');
    expect(f.explanation).toContain('5 integrity failures');
    // Its evidence opens exactly the 5 rejected signatures: ForgerRole's integrity failures on key 7 in the span.
    expect(f.evidence).toMatchObject({ key: key(7), principal: role('ForgerRole'), errorClass: 'integrity' });
    expect([Date.parse(f.evidence.from), Date.parse(f.evidence.to)]).toEqual([
      FROM + 8 * 3_600_000,
      FROM + 8 * 3_600_000 + 4 * 110_000 + 1000,
    ]);
  });

  it('risky changes: the deletion and the grant to another account, not the failed disable or the in-house grant', () => {
    expect(
      findings
        .filter((f) => f.rule === 'risky-change')
        .map((f) => `${f.severity} ${f.explanation.split(':')[0]}`)
        .sort(),
    ).toEqual(['high CreateGrant', 'high ScheduleKeyDeletion']);
  });

  it('new principals: first seen in the range, not the steady caller seen in the baseline', () => {
    expect(of('new-principal')).toEqual([
      '1 999988887777 1',
      '1 BurstRole 20',
      '1 NearMissRole 19',
      '1 SameSecondRole 5',
      '1 SlowRole 25',
      '1 root 1',
      '2 AdminRole 5', // its failed CancelKeyDeletion counts as a call
      '5 BatchRole 3',
      '7 CookieRole 6',
      '7 ForgerRole 5',
      '7 MixedRole 6',
      '7 NearForgerRole 4',
      // Not bob on key 9: its account's logs begin in the range (no baseline for that account).
    ]);
  });

  it('cross-account use, including an AWSAccount caller', () => {
    expect(of('cross-account')).toEqual(['1 999988887777 1']);
  });

  it('root use', () => {
    expect(of('root-use')).toEqual(['1 root 1']);
  });

  it('usage spike: 100 against a usual 10 fires; 25 is under the minimum', () => {
    expect(of('usage-spike')).toEqual(['3 - 100']);
  });

  it('calls to a disabled key (its cryptographic calls: not a failed CancelKeyDeletion on a healthy key)', () => {
    expect(of('unusable-key')).toEqual(['5 BatchRole 3']);
  });

  it('a logging gap of a day or more in one account and region, and none where events keep flowing', () => {
    expect(findings.filter((f) => f.rule === 'logging-gap').map((f) => `${f.evidence.account} ${f.evidence.region} ${f.count}`)).toEqual([
      '444455556666 eu-west-1 47',
    ]);
  });

  it('every finding opens its events through the events filter', () => {
    for (const f of findings) expect(f.evidence.from <= f.firstSeen && f.evidence.to > f.lastSeen.slice(0, 19)).toBe(true);
  });
});

describe('a young trail: the baseline rules need logs before the range', () => {
  const H = 3_600_000;
  /** Steady calls on key 6 from `start`, 100 calls in the range's 31st hour, and a caller first seen in the range. */
  async function run(start: number) {
    const recs: Record<string, unknown>[] = [];
    for (let h = start; h < TO; h += H) for (let i = 0; i < 10; i++) recs.push(callAt('SteadyRole', key(6), h + i * 60_000));
    for (let i = 0; i < 90; i++) recs.push(callAt('SteadyRole', key(6), FROM + 30 * H + i * 20_000));
    recs.push(callAt('NewRole', key(6), FROM + 5 * H));
    const found = await findingsOver(recs, FROM, TO, 5000);
    const byRule = (rule: string) => found.filter((f) => f.rule === rule).map((f) => `${f.principal?.split('/').pop() ?? '-'} ${f.count}`);
    return { spikes: byRule('usage-spike'), newPrincipals: byRule('new-principal') };
  }

  it('logs from the range start only: every caller and busy hour is new, so nothing is reported', async () => {
    expect(await run(FROM)).toEqual({ spikes: [], newPrincipals: [] });
  });

  it('10 of the 14 baseline days logged: the spike is scored against them; a caller is new only after 13 quiet days', async () => {
    expect(await run(FROM - 10 * 24 * H)).toEqual({ spikes: ['- 100'], newPrincipals: [] });
  });

  it('the whole baseline logged: both fire', async () => {
    expect(await run(FROM - 14 * 24 * H)).toEqual({ spikes: ['- 100'], newPrincipals: ['NewRole 1'] });
  });
}, 120_000);

describe('robust z-score', () => {
  it('matches a hand computation', () => {
    // baseline 5,10,15,20,25 → median 15, |dev| 10,5,0,5,10 → MAD 5: scale 7.41 (over √15 = 3.87)
    expect(robustZ(30, [5, 10, 15, 20, 25]).z).toBeCloseTo(15 / (1.4826 * 5), 6);
    // baseline 8,10,10,12,10 → median 10, MAD 0 → mean |dev| 0.8 → 1.00, under √10: chance alone varies more
    expect(robustZ(20, [8, 10, 10, 12, 10]).z).toBeCloseTo(10 / Math.sqrt(10), 6);
    expect(robustZ(10, [10, 10, 10]).z).toBe(0);
    // A cron job's flat 30 an hour: 31 is chance (it scored ∞ with a zero spread), 60 is not.
    expect(robustZ(31, Array(20).fill(30)).z).toBeCloseTo(1 / Math.sqrt(30), 6);
    expect(robustZ(60, Array(20).fill(30)).z).toBeCloseTo(30 / Math.sqrt(30), 6);
    // From nothing: the scale is 1.
    expect(robustZ(40, [0, 0, 0]).z).toBe(40);
  });
});

describe('usage spike: what is one', () => {
  const D = 86_400_000;
  const H = 3_600_000;
  const at = (day: number, hour: number, i: number) => FROM + day * D + hour * H + i * 1000;
  it('a new steady workload is one finding over its hours; a flat cron job one call up, or a throttling storm, is none', async () => {
    const recs = [
      // Five days of logs before the range: key 1's cron job, 30 calls at 03:00 every day; key 2, 20 at 12:00.
      ...[-5, -4, -3, -2, -1].flatMap((d) => [
        ...Array.from({ length: 30 }, (_, i) => callAt('CronRole', key(1), at(d, 3, i))),
        ...Array.from({ length: 20 }, (_, i) => callAt('AppRole', key(2), at(d, 12, i))),
      ]),
      // In the range: the cron job makes 31; key 2 makes its 20 and 300 more that are throttled.
      ...Array.from({ length: 31 }, (_, i) => callAt('CronRole', key(1), at(0, 3, i))),
      ...Array.from({ length: 20 }, (_, i) => callAt('AppRole', key(2), at(0, 12, i))),
      ...Array.from({ length: 300 }, (_, i) =>
        callAt('AppRole', key(2), at(0, 12, 20 + i), { errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }),
      ),
      // Key 3 is new: 40 calls an hour from 06:00 to 11:59, then nothing.
      ...Array.from({ length: 6 }, (_, h) => Array.from({ length: 40 }, (_, i) => callAt('NewService', key(3), at(0, 6 + h, i)))).flat(),
    ];
    const spikes = (await findingsOver(recs, FROM, FROM + D, 5000)).filter((f) => f.rule === 'usage-spike');
    expect(spikes.map((f) => [f.keyArn, f.count, f.firstSeen, f.lastSeen])).toEqual([
      [key(3), 240, new Date(at(0, 6, 0)).toISOString(), new Date(at(0, 12, 0)).toISOString()],
    ]);
    expect(spikes[0].explanation).toMatch(/^240 calls over 6 hours in a row, up to 40 in one hour against a usual 0/);
    expect(spikes[0].evidence).toMatchObject({ key: key(3), from: spikes[0].firstSeen, to: spikes[0].lastSeen });
  });
});

describe('risky change: a grant to a principal of the account that made it', () => {
  it("is routine when that account is not the key's (EC2 granting its own instance a shared key); one to a third account is not", async () => {
    const grant = (grantee: string, ms: number) =>
      kmsRecord({
        eventName: 'CreateGrant',
        eventTime: trailTime(ms),
        userIdentity: {
          type: 'AssumedRole',
          arn: 'arn:aws:sts::222233334444:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling',
          accountId: '222233334444',
          invokedBy: 'autoscaling.amazonaws.com',
        },
        requestParameters: {
          keyId: key(2),
          granteePrincipal: grantee,
          retiringPrincipal: 'ec2.us-east-1.amazonaws.com',
          operations: ['Decrypt'],
        },
        resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(2) }],
      });
    const found = await findingsOver(
      [
        grant('arn:aws:sts::222233334444:assumed-role/aws:ec2-infrastructure/i-0c9d2e', FROM + 3_600_000),
        grant('arn:aws:iam::999988887777:role/Elsewhere', FROM + 2 * 3_600_000),
      ],
      FROM,
      TO,
    );
    expect(found.filter((f) => f.rule === 'risky-change').map((f) => f.explanation)).toEqual([
      'CreateGrant: granted use of the key to a principal in another account (grantee arn:aws:iam::999988887777:role/Elsewhere).',
    ]);
  });
});

describe('new principal: what is not one', () => {
  it("not KMS's own calls (AWS Internal), nor the callers of a key created in the range, nor an account that joins the trail in it", async () => {
    const D = 86_400_000;
    const H = 3_600_000;
    const B = '222233334444';
    const keyB = `arn:aws:kms:us-east-1:${B}:key/00000000-0000-4000-8000-0000000000b1`;
    const recs = [
      // Account A's logs from 15 days before the range: key 1 called by AppRole daily.
      ...Array.from({ length: 16 }, (_, d) => callAt('AppRole', key(1), FROM - 15 * D + d * D)),
      // In the range: KMS's multi-Region sync (an AwsApiCall by AWS Internal) on key 1.
      kmsRecord({
        eventName: 'SynchronizeMultiRegionKey',
        eventType: 'AwsApiCall',
        eventTime: trailTime(FROM + H),
        userIdentity: { accountId: A, invokedBy: 'AWS Internal' },
        resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: key(1) }],
      }),
      // A key made in the range: its creator and first user are no news.
      callAt('TerraformDeploy', key(5), FROM + 2 * H, { eventName: 'CreateKey', responseElements: { keyMetadata: { arn: key(5) } } }),
      callAt('OrdersApi', key(5), FROM + 3 * H),
      // Account B joins the trail in the range: its callers have no baseline.
      kmsRecord({
        eventTime: trailTime(FROM + 4 * H),
        recipientAccountId: B,
        userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${B}:user/app-b`, accountId: B },
        resources: [{ accountId: B, type: 'AWS::KMS::Key', ARN: keyB }],
      }),
      // A real new caller on an old key: reported.
      callAt('Intruder', key(1), FROM + 5 * H),
    ];
    const found = (await findingsOver(recs, FROM, TO, 5000)).filter((f) => f.rule === 'new-principal');
    expect(found.map((f) => [f.keyArn, f.principal])).toEqual([[key(1), role('Intruder')]]);
  });
});

describe('usage spike: an account that joins the trail', () => {
  it('has no baseline until its own logs cover one: its first busy hours are no spike', async () => {
    const D = 86_400_000;
    const H = 3_600_000;
    const B = '222233334444';
    const keyB = `arn:aws:kms:us-east-1:${B}:key/00000000-0000-4000-8000-0000000000b2`;
    const callB = (ms: number) =>
      kmsRecord({
        eventTime: trailTime(ms),
        recipientAccountId: B,
        userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${B}:user/app-b`, accountId: B },
        resources: [{ accountId: B, type: 'AWS::KMS::Key', ARN: keyB }],
      });
    const recs = [
      // Account A: 20 days of logs.
      ...Array.from({ length: 20 }, (_, d) => callAt('AppRole', key(1), FROM - 20 * D + d * D)),
      // Account B from the range's second hour: 40 calls an hour for 6 hours.
      ...Array.from({ length: 6 }, (_, h) => Array.from({ length: 40 }, (_, i) => callB(FROM + (1 + h) * H + i * 1000))).flat(),
    ];
    const found = (await findingsOver(recs, FROM, TO, 5000)).filter((f) => f.rule === 'usage-spike');
    expect(found).toEqual([]);
  });
});

describe('unusable key: the drill-down', () => {
  it('lists exactly the calls counted when they were one operation, not the key management that failed the same way', async () => {
    const disabled = { errorCode: 'DisabledException', errorMessage: 'is disabled.' };
    const recs = [
      ...[0, 1, 2].map((i) => callAt('App', key(4), FROM + 3_600_000 + i * 60_000, { eventName: 'Decrypt', ...disabled })),
      callAt('App', key(4), FROM + 3_600_000 + 90_000, { eventName: 'CreateGrant', ...disabled }),
      // Two operations: no single one to filter on.
      callAt('Mixed', key(4), FROM + 7_200_000, { eventName: 'Decrypt', ...disabled }),
      callAt('Mixed', key(4), FROM + 7_200_000 + 60_000, { eventName: 'GenerateDataKey', ...disabled }),
    ];
    const found = (await findingsOver(recs, FROM, TO)).filter((f) => f.rule === 'unusable-key');
    const by = new Map(found.map((f) => [f.principal, f]));
    expect(by.get(role('App'))).toMatchObject({ count: 3, evidence: { eventName: 'Decrypt', errorCode: 'DisabledException' } });
    expect(by.get(role('Mixed'))?.count).toBe(2);
    expect(by.get(role('Mixed'))?.evidence.eventName).toBeUndefined();
  });
});
