import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAllRecords, tempDir } from '../test/fixtures';
import { generateSampleTrail, type SampleSummary } from './generate';
import { EXTERNAL_ACCOUNT, SCENARIO } from './scenario';

/** The sample must look like a real organization trail; checked by reading the files back with plain JSON. */
const NOW = new Date('2026-11-28T17:30:00Z');
let dir: string;
let summary: SampleSummary;
let recs: Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- test-only view of raw JSON
let files: string[];

beforeAll(async () => {
  dir = tempDir();
  summary = await generateSampleTrail({ outDir: dir, now: NOW, days: 30, events: 4000 });
  recs = readAllRecords(dir).map((r) => r.record);
  files = [];
  const walk = (p: string) =>
    fs
      .readdirSync(p, { withFileTypes: true })
      .forEach((e) => (e.isDirectory() ? walk(path.join(p, e.name)) : files.push(path.join(p, e.name))));
  walk(dir);
});

const kms = () => recs.filter((r) => r.eventSource === 'kms.amazonaws.com');

describe('sample trail', () => {
  it('is laid out as an organization trail delivers it', () => {
    const logs = files.filter((f) => !f.includes('CloudTrail-Digest'));
    for (const f of logs)
      expect(path.relative(dir, f)).toMatch(
        /^AWSLogs\/o-[a-z0-9]+\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/\1_CloudTrail_\2_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
      );
    const digests = files.filter((f) => f.includes('CloudTrail-Digest'));
    expect(digests.length).toBe(summary.digestFiles);
    for (const d of digests) expect(JSON.parse(zlib.gunzipSync(fs.readFileSync(d)).toString()).Records).toBeUndefined();
    expect(summary.files).toBe(logs.length);
    expect(summary.events).toBe(recs.length - summary.duplicateDeliveries);
    expect(new Set(kms().map((r) => r.recipientAccountId)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(kms().map((r) => r.awsRegion)).size).toBeGreaterThanOrEqual(2);
  });

  it('delivers some events twice, byte for byte', () => {
    const byId = new Map<string, string[]>();
    for (const r of recs) byId.set(r.eventID, [...(byId.get(r.eventID) ?? []), JSON.stringify(r)]);
    const dups = [...byId.values()].filter((v) => v.length > 1);
    expect(dups.length).toBeGreaterThan(0);
    for (const d of dups) expect(new Set(d).size).toBe(1);
  });

  it('mixes in other services', () => {
    expect(recs.filter((r) => r.eventSource !== 'kms.amazonaws.com').length).toBeGreaterThan(recs.length * 0.05);
  });

  it('has every kind of caller: role sessions, IAM users, services, a cross-account account, root', () => {
    const types = new Set(kms().map((r) => r.userIdentity?.type ?? null));
    for (const t of ['AssumedRole', 'IAMUser', 'AWSService', 'AWSAccount', 'Root', null]) expect(types).toContain(t);
    expect(kms().some((r) => r.userIdentity?.type === 'AWSAccount' && r.userIdentity.accountId === EXTERNAL_ACCOUNT)).toBe(true);
    expect(kms().some((r) => r.userIdentity?.invokedBy === 's3.amazonaws.com' && r.userIdentity.type === 'AssumedRole')).toBe(true);
  });

  it('names keys in every form and creates aliases the way real logs show them', () => {
    const forms = kms()
      .map((r) => r.requestParameters?.keyId)
      .filter(Boolean) as string[];
    expect(forms.some((k) => k.startsWith('alias/'))).toBe(true);
    expect(forms.some((k) => /^[0-9a-f-]{36}$/.test(k))).toBe(true);
    expect(forms.some((k) => /:key\//.test(k))).toBe(true);
    expect(forms.some((k) => /:alias\//.test(k))).toBe(true);
    const ca = kms().find((r) => r.eventName === 'CreateAlias')!;
    expect(ca.resources.some((x: { ARN: string; type: string }) => x.ARN.includes(':alias/') && x.type === 'AWS::KMS::Key')).toBe(true);
    expect(kms().some((r) => r.eventName === 'UpdateAlias')).toBe(true);
  });

  it('plants denials with no resources, key-state errors, throttling, and the lifecycle events', () => {
    const denied = kms().filter((r) => r.errorCode === 'AccessDenied');
    expect(denied.some((r) => !r.resources && /on resource: arn:aws:kms:[^ ]+:key\//.test(r.errorMessage))).toBe(true);
    const codes = new Set(kms().map((r) => r.errorCode));
    for (const c of ['DisabledException', 'KMSInvalidStateException', 'ThrottlingException']) expect(codes).toContain(c);
    const names = new Set(kms().map((r) => r.eventName));
    for (const n of [
      'EnableKeyRotation',
      'DisableKeyRotation',
      'RotateKey',
      'CreateKey',
      'DisableKey',
      'ScheduleKeyDeletion',
      'PutKeyPolicy',
      'CreateGrant',
    ])
      expect(names).toContain(n);
    const rot = kms().find((r) => r.eventName === 'RotateKey')!;
    expect(rot.eventType).toBe('AwsServiceEvent');
    expect(rot.userIdentity.type).toBeUndefined();
    expect(rot.serviceEventDetails.rotationType).toBe('AUTOMATIC');
  });

  it('has a burst of denials and a usage spike where the scenario says', () => {
    const b = SCENARIO.denialBurst;
    const day = new Date(Math.floor(NOW.getTime() / 86_400_000) * 86_400_000 - b.daysAgo * 86_400_000);
    const burstStart = day.getTime() + b.hourUtc * 3_600_000 + b.minute * 60_000;
    const inBurst = kms().filter(
      (r) =>
        r.errorCode === 'AccessDenied' &&
        r.userIdentity.arn.includes(b.role) &&
        Math.abs(Date.parse(r.eventTime) - burstStart) <= 10 * 60_000,
    );
    expect(inBurst.length).toBe(b.count);
    const s = SCENARIO.spike;
    const spikeHour = new Date(Math.floor(NOW.getTime() / 86_400_000) * 86_400_000 - s.daysAgo * 86_400_000 + s.hourUtc * 3_600_000)
      .toISOString()
      .slice(0, 13);
    const perHour = new Map<string, number>();
    for (const r of kms().filter((x) => x.resources?.[0]?.ARN?.includes('a001')))
      perHour.set(r.eventTime.slice(0, 13), (perHour.get(r.eventTime.slice(0, 13)) ?? 0) + 1);
    const sorted = [...perHour.values()].sort((x, y) => x - y);
    expect(perHour.get(spikeHour)).toBe(sorted[sorted.length - 1]);
    expect(perHour.get(spikeHour)!).toBeGreaterThan(5 * sorted[Math.floor(sorted.length / 2)]);
  });

  it('is deterministic for a seed and a time', async () => {
    const other = tempDir();
    await generateSampleTrail({ outDir: other, now: NOW, days: 30, events: 4000 });
    const a = files.map((f) => path.relative(dir, f)).sort();
    const list = (p: string): string[] =>
      fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(p, e.name)) : [path.join(p, e.name)]));
    const b = list(other)
      .map((f) => path.relative(other, f))
      .sort();
    expect(b).toEqual(a);
    for (const f of a.slice(0, 50)) expect(fs.readFileSync(path.join(other, f)).equals(fs.readFileSync(path.join(dir, f)))).toBe(true);
  });
});
