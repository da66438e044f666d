import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { generateSampleTrail } from '../sample/generate';
import { KEYS, keyArn, keyByName, SCENARIO } from '../sample/scenario';
import { kmsRecord, readAllRecords, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { keyStatus } from './catalog';
import { runQuery } from './define';

/** Key state badges, against the latest state-changing events found by a plain scan of the sample's JSON. */
type Raw = { eventName: string; eventTime: string; errorCode?: string; eventSource: string; requestParameters?: { keyId?: string } | null; resources?: { ARN: string }[] };
let store: Awaited<ReturnType<typeof tempStore>>;
let recs: Raw[];

beforeAll(async () => {
  const dir = tempDir();
  await generateSampleTrail({ outDir: dir, now: new Date('2026-11-28T12:00:00Z'), events: 3000 });
  recs = readAllRecords(dir).map((r) => r.record as unknown as Raw).filter((r) => r.eventSource === 'kms.amazonaws.com' && !r.errorCode);
  store = await tempStore();
  await ingestPaths(store.db, [dir], { sample: true });
});
afterAll(() => store.close());

const latest = (arn: string, names: string[]) =>
  recs
    .filter((r) => names.includes(r.eventName) && (r.resources?.some((x) => x.ARN === arn) || r.requestParameters?.keyId === arn.split('/').pop()))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime))
    .pop()?.eventName;

describe('key_status', () => {
  it('says what the latest rotation, enable/disable and deletion events say, per key', async () => {
    const rows = new Map((await runQuery(store.engine, keyStatus, { to: new Date('2026-11-28T12:00:00Z') })).rows.map((r) => [r.keyArn, r]));
    for (const k of KEYS) {
      const arn = keyArn(k);
      const rot = latest(arn, ['EnableKeyRotation', 'DisableKeyRotation']);
      const en = latest(arn, ['EnableKey', 'DisableKey', 'CancelKeyDeletion']);
      const del = latest(arn, ['ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey']);
      const row = rows.get(arn);
      expect(row?.rotationEnabled ?? null, `${k.name} rotation`).toBe(rot === undefined ? null : rot === 'EnableKeyRotation');
      // A cancelled deletion leaves the key disabled (AWS KMS key states).
      expect(row?.disabled ?? false, `${k.name} disabled`).toBe(en === 'DisableKey' || en === 'CancelKeyDeletion');
      expect(row?.pendingDeletion ?? false, `${k.name} pending deletion`).toBe(del === 'ScheduleKeyDeletion');
    }
    // And the scenario, by name: these are what the sample plants.
    expect(rows.get(keyArn(keyByName(SCENARIO.disableKey.key)))?.disabled).toBe(true);
    expect(rows.get(keyArn(keyByName(SCENARIO.scheduleDeletion.key)))?.pendingDeletion).toBe(true);
    expect(rows.get(keyArn(keyByName(SCENARIO.scheduleDeletion.key)))?.deletionDate).toMatch(/\d{4}/);
    expect(rows.get(keyArn(keyByName(SCENARIO.disableRotation.key)))?.rotationEnabled).toBe(false);
    expect(rows.get(keyArn(keyByName('logs-archive')))?.rotationEnabled ?? null).toBeNull();
  });
});

describe('key_status: lifecycle by hand', () => {
  const key = (n: number) => `arn:aws:kms:us-east-1:111122223333:key/${String(n).repeat(8)}-0000-4000-8000-000000000000`;
  const change = (n: number, eventName: string, at: string, requestParameters: Record<string, unknown> = {}) =>
    kmsRecord({ eventName, eventTime: at, readOnly: false, requestParameters: { keyId: key(n), ...requestParameters }, resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(n) }] });
  let s2: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    const root = tempDir();
    writeTrailFile(root, 'lifecycle', [
      // 1: scheduled, then cancelled: disabled, not pending, unusable since the scheduling.
      change(1, 'ScheduleKeyDeletion', '2026-11-08T10:00:00Z', { pendingWindowInDays: 7 }),
      change(1, 'CancelKeyDeletion', '2026-11-09T10:00:00Z'),
      // 2: disabled, then scheduled: pending and disabled, unusable since it was disabled.
      change(2, 'DisableKey', '2026-11-03T10:00:00Z'),
      change(2, 'ScheduleKeyDeletion', '2026-11-16T10:00:00Z', { pendingWindowInDays: 30 }),
      // 3: disabled, enabled again: usable.
      change(3, 'DisableKey', '2026-11-03T10:00:00Z'),
      change(3, 'EnableKey', '2026-11-04T10:00:00Z'),
      // 6: an old spell that ended (scheduled, cancelled, enabled), then disabled: unusable since then.
      change(6, 'ScheduleKeyDeletion', '2026-11-01T10:00:00Z'),
      change(6, 'CancelKeyDeletion', '2026-11-02T10:00:00Z'),
      change(6, 'EnableKey', '2026-11-03T10:00:00Z'),
      change(6, 'DisableKey', '2026-11-10T10:00:00Z'),
      // 7: a script cancels and re-enables in the same second as it scheduled; listed out of order.
      change(7, 'ScheduleKeyDeletion', '2026-11-05T10:00:00Z'),
      change(7, 'EnableKey', '2026-11-05T10:00:00Z'),
      change(7, 'CancelKeyDeletion', '2026-11-05T10:00:00Z'),
      // 8: disabled and scheduled in the same second, listed schedule first: pending and disabled.
      change(8, 'ScheduleKeyDeletion', '2026-11-06T10:00:00Z'),
      change(8, 'DisableKey', '2026-11-06T10:00:00Z'),
      // 4: rotation on with no period given (as before custom periods existed): yearly.
      change(4, 'EnableKeyRotation', '2026-11-05T10:00:00Z'),
      change(5, 'EnableKeyRotation', '2026-11-05T10:00:00Z', { rotationPeriodInDays: 90 }),
    ]);
    s2 = await tempStore();
    await ingestPaths(s2.db, [root]);
  });
  afterAll(() => s2.close());

  it('a cancelled deletion leaves the key disabled; unusableSince is when the current unusable spell began', async () => {
    const rows = new Map((await runQuery(s2.engine, keyStatus, { to: new Date('2026-11-20T00:00:00Z') })).rows.map((r) => [r.keyArn, r]));
    expect([rows.get(key(1))?.disabled, rows.get(key(1))?.pendingDeletion, rows.get(key(1))?.unusableSince]).toEqual([true, false, '2026-11-08T10:00:00.000Z']);
    expect([rows.get(key(2))?.disabled, rows.get(key(2))?.pendingDeletion, rows.get(key(2))?.unusableSince]).toEqual([true, true, '2026-11-03T10:00:00.000Z']);
    expect([rows.get(key(3))?.disabled, rows.get(key(3))?.pendingDeletion]).toEqual([false, false]);
    expect([rows.get(key(6))?.disabled, rows.get(key(6))?.pendingDeletion, rows.get(key(6))?.unusableSince]).toEqual([true, false, '2026-11-10T10:00:00.000Z']);
    // Same-second events in the order AWS forces, whatever order the file lists them in.
    expect([rows.get(key(7))?.disabled, rows.get(key(7))?.pendingDeletion]).toEqual([false, false]);
    expect([rows.get(key(8))?.disabled, rows.get(key(8))?.pendingDeletion, rows.get(key(8))?.unusableSince]).toEqual([true, true, '2026-11-06T10:00:00.000Z']);
    expect(rows.get(key(4))?.rotationPeriodDays).toBe(365);
    expect(rows.get(key(5))?.rotationPeriodDays).toBe(90);
  });
});
