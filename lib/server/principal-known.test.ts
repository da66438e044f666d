import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsRecord, tempDir, writeTrailFile } from '../test/fixtures';

/**
 * principalKnown, what decides a principal page's 404. kmsRecord's caller is a session of
 * AppRole; alice is written out below. Nobody is in no record.
 */
const ROLE = 'arn:aws:iam::111122223333:role/AppRole';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session';
const USER = 'arn:aws:iam::111122223333:user/alice';
const NOBODY = 'arn:aws:iam::999999999999:role/Nobody';
const user = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: USER, accountId: '111122223333', userName: 'alice' };

let data: typeof import('./data');
let ingest: (records: ReturnType<typeof kmsRecord>[]) => Promise<void>;
beforeAll(async () => {
  process.env.KEYTRAIL_DB = path.join(tempDir(), 'principal-known.duckdb');
  const { getStore } = await import('./store');
  const { ingestPaths } = await import('../ingest/ingest');
  ingest = async (records) => {
    const root = tempDir();
    writeTrailFile(root, 'batch', records);
    await ingestPaths((await getStore()).db!, [root]);
  };
  await ingest([kmsRecord({ eventTime: '2026-11-20T12:00:00Z' })]);
  data = await import('./data');
});
afterAll(async () => (await (await import('./store')).getStore()).db!.close());

describe('principalKnown', () => {
  it('knows a role by its calls and a session by its role, not a principal no record names', async () => {
    expect(await data.principalKnown(ROLE)).toBe(true);
    expect(await data.principalKnown(SESSION)).toBe(true);
    expect(await data.principalKnown(USER)).toBe(false);
    expect(await data.principalKnown(NOBODY)).toBe(false);
  });

  it("files a role's calls under itself and a session's under its role (its page names the role)", async () => {
    expect(await data.principalFiledUnder(ROLE)).toBe(ROLE);
    expect(await data.principalFiledUnder(SESSION)).toBe(ROLE);
    expect(await data.principalFiledUnder(NOBODY)).toBeNull();
  });

  it('does not remember a miss: a principal the next ingest brings is known at once', async () => {
    expect(await data.principalKnown(USER)).toBe(false);
    await ingest([kmsRecord({ eventTime: '2026-11-21T10:00:00Z', userIdentity: user })]);
    expect(await data.principalKnown(USER)).toBe(true);
  });
});
