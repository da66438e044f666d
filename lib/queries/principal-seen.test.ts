import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';
import * as Q from './catalog';
import { runQuery } from './define';

/** principal_seen, what an empty principal page says: counted by hand from the records below. */
let store: Awaited<ReturnType<typeof tempStore>> | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const ROLE = 'arn:aws:iam::111122223333:role/AppRole';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/AppRole/app-session';
const USER = 'arn:aws:iam::111122223333:user/alice';
const user = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: USER, accountId: '111122223333', userName: 'alice' };

describe('principal_seen', () => {
  it("counts a principal's calls over all the logs, names a session's role, and says nothing of a stranger", async () => {
    store = await tempStore();
    const root = tempDir();
    // kmsRecord's caller is SESSION, of ROLE: three calls; alice: one.
    writeTrailFile(root, 'a', [
      kmsRecord({ eventTime: '2026-11-20T12:00:00Z' }),
      kmsRecord({ eventTime: '2026-11-20T13:30:00Z', errorCode: 'AccessDenied' }),
      kmsRecord({ eventTime: '2026-11-20T09:15:00Z' }),
      kmsRecord({ eventTime: '2026-11-20T10:00:00Z', userIdentity: user }),
    ]);
    await ingestPaths(store.db, [root]);
    const seen = async (principal: string) => (await runQuery(store!.engine, Q.principalSeen, { principal })).rows[0];
    expect(await seen(ROLE)).toEqual({ calls: 3, firstSeen: '2026-11-20T09:15:00.000Z', lastSeen: '2026-11-20T13:30:00.000Z', sessionOf: null });
    expect(await seen(USER)).toEqual({ calls: 1, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T10:00:00.000Z', sessionOf: null });
    // A session's calls are its own (here every call of its role), and it names its role.
    expect(await seen(SESSION)).toEqual({ calls: 3, firstSeen: '2026-11-20T09:15:00.000Z', lastSeen: '2026-11-20T13:30:00.000Z', sessionOf: ROLE });
    expect(await seen('arn:aws:iam::999999999999:role/Nobody')).toEqual({ calls: 0, firstSeen: null, lastSeen: null, sessionOf: null });
  });
});
