import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { keyAliases, keyNames, keysOverview, kpis } from './catalog';
import { storesPerTest } from '../test/store-per-test';
import { runQuery } from './define';

/**
 * keys_overview's names for a key, from hand-written alias history: the alias is
 * the latest successful alias evidence (alias changes, or a call naming the key
 * by alias that also lists it), over all the logs; failed calls and deletions
 * are not evidence. Counts are for the range only.
 */
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111';
const KID = '11111111-1111-4111-8111-111111111111';
const alias = (name: string, eventName: string, at: string, over: Record<string, unknown> = {}) =>
  kmsRecord({ eventName, eventTime: at, requestParameters: { aliasName: name, targetKeyId: KID }, resources: [], ...over });

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  const root = tempDir();
  writeTrailFile(root, 'names', [
    alias('alias/first', 'CreateAlias', '2026-11-01T10:00:00Z'),
    alias('alias/second', 'UpdateAlias', '2026-11-02T10:00:00Z'),
    // Later, but failed or a deletion: neither names the key.
    alias('alias/denied', 'CreateAlias', '2026-11-03T10:00:00Z', { errorCode: 'AccessDeniedException', errorMessage: 'no' }),
    alias('alias/first', 'DeleteAlias', '2026-11-04T10:00:00Z'),
    // Uses in the range: 2 calls, 1 failed, 1 principal.
    kmsRecord({ eventTime: '2026-11-20T12:00:00Z' }),
    kmsRecord({ eventTime: '2026-11-20T13:00:00Z', errorCode: 'KMSInvalidStateException', errorMessage: 'x' }),
  ]);
  store = await tempStore();
  await ingestPaths(store.db, [root]);
});
afterAll(() => store.close());

