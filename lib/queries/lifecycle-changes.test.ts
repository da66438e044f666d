import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { keyLifecycle, lifecycleChanges } from './catalog';
import { runQuery } from './define';

/**
 * The report's lifecycle section (lifecycle_changes) and the key page's timeline (key_lifecycle)
 * list the same kinds of change, so a change the key page shows is never missing from the report.
 */
const sqlOf = (file: string) => fs.readFileSync(path.join(__dirname, '../../queries', file), 'utf8');
const eventNames = (file: string) => {
  const list = /contains\(ARRAY\[([^\]]*)\], eventname\)/.exec(sqlOf(file))?.[1];
  if (!list) throw new Error(`no contains(ARRAY[…], eventname) in ${file}`);
  return [...list.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]);
};

const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const PRIMARY = `arn:aws:kms:us-east-1:111122223333:key/${MRK}`;
const IMPORTED = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const res = (arn: string) => [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: arn }];

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  const root = tempDir();
  writeTrailFile(root, 'lifecycle', [
    // Shapes from the AWS KMS developer guide: a replica made in another Region, the primary moved
    // there, and KMS deleting expired key material (a service event).
    kmsRecord({
      eventName: 'ReplicateKey',
      eventTime: '2026-11-20T10:00:00Z',
      readOnly: false,
      requestParameters: { keyId: PRIMARY, replicaRegion: 'us-west-2', bypassPolicyLockoutSafetyCheck: false, description: '' },
      resources: [...res(PRIMARY), ...res(PRIMARY.replace('us-east-1', 'us-west-2'))],
    }),
    kmsRecord({
      eventName: 'UpdatePrimaryRegion',
      eventTime: '2026-11-20T11:00:00Z',
      readOnly: false,
      requestParameters: { keyId: PRIMARY, primaryRegion: 'us-west-2' },
      resources: res(PRIMARY),
    }),
    kmsRecord({
      eventName: 'DeleteExpiredKeyMaterial',
      eventTime: '2026-11-20T12:00:00Z',
      userIdentity: { accountId: '111122223333', invokedBy: 'AWS Internal' },
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      requestParameters: null,
      requestID: undefined,
      readOnly: false,
      resources: res(IMPORTED),
      eventType: 'AwsServiceEvent',
      serviceEventDetails: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', keyMaterialId: 'a'.repeat(64) },
    }),
    // Tags (a key policy may grant by them) and the description, as the AWS KMS API reference's requests have them.
    kmsRecord({
      eventName: 'TagResource',
      eventTime: '2026-11-20T12:10:00Z',
      readOnly: false,
      requestParameters: { keyId: IMPORTED, tags: [{ tagKey: 'Project', tagValue: 'Alpha' }] },
      resources: res(IMPORTED),
    }),
    kmsRecord({
      eventName: 'UntagResource',
      eventTime: '2026-11-20T12:20:00Z',
      readOnly: false,
      requestParameters: { keyId: IMPORTED, tagKeys: ['Purpose', 'CostCenter'] },
      resources: res(IMPORTED),
    }),
    kmsRecord({
      eventName: 'UpdateKeyDescription',
      eventTime: '2026-11-20T12:30:00Z',
      readOnly: false,
      requestParameters: { keyId: IMPORTED, description: 'x'.repeat(500) },
      resources: res(IMPORTED),
    }),
    // Not a lifecycle change.
    kmsRecord({ eventTime: '2026-11-20T13:00:00Z', resources: res(IMPORTED) }),
  ]);
  store = await tempStore();
  await ingestPaths(store.db, [root]);
});
afterAll(() => store.close());

