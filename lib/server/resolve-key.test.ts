import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';

/**
 * A key reference that matches several keys: a bare multi-Region key id (one key per Region it is
 * replicated to) and an alias name created in several Regions. Hand-built records; the expected
 * order is written out: the most recently seen first, a tie by ARN (plain string order).
 */
const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const replica = (region: string) => `arn:aws:kms:${region}:111122223333:key/${MRK}`;
const KEY_ID = (n: number) => `${String(n).repeat(8)}-0000-4000-8000-000000000000`;
const plain = (region: string, n: number) => `arn:aws:kms:${region}:111122223333:key/${KEY_ID(n)}`;
const use = (arn: string, at: string) =>
  kmsRecord({ eventTime: at, awsRegion: arn.split(':')[3], resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: arn }] });
const createAlias = (region: string, n: number, at: string) =>
  kmsRecord({
    eventName: 'CreateAlias',
    eventTime: at,
    awsRegion: region,
    readOnly: false,
    requestParameters: { aliasName: 'alias/app', targetKeyId: KEY_ID(n) },
    resources: [
      { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${region}:111122223333:alias/app` },
      { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: plain(region, n) },
    ],
  });

let data: typeof import('./data');
beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'resolve.duckdb');
  const root = tempDir();
  writeTrailFile(root, 'refs', [
    // Four replicas last seen in the same second, listed in no particular order; one seen earlier.
    use(replica('us-west-2'), '2026-11-20T12:00:00Z'),
    use(replica('ap-southeast-2'), '2026-11-20T12:00:00Z'),
    use(replica('us-east-1'), '2026-11-20T12:00:00Z'),
    use(replica('eu-west-1'), '2026-11-20T12:00:00Z'),
    use(replica('sa-east-1'), '2026-11-19T12:00:00Z'),
    // alias/app created in three Regions in the same second.
    createAlias('us-west-2', 2, '2026-11-18T09:00:00Z'),
    createAlias('eu-central-1', 3, '2026-11-18T09:00:00Z'),
    createAlias('ap-northeast-1', 4, '2026-11-18T09:00:00Z'),
  ]);
  const { getStore } = await import('./store');
  const { ingestPaths } = await import('../ingest/ingest');
  await ingestPaths((await getStore()).db!, [root]);
  data = await import('./data');
});
afterAll(async () => (await (await import('./store')).getStore()).db!.close());

describe('resolving a key reference that matches several keys', () => {
  it('a bare multi-Region key id: the most recently seen replica, a tie broken by ARN, and every match listed', async () => {
    const expected = ['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2', 'sa-east-1'].map(replica);
    expect(await data.resolveKeyMatches(MRK)).toEqual({ keyArn: expected[0], matches: expected });
    expect(await data.resolveKeyRef(MRK)).toBe(expected[0]);
  });

  it('an alias name in several Regions: the same rule', async () => {
    const expected = [plain('ap-northeast-1', 4), plain('eu-central-1', 3), plain('us-west-2', 2)];
    expect(await data.resolveKeyMatches('alias/app')).toEqual({ keyArn: expected[0], matches: expected });
  });

  it('an alias name typed without its prefix ("app", as the pages show it) finds the same keys', async () => {
    expect(await data.resolveKeyMatches('app')).toEqual(await data.resolveKeyMatches('alias/app'));
  });

  it("an alias ARN names the alias of one account and Region: that one's key, or none", async () => {
    const aliasArn = (region: string, account = '111122223333') => `arn:aws:kms:${region}:${account}:alias/app`;
    expect(await data.resolveKeyMatches(aliasArn('eu-central-1'))).toEqual({
      keyArn: plain('eu-central-1', 3),
      matches: [plain('eu-central-1', 3)],
    });
    expect(await data.resolveKeyMatches(aliasArn('us-west-2'))).toEqual({
      keyArn: plain('us-west-2', 2),
      matches: [plain('us-west-2', 2)],
    });
    // No alias/app in us-east-1, nor in another account: not another Region's or account's key.
    await expect(data.resolveKeyMatches(aliasArn('us-east-1'))).rejects.toThrow('No key matches');
    await expect(data.resolveKeyMatches(aliasArn('eu-central-1', '999999999999'))).rejects.toThrow('No key matches');
    await expect(data.resolveKeyMatches('arn:aws-cn:kms:eu-central-1:111122223333:alias/app')).rejects.toThrow('No key matches');
  });

  it('an ARN matches one key', async () => {
    expect(await data.resolveKeyMatches(replica('us-east-1'))).toEqual({ keyArn: replica('us-east-1'), matches: [replica('us-east-1')] });
  });

  // Last: it empties a rollup. The rollups are rebuilt when an ingest ends, so during one a key's events can be stored before it is listed.
  it('a key the rollups do not list yet is found in the events', async () => {
    const { db } = await (await import('./store')).getStore();
    await db!.withConnection((c) => c.run('DELETE FROM kms_keys'));
    expect(await data.resolveKeyMatches(replica('sa-east-1'))).toEqual({ keyArn: replica('sa-east-1'), matches: [replica('sa-east-1')] });
    await expect(data.resolveKeyMatches('alias/none')).rejects.toThrow('No key matches "alias/none"');
    // The alias ARN's account and Region hold over the events too.
    await db!.withConnection((c) => c.run('DELETE FROM kms_alias_keys'));
    expect((await data.resolveKeyMatches('arn:aws:kms:us-west-2:111122223333:alias/app')).matches).toEqual([plain('us-west-2', 2)]);
    await expect(data.resolveKeyMatches('arn:aws:kms:us-east-1:111122223333:alias/app')).rejects.toThrow('No key matches');
  });
});
