import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { generateSampleTrail } from '../sample/generate';
import { KEYS, keyArn, keyByName, SCENARIO } from '../sample/scenario';
import { readAllRecords, tempDir, tempStore } from '../test/fixtures';
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
      const en = latest(arn, ['EnableKey', 'DisableKey']);
      const del = latest(arn, ['ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey']);
      const row = rows.get(arn);
      expect(row?.rotationEnabled ?? null, `${k.name} rotation`).toBe(rot === undefined ? null : rot === 'EnableKeyRotation');
      expect(row?.disabled ?? false, `${k.name} disabled`).toBe(en === 'DisableKey');
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
