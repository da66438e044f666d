import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordQueries } from '../queries/define';
import { kmsRecord } from '../test/fixtures';
import { closeServerStore, serverStoreWith } from '../test/server-store';

/**
 * Key names for the events tables are read once a minute, not on every page: on Athena the alias
 * rollup is a view over all alias history, which paging through events would scan each time.
 */
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-4111-8111-111111111111';

beforeAll(async () => {
  await serverStoreWith([
    kmsRecord({
      eventName: 'CreateAlias',
      readOnly: false,
      requestParameters: { aliasName: 'alias/app-data', targetKeyId: KEY },
      resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: KEY }],
    }),
  ]);
});
afterAll(closeServerStore);

describe('keyNames', () => {
  it('reads the alias rollup once, then answers from memory', async () => {
    const { keyNames } = await import('./data');
    const first = await recordQueries(() => keyNames());
    expect(first.result.get(KEY)).toBe('alias/app-data');
    expect(first.queries.map((q) => q.name)).toEqual(['key_names']);
    const again = await recordQueries(() => keyNames());
    expect(again.result.get(KEY)).toBe('alias/app-data');
    expect(again.queries).toEqual([]);
  });
});