describe('lifecycle changes', () => {
  it('the report and the key page read the one list of changes, kms_lifecycle', () => {
    expect(eventNames('views/kms_lifecycle.sql').length).toBeGreaterThan(20);
    for (const file of ['keys/lifecycle_changes.sql', 'keys/key_lifecycle.sql']) {
      const sources = [...sqlOf(file).matchAll(/\bFROM\s+(\w+)/gi)].map((m) => m[1]);
      expect(sources, file).toContain('kms_lifecycle');
      expect(sources, file).not.toContain('kms_events');
    }
  });

  it('the report lists replica and primary-Region changes and expired key material, as the key page does', async () => {
    const to = new Date('2026-11-21T00:00:00Z');
    const rows = (await runQuery(store.engine, lifecycleChanges, { from: new Date('2026-11-20T00:00:00Z'), to })).rows;
    expect(rows.map((r) => [r.eventName, r.keyArn])).toEqual([
      ['ReplicateKey', PRIMARY],
      ['UpdatePrimaryRegion', PRIMARY],
      ['DeleteExpiredKeyMaterial', IMPORTED],
      ['TagResource', IMPORTED],
      ['UntagResource', IMPORTED],
      ['UpdateKeyDescription', IMPORTED],
    ]);
    const onKeyPage = [
      ...(await runQuery(store.engine, keyLifecycle, { keyArn: PRIMARY, to })).rows,
      ...(await runQuery(store.engine, keyLifecycle, { keyArn: IMPORTED, to })).rows,
    ];
    expect(onKeyPage.map((r) => r.eventName).sort()).toEqual(rows.map((r) => r.eventName).sort());
    // The key page says what changed: the tags set or removed, the new description (cut short).
    const detail = Object.fromEntries(onKeyPage.map((r) => [r.eventName, r.detail]));
    expect(detail.TagResource).toBe('[{"tagKey":"Project","tagValue":"Alpha"}]');
    expect(detail.UntagResource).toBe('["Purpose","CostCenter"]');
    expect(detail.UpdateKeyDescription).toBe('x'.repeat(200));
  });
});

/**
 * A multi-Region replica's rotation is its primary's (set there only, and rotated with it), so the
 * key page's timeline of a replica shows the rotation changes logged on the other keys of its
 * account and key id, with the key each was logged on; their other changes (policy, state) stay theirs.
 */
describe('key_lifecycle: a replica shows its primary rotation changes', () => {
  const REPLICA = PRIMARY.replace('us-east-1', 'eu-west-1');
  const OTHER_ACCOUNT = PRIMARY.replace('111122223333', '444455556666');
  const on = (arn: string, eventName: string, at: string) =>
    kmsRecord({ eventName, eventTime: at, awsRegion: arn.split(':')[3], readOnly: false, requestParameters: { keyId: MRK }, resources: [{ accountId: arn.split(':')[4], type: 'AWS::KMS::Key', ARN: arn }] });
  let s2: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    const root = tempDir();
    writeTrailFile(root, 'mrk', [
      on(PRIMARY, 'EnableKeyRotation', '2026-11-20T10:00:00Z'),
      on(PRIMARY, 'DisableKey', '2026-11-20T11:00:00Z'), // the primary's own state: not the replica's
      on(REPLICA, 'PutKeyPolicy', '2026-11-20T12:00:00Z'),
      on(PRIMARY, 'RotateKeyOnDemand', '2026-11-20T13:00:00Z'),
      on(OTHER_ACCOUNT, 'DisableKeyRotation', '2026-11-20T14:00:00Z'), // another account's key
      on(IMPORTED, 'EnableKeyRotation', '2026-11-20T15:00:00Z'), // a single-Region key
    ]);
    s2 = await tempStore();
    await ingestPaths(s2.db, [root]);
  });
  afterAll(() => s2.close());

  it("lists the replica's own changes and the rotation changes of its primary, with the key each was logged on", async () => {
    const to = new Date('2026-11-21T00:00:00Z');
    const rows = (await runQuery(s2.engine, keyLifecycle, { keyArn: REPLICA, to })).rows;
    expect(rows.map((r) => [r.eventName, r.keyArn])).toEqual([
      ['EnableKeyRotation', PRIMARY],
      ['PutKeyPolicy', REPLICA],
      ['RotateKeyOnDemand', PRIMARY],
    ]);
    // A single-Region key's timeline is its own.
    expect((await runQuery(s2.engine, keyLifecycle, { keyArn: IMPORTED, to })).rows.map((r) => [r.eventName, r.keyArn])).toEqual([
      ['EnableKeyRotation', IMPORTED],
    ]);
  });
});
