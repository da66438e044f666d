import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

/**
 * Alias-only events (a denied call naming its key by alias, no resources) get the key the alias
 * pointed to at the time, whatever order the alias changes arrive in. Expected keys are read off
 * the hand-written timelines below.
 */
const ACCT = '111122223333';
const key = (n: number) => `arn:aws:kms:us-east-1:${ACCT}:key/${String(n).repeat(8)}-0000-4000-8000-000000000000`;
const aliasArn = (name: string) => `arn:aws:kms:us-east-1:${ACCT}:${name}`;

const aliasChange = (id: string, eventName: 'CreateAlias' | 'UpdateAlias' | 'DeleteAlias', name: string, target: number, at: string) =>
  kmsRecord({
    eventID: id,
    eventName,
    eventTime: at,
    readOnly: false,
    requestParameters: eventName === 'DeleteAlias' ? { aliasName: name } : { aliasName: name, targetKeyId: key(target) },
    resources: [
      { accountId: ACCT, type: 'AWS::KMS::Key', ARN: aliasArn(name) },
      { accountId: ACCT, type: 'AWS::KMS::Key', ARN: key(target) },
    ],
  });
const byAlias = (id: string, name: string, at: string, errorCode = 'AccessDeniedException') =>
  kmsRecord({ eventID: id, eventTime: at, errorCode, requestParameters: { keyId: name }, resources: undefined });

let store: Awaited<ReturnType<typeof tempStore>> | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function keysAfter(runs: Record<string, unknown>[][]): Promise<Map<string, string | null>> {
  store = await tempStore();
  for (const [i, records] of runs.entries()) {
    const root = tempDir();
    writeTrailFile(root, `run${i}`, records);
    await ingestPaths(store.db, [root]);
  }
  return store.db.withConnection(async (c) => {
    const rows = (await c.runAndReadAll('SELECT eventid, key_arn FROM kms_events')).getRowsJS();
    return new Map(rows.map((r) => [String(r[0]), r[1] === null ? null : String(r[1])]));
  });
}

