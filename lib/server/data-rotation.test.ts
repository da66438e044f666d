import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleTrail } from '../sample/generate';
import { KEYS, keyArn, keyByName, NEW_KEY, SCENARIO } from '../sample/scenario';
import { readAllRecords, tempDir } from '../test/fixtures';

/**
 * GET /api/rotation's data over the sample trail. Expectations come from the
 * scenario (what the sample plants) and from a plain count over its JSON.
 */
const NOW = new Date('2026-11-28T12:00:00Z');
type Raw = {
  eventName: string;
  eventTime: string;
  eventSource: string;
  errorCode?: string;
  resources?: { ARN: string }[];
  requestParameters?: { keyId?: string } | null;
};
let recs: Raw[];
let summary: Awaited<ReturnType<typeof import('./data-rotation').rotationSummary>>;
const range = { from: new Date(NOW.getTime() - 86_400_000), to: NOW, bucket: 'hour' as const, preset: null };

beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'rot.duckdb');
  process.env.KEYTRAIL_ROTATION_OVERDUE_DAYS = '10';
  const dir = tempDir();
  await generateSampleTrail({ outDir: dir, now: NOW, events: 6000 });
  recs = readAllRecords(dir)
    .map((r) => r.record as unknown as Raw)
    .filter((r) => r.eventSource === 'kms.amazonaws.com');
  const { getStore } = await import('./store');
  const { ingestPaths } = await import('../ingest/ingest');
  await ingestPaths((await getStore()).db!, [dir], { sample: true });
  summary = await (await import('./data-rotation')).rotationSummary(range);
});
afterAll(async () => (await (await import('./store')).getStore()).db!.close());

const row = (name: string) => summary.keys.find((k) => k.keyArn === keyArn(name === 'reports' ? NEW_KEY : keyByName(name)))!;

