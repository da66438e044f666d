import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ingestPaths } from '../ingest/ingest';
import { generateSampleTrail } from '../sample/generate';
import { KEYS, keyArn, keyByName, SCENARIO } from '../sample/scenario';
import { kmsRecord, kmsServiceEvent, readAllRecords, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { keyStatus } from './catalog';
import { runQuery } from './define';

/** Key state badges, against the latest state-changing events found by a plain scan of the sample's JSON. */
type Raw = {
  eventName: string;
  eventTime: string;
  errorCode?: string;
  eventSource: string;
  requestParameters?: { keyId?: string } | null;
  resources?: { ARN: string }[];
  serviceEventDetails?: { rotationType?: string };
};
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

// An automatic rotation (no rotationType in older records) counts as 'AutoRotateKey'.
const named = (r: Raw) => (r.eventName === 'RotateKey' && (r.serviceEventDetails?.rotationType ?? 'AUTOMATIC') === 'AUTOMATIC' ? 'AutoRotateKey' : r.eventName);
const latest = (arn: string, names: string[]) =>
  recs
    .filter((r) => names.includes(named(r)) && (r.resources?.some((x) => x.ARN === arn) || r.requestParameters?.keyId === arn.split('/').pop()))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime))
    .map(named)
    .pop();

