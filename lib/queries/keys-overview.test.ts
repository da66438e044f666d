import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import { keysOverview } from './catalog';
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
});
