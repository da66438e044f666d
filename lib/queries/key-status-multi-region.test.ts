import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, kmsServiceEvent, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { keyStatus } from './catalog';
import { runQuery } from './define';

/**
 * key_status for multi-Region keys: rotation is set and done on the primary and shared with its
 * replicas (its account and mrk- key id); key state stays each key's own. Expectations by hand.
 */
describe('key_status: multi-Region keys share rotation, not lifecycle', () => {
  const OWN = '111122223333';
  const MRK_ON = 'mrk-1111aaaa11aa11aa11aa1111aaaa1111';
  const MRK_OFF = 'mrk-2222bbbb22bb22bb22bb2222bbbb2222';
  const PLAIN = '33333333-0000-4000-8000-000000000000';
  const arn = (region: string, id: string, account = OWN) => `arn:aws:kms:${region}:${account}:key/${id}`;
  const on = (keyArn: string, eventName: string, at: string, requestParameters: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
    kmsRecord({
      eventName,
      eventTime: at,
      awsRegion: keyArn.split(':')[3],
      readOnly: false,
      requestParameters: { keyId: keyArn.split('/').pop(), ...requestParameters },
      resources: [{ accountId: keyArn.split(':')[4], type: 'AWS::KMS::Key', ARN: keyArn }],
      ...over,
    });
  const alice = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${OWN}:user/Alice`, accountId: OWN, userName: 'Alice' };
  let s4: Awaited<ReturnType<typeof tempStore>>;
  let rows: Map<string, z.output<typeof keyStatus.row>>;
  beforeAll(async () => {
    const root = tempDir();
    writeTrailFile(root, 'mrk', [
      // MRK_ON: turned on (every 180 days) on the primary in us-east-1, then rotated there.
      on(arn('us-east-1', MRK_ON), 'EnableKeyRotation', '2026-11-01T10:00:00Z', { rotationPeriodInDays: 180 }, { userIdentity: alice }),
      kmsServiceEvent(arn('us-east-1', MRK_ON), 'RotateKey', '2026-11-10T10:00:00Z', { rotationType: 'AUTOMATIC' }),
      // Its replica in eu-west-1 is only used, and disabled there (not shared).
      kmsRecord({ eventTime: '2026-11-15T10:00:00Z', awsRegion: 'eu-west-1', resources: [{ accountId: OWN, type: 'AWS::KMS::Key', ARN: arn('eu-west-1', MRK_ON) }] }),
      on(arn('eu-west-1', MRK_ON), 'DisableKey', '2026-11-16T10:00:00Z'),
      // MRK_OFF: rotated on demand on the primary, then rotation turned off there; the replica in
      // us-west-2 is only used.
      on(arn('us-east-1', MRK_OFF), 'RotateKeyOnDemand', '2026-11-03T10:00:00Z'),
      kmsServiceEvent(arn('us-east-1', MRK_OFF), 'RotateKey', '2026-11-03T10:00:01Z', { rotationType: 'ON_DEMAND' }),
      on(arn('us-east-1', MRK_OFF), 'DisableKeyRotation', '2026-11-05T10:00:00Z'),
      kmsRecord({ eventTime: '2026-11-15T10:00:00Z', awsRegion: 'us-west-2', resources: [{ accountId: OWN, type: 'AWS::KMS::Key', ARN: arn('us-west-2', MRK_OFF) }] }),
      // The same mrk- id in another account is another key: it shares nothing.
      kmsRecord({ eventTime: '2026-11-15T10:00:00Z', resources: [{ accountId: '444455556666', type: 'AWS::KMS::Key', ARN: arn('us-east-1', MRK_ON, '444455556666') }] }),
      // A single-Region key id seen in two Regions (not a multi-Region key): each keeps its own.
      on(arn('us-east-1', PLAIN), 'EnableKeyRotation', '2026-11-01T10:00:00Z'),
      kmsRecord({ eventTime: '2026-11-15T10:00:00Z', awsRegion: 'eu-west-1', resources: [{ accountId: OWN, type: 'AWS::KMS::Key', ARN: arn('eu-west-1', PLAIN) }] }),
    ]);
    s4 = await tempStore();
    await ingestPaths(s4.db, [root]);
    rows = new Map((await runQuery(s4.engine, keyStatus, { to: new Date('2026-11-30T00:00:00Z') })).rows.map((r) => [r.keyArn, r]));
  });
  afterAll(() => s4.close());
  const at = (d: string) => `${d}.000Z`;
  const rotation = (keyArn: string) => {
    const r = rows.get(keyArn);
    if (!r) throw new Error(`no row for ${keyArn}`);
    const { rotationEnabled, rotationEvidence, rotationEvidenceAt, rotationEvidenceKeyArn, rotationChangedAt, rotationChangedBy, rotationPeriodDays, lastRotated, lastRotationType } = r;
    return { rotationEnabled, rotationEvidence, rotationEvidenceAt, rotationEvidenceKeyArn, rotationChangedAt, rotationChangedBy, rotationPeriodDays, lastRotated, lastRotationType };
  };

  it("a replica reads the rotation set and done on its primary in another Region, and says where", () => {
    const primaryOn = {
      rotationEnabled: true,
      rotationEvidence: 'RotateKey',
      rotationEvidenceAt: at('2026-11-10T10:00:00'),
      rotationEvidenceKeyArn: arn('us-east-1', MRK_ON),
      rotationChangedAt: at('2026-11-01T10:00:00'),
      rotationChangedBy: `arn:aws:iam::${OWN}:user/Alice`,
      rotationPeriodDays: 180,
      lastRotated: at('2026-11-10T10:00:00'),
      lastRotationType: 'AUTOMATIC',
    };
    expect(rotation(arn('us-east-1', MRK_ON))).toEqual(primaryOn);
    expect(rotation(arn('eu-west-1', MRK_ON))).toEqual(primaryOn);
    const off = {
      rotationEnabled: false,
      rotationEvidence: 'DisableKeyRotation',
      rotationEvidenceAt: at('2026-11-05T10:00:00'),
      rotationEvidenceKeyArn: arn('us-east-1', MRK_OFF),
      rotationChangedAt: at('2026-11-05T10:00:00'),
      rotationChangedBy: 'arn:aws:iam::111122223333:role/AppRole',
      rotationPeriodDays: null,
      lastRotated: at('2026-11-03T10:00:01'),
      lastRotationType: 'ON_DEMAND',
    };
    expect(rotation(arn('us-east-1', MRK_OFF))).toEqual(off);
    expect(rotation(arn('us-west-2', MRK_OFF))).toEqual(off);
  });

  it('key state stays per key: the disabled replica does not disable its primary', () => {
    expect([rows.get(arn('eu-west-1', MRK_ON))?.disabled, rows.get(arn('eu-west-1', MRK_ON))?.unusableSince]).toEqual([true, at('2026-11-16T10:00:00')]);
    expect([rows.get(arn('us-east-1', MRK_ON))?.disabled, rows.get(arn('us-east-1', MRK_ON))?.unusableSince]).toEqual([false, null]);
  });

  it('another account, or a single-Region key id in another Region, shares nothing', () => {
    const none = { rotationEnabled: null, rotationEvidence: null, rotationEvidenceAt: null, rotationEvidenceKeyArn: null, rotationChangedAt: null, rotationChangedBy: null, rotationPeriodDays: null, lastRotated: null, lastRotationType: null };
    expect(rotation(arn('us-east-1', MRK_ON, '444455556666'))).toEqual(none);
    expect(rotation(arn('eu-west-1', PLAIN))).toEqual(none);
    expect(rotation(arn('us-east-1', PLAIN))).toMatchObject({ rotationEnabled: true, rotationEvidence: 'EnableKeyRotation', rotationEvidenceKeyArn: arn('us-east-1', PLAIN), rotationPeriodDays: 365 });
  });
});