describe('key_status', () => {
  it('says what the latest rotation, enable/disable and deletion events say, per key', async () => {
    const rows = new Map((await runQuery(store.engine, keyStatus, { to: new Date('2026-11-28T12:00:00Z') })).rows.map((r) => [r.keyArn, r]));
    for (const k of KEYS) {
      const arn = keyArn(k);
      const rot = latest(arn, ['EnableKeyRotation', 'DisableKeyRotation', 'AutoRotateKey']);
      const en = latest(arn, ['EnableKey', 'DisableKey', 'CancelKeyDeletion', 'DeleteKey']);
      const del = latest(arn, ['ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey']);
      const row = rows.get(arn);
      expect(row?.rotationEnabled ?? null, `${k.name} rotation`).toBe(rot === undefined ? null : rot !== 'DisableKeyRotation');
      // A cancelled deletion leaves the key disabled (AWS KMS key states).
      expect(row?.disabled ?? false, `${k.name} disabled`).toBe(en === 'DisableKey' || en === 'CancelKeyDeletion');
      expect(row?.pendingDeletion ?? false, `${k.name} pending deletion`).toBe(del === 'ScheduleKeyDeletion');
      expect(row?.deleted ?? false, `${k.name} deleted`).toBe(del === 'DeleteKey');
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

/**
 * Record shapes as the AWS KMS developer guide shows them: DeleteKey, DeleteExpiredKeyMaterial and
 * RotateKey are service events (eventType AwsServiceEvent, an identity of only accountId and
 * invokedBy "AWS Internal", no request parameters, the key in resources and serviceEventDetails).
 */
describe('key_status: deletion, key material and rotation evidence, from real record shapes', () => {
  const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const key = (n: number) => `arn:aws:kms:us-east-1:111122223333:key/${id(n)}`;
  const res = (n: number) => [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(n) }];
  const call = (n: number, eventName: string, at: string, requestParameters: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
    kmsRecord({ eventName, eventTime: at, readOnly: false, requestParameters: { keyId: id(n), ...requestParameters }, resources: res(n), ...over });
  const service = (n: number, eventName: string, at: string, details: Record<string, unknown> = {}) => kmsServiceEvent(key(n), eventName, at, details);
  const schedule = (n: number, at: string, days = 7) =>
    call(n, 'ScheduleKeyDeletion', at, { pendingWindowInDays: days }, {
      responseElements: { keyId: key(n), deletionDate: new Date(Date.parse(at) + days * 86_400_000).toISOString(), keyState: 'PendingDeletion', pendingWindowInDays: days },
    });
  const MATERIAL = { keyMaterialId: 'a'.repeat(64) };
  /** A key's material steps, each [event, day of November, material letter, importType], as the records since 2025 read. */
  const materials = (n: number, steps: [string, string, string?, string?][]) =>
    steps.map(([eventName, day, m, importType]) => {
      const at = `2026-11-${day}T10:00:00Z`;
      const material = m ? { keyMaterialId: m.repeat(64) } : {};
      if (eventName === 'ImportKeyMaterial')
        return call(n, eventName, at, importType ? { importType } : {}, { responseElements: { keyId: key(n), ...material } });
      return call(n, eventName, at, material, { responseElements: { keyId: key(n), ...material } });
    });
  let s3: Awaited<ReturnType<typeof tempStore>>;
  let rows: Map<string, z.output<typeof keyStatus.row>>;
  beforeAll(async () => {
    const root = tempDir();
    writeTrailFile(root, 'shapes', [
      // 10: scheduled, then deleted by KMS when the waiting period ended.
      schedule(10, '2026-11-01T10:00:00Z'),
      service(10, 'DeleteKey', '2026-11-08T10:00:00Z'),
      // 11: disabled, scheduled, deleted: unusable since it was disabled.
      call(11, 'DisableKey', '2026-10-30T10:00:00Z'),
      schedule(11, '2026-11-01T10:00:00Z'),
      service(11, 'DeleteKey', '2026-11-08T10:00:00Z'),
      // 12: the logs begin after the scheduling: only the deletion.
      service(12, 'DeleteKey', '2026-11-08T10:00:00Z'),
      // 20: created without key material, imported, then its material deleted.
      call(20, 'CreateKey', '2026-11-01T09:00:00Z', { origin: 'EXTERNAL', keySpec: 'SYMMETRIC_DEFAULT' }, {
        requestParameters: { origin: 'EXTERNAL', keySpec: 'SYMMETRIC_DEFAULT' },
        responseElements: { keyMetadata: { arn: key(20), keyId: id(20), origin: 'EXTERNAL', keyState: 'PendingImport' } },
      }),
      call(20, 'ImportKeyMaterial', '2026-11-01T10:00:00Z', { validTo: '2026-12-01T00:00:00Z', expirationModel: 'KEY_MATERIAL_EXPIRES' }),
      call(20, 'DeleteImportedKeyMaterial', '2026-11-05T10:00:00Z', MATERIAL, { responseElements: { keyId: key(20), ...MATERIAL } }),
      // 21: its material expired (KMS deletes it).
      service(21, 'DeleteExpiredKeyMaterial', '2026-11-05T10:00:00Z', MATERIAL),
      // 22: deleted, then imported again: usable.
      call(22, 'DeleteImportedKeyMaterial', '2026-11-05T10:00:00Z', MATERIAL),
      call(22, 'ImportKeyMaterial', '2026-11-06T10:00:00Z'),
      // 23: deleted and imported again in the same second, listed import first: usable.
      call(23, 'ImportKeyMaterial', '2026-11-05T10:00:00Z'),
      call(23, 'DeleteImportedKeyMaterial', '2026-11-05T10:00:00Z', MATERIAL),
      // 24: material gone, then disabled, then material back: unusable without a break since the material went.
      call(24, 'DeleteImportedKeyMaterial', '2026-11-02T10:00:00Z', MATERIAL),
      call(24, 'DisableKey', '2026-11-03T10:00:00Z'),
      call(24, 'ImportKeyMaterial', '2026-11-04T10:00:00Z'),
      // 25: material gone and back, later disabled: unusable since it was disabled.
      call(25, 'DeleteImportedKeyMaterial', '2026-11-02T10:00:00Z', MATERIAL),
      call(25, 'ImportKeyMaterial', '2026-11-03T10:00:00Z'),
      call(25, 'DisableKey', '2026-11-10T10:00:00Z'),
      // 26: created without key material and never imported.
      call(26, 'CreateKey', '2026-11-01T10:00:00Z', {}, {
        requestParameters: { origin: 'EXTERNAL', keySpec: 'SYMMETRIC_DEFAULT' },
        responseElements: { keyMetadata: { arn: key(26), keyId: id(26), origin: 'EXTERNAL', keyState: 'PendingImport' } },
      }),
      // 27: material deleted, then the key scheduled and deleted: deleted, not pending import.
      call(27, 'DeleteImportedKeyMaterial', '2026-11-01T10:00:00Z', MATERIAL),
      schedule(27, '2026-11-02T10:00:00Z'),
      service(27, 'DeleteKey', '2026-11-09T10:00:00Z'),
      // 40-44: several key materials (2025): material imported for an on-demand rotation is pending until it.
      // 40: first material, new material imported for a rotation, that pending material deleted: still usable.
      ...materials(40, [['ImportKeyMaterial', '01', 'A', 'NEW_KEY_MATERIAL'], ['ImportKeyMaterial', '02', 'B', 'NEW_KEY_MATERIAL'], ['DeleteImportedKeyMaterial', '03', 'B']]),
      // 41: rotated to the new material, which is then deleted: pending import.
      ...materials(41, [['ImportKeyMaterial', '01', 'A', 'NEW_KEY_MATERIAL'], ['ImportKeyMaterial', '02', 'B', 'NEW_KEY_MATERIAL'], ['RotateKeyOnDemand', '03'], ['DeleteImportedKeyMaterial', '04', 'B']]),
      // 42: rotated, then the earlier (non-current) material deleted: pending import too.
      ...materials(42, [['ImportKeyMaterial', '01', 'A', 'NEW_KEY_MATERIAL'], ['ImportKeyMaterial', '02', 'B', 'NEW_KEY_MATERIAL'], ['RotateKeyOnDemand', '03'], ['DeleteImportedKeyMaterial', '04', 'A']]),
      // 43: the current material deleted; new material imported for a rotation does not bring the key back, the old one does.
      ...materials(43, [['ImportKeyMaterial', '01', 'A', 'NEW_KEY_MATERIAL'], ['DeleteImportedKeyMaterial', '02', 'A'], ['ImportKeyMaterial', '03', 'B', 'NEW_KEY_MATERIAL']]),
      ...materials(44, [['ImportKeyMaterial', '01', 'A', 'NEW_KEY_MATERIAL'], ['DeleteImportedKeyMaterial', '02', 'A'], ['ImportKeyMaterial', '03', 'B', 'NEW_KEY_MATERIAL'], ['ImportKeyMaterial', '04', 'A', 'EXISTING_KEY_MATERIAL']]),
      // 45: pending material expired (KMS's event names it): still usable.
      ...materials(45, [['ImportKeyMaterial', '01', 'A', 'NEW_KEY_MATERIAL'], ['ImportKeyMaterial', '02', 'B', 'NEW_KEY_MATERIAL']]),
      service(45, 'DeleteExpiredKeyMaterial', '2026-11-05T10:00:00Z', { keyMaterialId: 'B'.repeat(64) }),
      // 30: rotated automatically; the EnableKeyRotation is older than the logs.
      service(30, 'RotateKey', '2026-11-21T01:41:59Z', { rotationType: 'AUTOMATIC', keyOrigin: 'AWS_KMS' }),
      // 31: an older RotateKey record: no rotationType, always automatic.
      service(31, 'RotateKey', '2026-11-14T01:41:59Z'),
      // 32: rotated on demand only: says nothing about automatic rotation.
      call(32, 'RotateKeyOnDemand', '2026-11-05T10:00:00Z', {}, { responseElements: { keyId: id(32) } }),
      service(32, 'RotateKey', '2026-11-05T10:00:01Z', { rotationType: 'ON_DEMAND', keyOrigin: 'AWS_KMS' }),
      // 33: turned off, then rotated automatically (turned on again before or outside the logs): on.
      call(33, 'DisableKeyRotation', '2026-11-01T10:00:00Z'),
      service(33, 'RotateKey', '2026-11-10T10:00:00Z', { rotationType: 'AUTOMATIC' }),
      // 34: rotated automatically, then turned off: off.
      service(34, 'RotateKey', '2026-11-01T10:00:00Z', { rotationType: 'AUTOMATIC' }),
      call(34, 'DisableKeyRotation', '2026-11-10T10:00:00Z'),
      // 35: the same in one second, listed the other way round: it rotated while on, so off.
      call(35, 'DisableKeyRotation', '2026-11-10T10:00:00Z'),
      service(35, 'RotateKey', '2026-11-10T10:00:00Z', { rotationType: 'AUTOMATIC' }),
      // 36: turned on with a period, then rotated automatically: on, the period still known.
      call(36, 'EnableKeyRotation', '2026-11-01T10:00:00Z', { rotationPeriodInDays: 90 }, { userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/Alice', accountId: '111122223333', principalId: 'AIDAEXAMPLE' } }),
      service(36, 'RotateKey', '2026-11-10T10:00:00Z', { rotationType: 'AUTOMATIC' }),
      // 38: turned on with a period, then off: no period.
      call(38, 'EnableKeyRotation', '2026-11-01T10:00:00Z', { rotationPeriodInDays: 90 }),
      call(38, 'DisableKeyRotation', '2026-11-02T10:00:00Z'),
      // 37: turned off, then rotated on demand: still off.
      call(37, 'DisableKeyRotation', '2026-11-01T10:00:00Z'),
      call(37, 'RotateKeyOnDemand', '2026-11-05T10:00:00Z'),
      service(37, 'RotateKey', '2026-11-05T10:00:01Z', { rotationType: 'ON_DEMAND' }),
    ]);
    s3 = await tempStore();
    await ingestPaths(s3.db, [root]);
    rows = new Map((await runQuery(s3.engine, keyStatus, { to: new Date('2026-11-30T00:00:00Z') })).rows.map((r) => [r.keyArn, r]));
  });
  afterAll(() => s3.close());
  const get = (n: number) => {
    const r = rows.get(key(n));
    if (!r) throw new Error(`no row for key ${n}`);
    return r;
  };
  const state = (n: number) => {
    const r = get(n);
    return { deleted: r.deleted, deletedAt: r.deletedAt, pendingDeletion: r.pendingDeletion, disabled: r.disabled, pendingImport: r.pendingImport, unusableSince: r.unusableSince };
  };
  const at = (d: string) => `${d}.000Z`;

  it('a key KMS deleted (the DeleteKey service event) is deleted, neither pending deletion nor disabled, unusable since its spell began', () => {
    expect(state(10)).toEqual({ deleted: true, deletedAt: at('2026-11-08T10:00:00'), pendingDeletion: false, disabled: false, pendingImport: false, unusableSince: at('2026-11-01T10:00:00') });
    expect(state(11)).toEqual({ deleted: true, deletedAt: at('2026-11-08T10:00:00'), pendingDeletion: false, disabled: false, pendingImport: false, unusableSince: at('2026-10-30T10:00:00') });
    expect(state(12)).toEqual({ deleted: true, deletedAt: at('2026-11-08T10:00:00'), pendingDeletion: false, disabled: false, pendingImport: false, unusableSince: at('2026-11-08T10:00:00') });
    expect(state(27)).toEqual({ deleted: true, deletedAt: at('2026-11-09T10:00:00'), pendingDeletion: false, disabled: false, pendingImport: false, unusableSince: at('2026-11-01T10:00:00') });
  });

  it('as of a time before the deletion, the key is pending deletion, not deleted', async () => {
    const before = new Map((await runQuery(s3.engine, keyStatus, { to: new Date('2026-11-05T00:00:00Z') })).rows.map((r) => [r.keyArn, r]));
    expect([before.get(key(10))?.pendingDeletion, before.get(key(10))?.deleted, before.get(key(10))?.deletedAt]).toEqual([true, false, null]);
  });

  it('deleted or expired key material makes a key pending import, and unusable, until it is imported again', () => {
    const none = { deleted: false, deletedAt: null, pendingDeletion: false };
    expect(state(20)).toEqual({ ...none, disabled: false, pendingImport: true, unusableSince: at('2026-11-05T10:00:00') });
    expect(state(21)).toEqual({ ...none, disabled: false, pendingImport: true, unusableSince: at('2026-11-05T10:00:00') });
    expect(state(22)).toEqual({ ...none, disabled: false, pendingImport: false, unusableSince: null });
    // Same second: deleted before imported again, whatever the order in the file.
    expect(state(23)).toEqual({ ...none, disabled: false, pendingImport: false, unusableSince: null });
    // One unusable spell from the material's deletion, through the disabling, to now.
    expect(state(24)).toEqual({ ...none, disabled: true, pendingImport: false, unusableSince: at('2026-11-02T10:00:00') });
    expect(state(25)).toEqual({ ...none, disabled: true, pendingImport: false, unusableSince: at('2026-11-10T10:00:00') });
    // A key created without key material is unusable from its creation.
    expect(state(26)).toEqual({ ...none, disabled: false, pendingImport: true, unusableSince: at('2026-11-01T10:00:00') });
  });

  it('an import that expires says when (its validTo, as CloudTrail wrote it); one that does not, nothing', () => {
    expect(rows.get(key(20))?.materialValidTo).toBe('2026-12-01T00:00:00Z');
    expect(rows.get(key(22))?.materialValidTo).toBeNull();
    expect(rows.get(key(10))?.materialValidTo).toBeNull();
  });

  it('material imported for an on-demand rotation is pending until the rotation: its loss leaves the key usable, its import brings nothing back', () => {
    const none = { deleted: false, deletedAt: null, pendingDeletion: false, disabled: false };
    expect(state(40)).toEqual({ ...none, pendingImport: false, unusableSince: null });
    expect(state(41)).toEqual({ ...none, pendingImport: true, unusableSince: at('2026-11-04T10:00:00') });
    expect(state(42)).toEqual({ ...none, pendingImport: true, unusableSince: at('2026-11-04T10:00:00') });
    expect(state(43)).toEqual({ ...none, pendingImport: true, unusableSince: at('2026-11-02T10:00:00') });
    expect(state(44)).toEqual({ ...none, pendingImport: false, unusableSince: null });
    expect(state(45)).toEqual({ ...none, pendingImport: false, unusableSince: null });
  });

  it('an automatic rotation is evidence that rotation is on; the latest of Enable, Disable and automatic RotateKey decides', () => {
    const rot = (n: number) => {
      const r = get(n);
      return [r.rotationEnabled, r.rotationEvidence, r.rotationEvidenceAt, r.rotationPeriodDays];
    };
    expect(rot(30)).toEqual([true, 'RotateKey', at('2026-11-21T01:41:59'), null]);
    expect([get(30).rotationChangedAt, get(30).lastRotated, get(30).lastRotationType]).toEqual([null, at('2026-11-21T01:41:59'), 'AUTOMATIC']);
    expect(rot(31)).toEqual([true, 'RotateKey', at('2026-11-14T01:41:59'), null]);
    expect(get(31).lastRotationType).toBe('AUTOMATIC');
    // On demand only: no evidence about automatic rotation, but a rotation all the same.
    expect(rot(32)).toEqual([null, null, null, null]);
    expect([get(32).lastRotated, get(32).lastRotationType]).toEqual([at('2026-11-05T10:00:01'), 'ON_DEMAND']);
    expect(rot(33)).toEqual([true, 'RotateKey', at('2026-11-10T10:00:00'), null]);
    // The latest change is still the DisableKeyRotation, older than the evidence.
    expect(get(33).rotationChangedAt).toBe(at('2026-11-01T10:00:00'));
    expect(rot(34)).toEqual([false, 'DisableKeyRotation', at('2026-11-10T10:00:00'), null]);
    expect(rot(35)).toEqual([false, 'DisableKeyRotation', at('2026-11-10T10:00:00'), null]);
    expect(rot(36)).toEqual([true, 'RotateKey', at('2026-11-10T10:00:00'), 90]);
    expect([get(36).rotationChangedAt, get(36).rotationChangedBy]).toEqual([at('2026-11-01T10:00:00'), 'arn:aws:iam::111122223333:user/Alice']);
    expect(rot(37)).toEqual([false, 'DisableKeyRotation', at('2026-11-01T10:00:00'), null]);
    expect(get(37).lastRotationType).toBe('ON_DEMAND');
    expect(rot(38)).toEqual([false, 'DisableKeyRotation', at('2026-11-02T10:00:00'), null]);
  });
});

/**
 * A multi-Region key's primary and replicas share one key id and account and differ only in their
 * Region. Automatic rotation is a shared property (AWS KMS API reference, ReplicateKey and
 * UpdatePrimaryRegion: "key material, key ID, key spec, key usage, key material origin, and
 * automatic key rotation"): Enable/DisableKeyRotation and RotateKeyOnDemand are called on the
 * primary only, and its rotations apply to every replica. Key state (enabled, disabled, pending
 * deletion) is not shared. Hand-built records; every expected value is read off them.
 */