describe('rotation summary', () => {
  it('rotation enabled, then rotated automatically, and overdue past the threshold', () => {
    const k = row('app-data');
    expect(k.rotationEnabled).toBe(true);
    expect(k.rotationPeriodDays).toBe(365);
    expect(k.lastRotationType).toBe('AUTOMATIC');
    const rotated = recs.filter((r) => r.eventName === 'RotateKey' && r.resources?.[0].ARN === keyArn(keyByName('app-data')));
    expect(k.lastRotated).toBe(new Date(rotated[rotated.length - 1].eventTime).toISOString());
    expect(k.daysSinceRotation).toBe(Math.floor((NOW.getTime() - Date.parse(k.lastRotated!)) / 86_400_000));
    expect(k.daysSinceRotation).toBeGreaterThan(10);
    expect(k.overdue).toBe(true);
  });

  it('rotation disabled later, and unknown where the logs hold no evidence', () => {
    expect(row(SCENARIO.disableRotation.key).rotationEnabled).toBe(false);
    expect(row('logs-archive').rotationEnabled).toBeNull();
  });

  it("the sample's AWS managed keys read on, every 365 days, never overdue, though the logs hold no rotation event for them", () => {
    // Hand-written: EBS's and S3's keys, named only by the services' calls (keyId the alias, the key in resources).
    for (const [alias, arn] of [
      ['alias/aws/ebs', 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-0016-4a00-8000-00000000a016'],
      ['alias/aws/s3', 'arn:aws:kms:us-east-1:444455556666:key/1a2b3c4d-0017-4a00-8000-00000000a017'],
    ]) {
      const rotationEvents = recs.filter(
        (r) => ['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey'].includes(r.eventName) && r.resources?.some((x) => x.ARN === arn),
      );
      expect(rotationEvents, alias).toEqual([]);
      const k = summary.keys.find((x) => x.keyArn === arn)!;
      expect(k.alias).toBe(alias);
      expect(k.awsManaged).toBe(true);
      expect(k.rotationEnabled).toBe(true);
      expect(k.rotationPeriodDays).toBe(365);
      // The threshold here is 10 days and the logs show no rotation: a customer key would be overdue.
      expect(k.overdue).toBe(false);
    }
  });

  it('a key pending deletion that is still called, and a disabled one', () => {
    const old = row(SCENARIO.scheduleDeletion.key);
    expect(old.pendingDeletion).toBe(true);
    expect(old.deletionDate).toMatch(/2026/);
    const callsInRange = recs.filter(
      (r) =>
        r.resources?.some((x) => x.ARN === old.keyArn) &&
        Date.parse(r.eventTime) >= range.from.getTime() &&
        Date.parse(r.eventTime) < NOW.getTime(),
    ).length;
    expect(old.calls).toBe(callsInRange);
    // Still used: a cryptographic call after it was scheduled for deletion (calls before do not count).
    const CRYPTO = [
      'Encrypt',
      'Decrypt',
      'ReEncrypt',
      'GenerateDataKey',
      'GenerateDataKeyWithoutPlaintext',
      'Sign',
      'Verify',
      'GenerateMac',
      'VerifyMac',
    ];
    const scheduledAt = Math.max(
      ...recs
        .filter((r) => r.eventName === 'ScheduleKeyDeletion' && r.resources?.some((x) => x.ARN === old.keyArn))
        .map((r) => Date.parse(r.eventTime)),
    );
    const callsAfter = recs.filter(
      (r) =>
        CRYPTO.includes(r.eventName) &&
        r.resources?.some((x) => x.ARN === old.keyArn) &&
        Date.parse(r.eventTime) > scheduledAt &&
        Date.parse(r.eventTime) >= range.from.getTime() &&
        Date.parse(r.eventTime) < NOW.getTime(),
    ).length;
    expect(old.stillUsed).toBe(callsAfter > 0);
    expect(row(SCENARIO.disableKey.key).disabled).toBe(true);
  });

  it('lists first what needs acting on: still-called unusable keys, then overdue, then rotation off; deleted keys last; then by calls', () => {
    // From the scenario and a plain count: the disabled and the deleting key, each called in the
    // range (both are planted before it), come first, the busier one first.
    const callsTo = (arn: string) =>
      recs.filter(
        (r) =>
          (r.resources?.some((x) => x.ARN === arn) || (r as { errorMessage?: string }).errorMessage?.includes(arn)) &&
          Date.parse(r.eventTime) >= range.from.getTime() &&
          Date.parse(r.eventTime) < NOW.getTime(),
      ).length;
    const planted = [SCENARIO.disableKey.key, SCENARIO.scheduleDeletion.key].map((n) => keyArn(keyByName(n)));
    expect(planted.every((arn) => callsTo(arn) > 0)).toBe(true);
    // Equal counts go by key ARN, as the page orders them (data-rotation.ts).
    const expected = [...planted].sort((a, b) => callsTo(b) - callsTo(a) || a.localeCompare(b));
    expect(summary.keys.slice(0, 2).map((k) => k.keyArn)).toEqual(expected);
    // The rest follows the documented order of groups, each by calls.
    const tier = (k: (typeof summary.keys)[number]) =>
      k.stillUsed
        ? 0
        : k.deleted
          ? 5
          : k.overdue
            ? 1
            : k.rotationEnabled === false
              ? 2
              : k.disabled || k.pendingDeletion || k.pendingImport
                ? 3
                : 4;
    const tiers = summary.keys.map(tier);
    expect(tiers).toEqual([...tiers].sort((a, b) => a - b));
    // The scenario has a key in the first tier and keys in the last, so the order is not vacuous.
    expect(tiers[0]).toBe(0);
    expect(tiers[tiers.length - 1]).toBe(4);
    for (let i = 1; i < summary.keys.length; i++)
      if (tiers[i] === tiers[i - 1]) expect(summary.keys[i].calls).toBeLessThanOrEqual(summary.keys[i - 1].calls);
  });

  it('compares calls with the previous period only when the logs cover its start', async () => {
    const first = Math.min(...recs.map((r) => Date.parse(r.eventTime)));
    // The last day: the day before it is inside the sample's weeks of logs.
    expect(summary.previousComplete).toBe(true);
    // From an hour after the logs begin until now: the previous period starts weeks before them.
    const late = { ...range, from: new Date(first + 3_600_000) };
    const s = await (await import('./data-rotation')).rotationSummary(late);
    expect(s.previousRange.to).toEqual(late.from);
    expect(s.previousComplete).toBe(false);
    // Its calls are still the plain count of that sliver (the first hour of logs).
    const inPrevious = recs.filter(
      (r) => Date.parse(r.eventTime) >= s.previousRange.from.getTime() && Date.parse(r.eventTime) < late.from.getTime(),
    );
    expect(inPrevious.length).toBeGreaterThan(0);
    expect(s.keys.reduce((a, k) => a + k.previousCalls, 0)).toBeLessThanOrEqual(inPrevious.length);
  });

  it('lists unused keys: known keys with no calls in the range (here, the last hour)', async () => {
    const hour = { ...range, from: new Date(NOW.getTime() - 3_600_000) };
    const s = await (await import('./data-rotation')).rotationSummary(hour);
    type R = Raw & { errorMessage?: string };
    const called = (arn: string) =>
      recs.some(
        (r: R) =>
          (r.resources?.some((x) => x.ARN === arn) || r.errorMessage?.includes(arn)) &&
          Date.parse(r.eventTime) >= hour.from.getTime() &&
          Date.parse(r.eventTime) < NOW.getTime(),
      );
    const expectedUnused = KEYS.filter((k) => !called(keyArn(k)))
      .map((k) => keyArn(k))
      .sort();
    expect(expectedUnused.length).toBeGreaterThan(0);
    expect(
      s.keys
        .filter((k) => k.unused && KEYS.some((x) => keyArn(x) === k.keyArn))
        .map((k) => k.keyArn)
        .sort(),
    ).toEqual(expectedUnused);
  });
});