describe('keys_overview', () => {
  it('names a key by its latest successful alias, lists every alias it had, and counts the range only', async () => {
    const res = await runQuery(store.engine, keysOverview, { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
    expect(res.rows).toHaveLength(1);
    const k = res.rows[0];
    expect(k.keyArn).toBe(KEY);
    expect(k.alias).toBe('alias/second');
    expect(k.aliases?.split(', ').sort()).toEqual(['alias/first', 'alias/second']);
    expect([k.calls, k.errors, k.principals]).toEqual([2, 1, 1]);
  });

  it("key_aliases: each alias's first and last evidence on the key; a failed change is none", async () => {
    const rows = (await runQuery(store.engine, keyAliases, { keyArn: KEY })).rows;
    expect(rows.map((r) => [r.alias, r.firstSeen, r.lastSeen])).toEqual([
      ['alias/second', '2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z'],
      ['alias/first', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'],
    ]);
  });
});

describe('keys_overview: an alias belongs to the key it points to now', () => {
  const key = (n: number) => `arn:aws:kms:us-east-1:111122223333:key/${n}${n}${n}${n}${n}${n}${n}${n}-0000-4000-8000-000000000000`;
  const change = (eventName: string, name: string, target: string, at: string) =>
    kmsRecord({ eventName, eventTime: at, requestParameters: { aliasName: name, targetKeyId: target }, resources: [] });
  const use = (k: string) => kmsRecord({ eventTime: '2026-11-20T12:00:00Z', resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: k }] });
  let s2: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    const root = tempDir();
    writeTrailFile(root, 'moves', [
      change('CreateAlias', 'alias/moving', key(3), '2026-11-01T10:00:00Z'),
      change('UpdateAlias', 'alias/moving', key(4), '2026-11-05T10:00:00Z'),
      change('CreateAlias', 'alias/gone', key(5), '2026-11-01T10:00:00Z'),
      // As CloudTrail logs a deletion: the alias name, and the key it pointed to in resources.
      kmsRecord({
        eventName: 'DeleteAlias',
        eventTime: '2026-11-06T10:00:00Z',
        requestParameters: { aliasName: 'alias/gone' },
        resources: [
          { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:111122223333:alias/gone' },
          { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(5) },
        ],
      }),
      // Deleted and re-created on another key in the same second, listed re-creation first.
      change('CreateAlias', 'alias/again', key(8), '2026-11-08T10:00:00Z'),
      kmsRecord({
        eventName: 'DeleteAlias',
        eventTime: '2026-11-08T10:00:00Z',
        requestParameters: { aliasName: 'alias/again' },
        resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(7) }],
      }),
      change('CreateAlias', 'alias/again', key(7), '2026-11-02T10:00:00Z'),
      use(key(7)),
      use(key(8)),
      // The same name in another region is another alias: it does not move this one.
      change('CreateAlias', 'alias/moving', key(6).replace('us-east-1', 'eu-west-1'), '2026-11-07T10:00:00Z'),
      use(key(3)),
      // Management after the last cryptographic call: last used, but not a cryptographic use.
      kmsRecord({ eventName: 'DescribeKey', eventTime: '2026-11-20T14:00:00Z', resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(3) }] }),
      use(key(4)),
      use(key(5)),
      use(key(6).replace('us-east-1', 'eu-west-1')),
      // Key 9 is deleted (DeleteKey deletes its aliases): alias/doomed goes with it; alias/kept had
      // moved to key 1 before, and stays there. A call after the deletion still lists key 9.
      change('CreateAlias', 'alias/doomed', key(9), '2026-11-01T10:00:00Z'),
      change('CreateAlias', 'alias/kept', key(9), '2026-11-01T10:00:00Z'),
      change('UpdateAlias', 'alias/kept', key(1), '2026-11-03T10:00:00Z'),
      kmsRecord({
        eventName: 'DeleteKey',
        eventType: 'AwsServiceEvent',
        eventTime: '2026-11-10T09:10:00Z',
        userIdentity: { accountId: '111122223333', invokedBy: 'AWS Internal' },
        requestParameters: null,
        resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(9) }],
      }),
      kmsRecord({
        eventTime: '2026-11-20T12:00:00Z',
        errorCode: 'NotFoundException',
        errorMessage: `Key '${key(9)}' does not exist`,
        resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key(9) }],
      }),
      use(key(1)),
    ]);
    s2 = await tempStore();
    await ingestPaths(s2.db, [root]);
  });
  afterAll(() => s2.close());

  it('moved: the new key has it, the old one keeps it only in its list; deleted: no key has it', async () => {
    const res = await runQuery(s2.engine, keysOverview, { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
    const by = new Map(res.rows.map((r) => [r.keyArn, r]));
    expect(by.get(key(3))?.alias).toBeNull();
    expect(by.get(key(3))?.aliases).toBe('alias/moving');
    expect([by.get(key(3))?.lastUsed, by.get(key(3))?.lastCryptoUse]).toEqual(['2026-11-20T14:00:00.000Z', '2026-11-20T12:00:00.000Z']);
    expect(by.get(key(4))?.alias).toBe('alias/moving');
    expect(by.get(key(5))?.alias).toBeNull();
    // Same second: the deletion came before the re-creation, whatever order the file lists them in.
    expect(by.get(key(7))?.alias).toBeNull();
    expect(by.get(key(8))?.alias).toBe('alias/again');
    expect(by.get(key(6).replace('us-east-1', 'eu-west-1'))?.alias).toBe('alias/moving');
    // A deleted key has no alias left; the one moved off it before is on its new key.
    expect(by.get(key(9))?.alias).toBeNull();
    expect(by.get(key(9))?.aliases).toBe('alias/doomed, alias/kept');
    expect(by.get(key(1))?.alias).toBe('alias/kept');
  });

  it('key_names names each key by the alias it has now, the same as the keys list; moved-from and deleted keys have none', async () => {
    const rows = (await runQuery(s2.engine, keyNames, {})).rows;
    expect(new Map(rows.map((r) => [r.keyArn, r.alias]))).toEqual(
      new Map([
        [key(4), 'alias/moving'],
        [key(8), 'alias/again'],
        [key(6).replace('us-east-1', 'eu-west-1'), 'alias/moving'],
        [key(1), 'alias/kept'],
      ]),
    );
  });

  it("the key page's aliases say which the key has now (key_aliases)", async () => {
    const current = async (n: number) =>
      (await runQuery(s2.engine, keyAliases, { keyArn: key(n) })).rows.map((r) => [r.alias, r.isCurrent] as const);
    expect(await current(3)).toEqual([['alias/moving', false]]);
    expect(await current(4)).toEqual([['alias/moving', true]]);
    expect(await current(7)).toEqual([['alias/again', false]]);
    expect(await current(8)).toEqual([['alias/again', true]]);
    expect((await current(9)).sort()).toEqual([
      ['alias/doomed', false],
      ['alias/kept', false],
    ]);
    expect(await current(1)).toEqual([['alias/kept', true]]);
    // Deleted on 11-06: last seen on the key when it was created (11-01), not at its deletion.
    const gone = (await runQuery(s2.engine, keyAliases, { keyArn: key(5) })).rows;
    expect(gone).toEqual([{ alias: 'alias/gone', firstSeen: '2026-11-01T10:00:00.000Z', lastSeen: '2026-11-01T10:00:00.000Z', isCurrent: false }]);
  });
});

describe('a key id KMS never found', () => {
  const storeWith = storesPerTest();
  // AWS's documentation example key id, as a real trail's DescribeKey probe names it.
  const PROBED = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const notFound = (keyArn: string, at: string) =>
    kmsRecord({
      eventName: 'DescribeKey',
      eventTime: at,
      errorCode: 'NotFoundException',
      errorMessage: `Key '${keyArn}' does not exist`,
      requestParameters: { keyId: keyArn },
      resources: undefined,
    });
  const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };

  it('is listed with its NotFoundException calls counted, and is not an active key', async () => {
    const store = await storeWith([
      notFound(PROBED, '2026-11-20T10:00:00Z'),
      notFound(PROBED, '2026-11-20T10:01:00Z'),
      kmsRecord({ eventTime: '2026-11-20T12:00:00Z' }),
      notFound(KEY, '2026-11-20T12:05:00Z'),
    ]);
    const rows = new Map((await runQuery(store.engine, keysOverview, window)).rows.map((r) => [r.keyArn, r]));
    expect(rows.get(PROBED)).toMatchObject({ calls: 2, errors: 2, notFound: 2 });
    expect(rows.get(KEY)).toMatchObject({ calls: 2, errors: 1, notFound: 1 });
    // KEY answered once: a key in use. PROBED never did.
    expect((await runQuery(store.engine, kpis, { ...window, keyArn: null })).rows[0]).toMatchObject({ calls: 4, activeKeys: 1 });
  });
});