describe('alias resolution', () => {
  it('follows an alias change that arrives in a later ingest (a late delivery)', async () => {
    const k = await keysAfter([
      [
        aliasChange('create', 'CreateAlias', 'alias/late', 3, '2026-11-03T10:00:00Z'),
        byAlias('denied', 'alias/late', '2026-11-16T10:00:00Z'),
      ],
      // Delivered later, dated before the denial: the alias had moved to key 4 by then.
      [aliasChange('update', 'UpdateAlias', 'alias/late', 4, '2026-11-10T10:00:00Z')],
    ]);
    expect(k.get('denied')).toBe(key(4));
    // The alias changes keep the keys they name themselves.
    expect(k.get('create')).toBe(key(3));
    expect(k.get('update')).toBe(key(4));
  });

  it('gives no key to a call made after the alias was deleted', async () => {
    const k = await keysAfter([
      [
        aliasChange('create', 'CreateAlias', 'alias/app', 2, '2026-11-01T10:00:00Z'),
        byAlias('before-delete', 'alias/app', '2026-11-05T10:00:00Z'),
        aliasChange('delete', 'DeleteAlias', 'alias/app', 2, '2026-11-18T08:00:00Z'),
        byAlias('after-delete', 'alias/app', '2026-11-18T12:00:00Z', 'NotFoundException'),
      ],
    ]);
    expect(k.get('before-delete')).toBe(key(2));
    expect(k.get('after-delete')).toBeNull();
  });

  it('re-created on another key: each call gets the key of its time, also when the deletion comes late', async () => {
    const k = await keysAfter([
      [
        aliasChange('create', 'CreateAlias', 'alias/app', 2, '2026-11-01T10:00:00Z'),
        byAlias('gap', 'alias/app', '2026-11-18T12:00:00Z', 'NotFoundException'),
        aliasChange('recreate', 'CreateAlias', 'alias/app', 1, '2026-11-19T10:00:00Z'),
        byAlias('after', 'alias/app', '2026-11-20T10:00:00Z'),
      ],
      [aliasChange('delete', 'DeleteAlias', 'alias/app', 2, '2026-11-18T08:00:00Z')],
    ]);
    expect(k.get('gap')).toBeNull();
    expect(k.get('after')).toBe(key(1));
  });

  it('before any alias event, takes the earliest after it, a deletion included (the alias existed until then)', async () => {
    const k = await keysAfter([
      [byAlias('early', 'alias/old', '2026-11-01T10:00:00Z'), aliasChange('delete', 'DeleteAlias', 'alias/old', 5, '2026-11-04T10:00:00Z')],
    ]);
    expect(k.get('early')).toBe(key(5));
  });

  it('before the first CreateAlias or UpdateAlias, no key: the alias did not exist, or pointed to a key the logs do not say', async () => {
    const k = await keysAfter([
      [
        byAlias('before-create', 'alias/new', '2026-11-02T08:00:00Z', 'NotFoundException'),
        aliasChange('create', 'CreateAlias', 'alias/new', 5, '2026-11-02T09:00:00Z'),
        byAlias('after-create', 'alias/new', '2026-11-02T10:00:00Z'),
        byAlias('before-update', 'alias/rot', '2026-11-02T08:30:00Z'),
        aliasChange('update', 'UpdateAlias', 'alias/rot', 6, '2026-11-02T09:30:00Z'),
        byAlias('after-update', 'alias/rot', '2026-11-02T10:30:00Z'),
      ],
    ]);
    expect(k.get('before-create')).toBeNull();
    expect(k.get('after-create')).toBe(key(5));
    expect(k.get('before-update')).toBeNull();
    expect(k.get('after-update')).toBe(key(6));
  });

  it("a deleted key's aliases end with it (DeleteKey deletes them), but not one moved off it before", async () => {
    const deleteKey = (id: string, target: number, at: string) =>
      kmsRecord({
        eventID: id,
        eventName: 'DeleteKey',
        eventType: 'AwsServiceEvent',
        eventTime: at,
        userIdentity: { accountId: ACCT, invokedBy: 'AWS Internal' },
        requestParameters: null,
        resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: key(target) }],
      });
    const k = await keysAfter([
      [
        aliasChange('create-old', 'CreateAlias', 'alias/old', 8, '2026-11-03T09:00:00Z'),
        byAlias('before-delete', 'alias/old', '2026-11-05T09:00:00Z'),
        // alias/moved was on key 8, then on key 9 before key 8 went.
        aliasChange('create-moved', 'CreateAlias', 'alias/moved', 8, '2026-11-03T09:00:00Z'),
        aliasChange('update-moved', 'UpdateAlias', 'alias/moved', 9, '2026-11-06T09:00:00Z'),
        deleteKey('delete-key', 8, '2026-11-10T09:10:00Z'),
        byAlias('after-delete', 'alias/old', '2026-11-11T09:00:00Z', 'NotFoundException'),
        byAlias('moved-after', 'alias/moved', '2026-11-11T09:00:00Z'),
      ],
    ]);
    expect(k.get('before-delete')).toBe(key(8));
    expect(k.get('after-delete')).toBeNull();
    expect(k.get('moved-after')).toBe(key(9));
  });

  it('orders one second as AWS must have: a use, then the deletion, then a creation anew, whatever the file order', async () => {
    const useOf = (id: string, name: string, target: number, at: string) =>
      kmsRecord({
        eventID: id,
        eventTime: at,
        requestParameters: { keyId: name },
        resources: [{ accountId: ACCT, type: 'AWS::KMS::Key', ARN: key(target) }],
      });
    const k = await keysAfter([
      [
        aliasChange('create-a', 'CreateAlias', 'alias/a', 1, '2026-11-01T10:00:00Z'),
        // Listed deletion first: the successful use in that second came before it.
        aliasChange('delete-a', 'DeleteAlias', 'alias/a', 1, '2026-11-05T10:00:00Z'),
        useOf('use-a', 'alias/a', 1, '2026-11-05T10:00:00Z'),
        byAlias('after-a', 'alias/a', '2026-11-05T10:00:05Z', 'NotFoundException'),
        aliasChange('create-b1', 'CreateAlias', 'alias/b', 1, '2026-11-01T10:00:00Z'),
        // Re-created on key 2 in the second it was deleted from key 1, listed re-creation first.
        aliasChange('create-b2', 'CreateAlias', 'alias/b', 2, '2026-11-06T10:00:00Z'),
        aliasChange('delete-b1', 'DeleteAlias', 'alias/b', 1, '2026-11-06T10:00:00Z'),
        byAlias('after-b', 'alias/b', '2026-11-06T10:00:05Z'),
      ],
    ]);
    expect(k.get('after-a')).toBeNull();
    expect(k.get('after-b')).toBe(key(2));
  });

  it('never touches a key the event names itself', async () => {
    const named = kmsRecord({
      eventID: 'named',
      eventTime: '2026-11-16T10:00:00Z',
      errorCode: 'AccessDeniedException',
      requestParameters: { keyId: 'alias/late' },
      resources: undefined,
      errorMessage: `User: x is not authorized to perform: kms:Decrypt on resource: ${key(7)}`,
    });
    const k = await keysAfter([[aliasChange('create', 'CreateAlias', 'alias/late', 3, '2026-11-03T10:00:00Z'), named]]);
    expect(k.get('named')).toBe(key(7));
  });
});
