import { afterEach, describe, expect, it } from 'vitest';
import { ingestPaths } from './ingest';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

/**
 * A role read off a session ARN (the key owner's copy of a cross-account call has no sessionIssuer)
 * takes its full ARN, path included, from a record that names it in full. Expected principals are
 * written by hand from the records below.
 */
const OWNER = '111122223333';
const CALLER = '444455556666';
const SSO_NAME = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef';
const SSO_ROLE = `arn:aws:iam::${CALLER}:role/aws-reserved/sso.amazonaws.com/${SSO_NAME}`;
const session = (name: string, issuer: string | null) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE:${name}-session`,
  arn: `arn:aws:sts::${CALLER}:assumed-role/${name}/erin@example.com`,
  accountId: CALLER,
  ...(issuer ? { sessionContext: { sessionIssuer: { type: 'Role', arn: issuer, accountId: CALLER, userName: name } } } : {}),
});
// The key owner's copy of a call from CALLER (no twin here), and CALLER's own call to its own key.
const ownerCopy = (id: string, name: string) =>
  kmsRecord({ eventID: id, sharedEventID: `shared-${id}`, recipientAccountId: OWNER, userIdentity: session(name, null) });
const ownCall = (id: string, name: string, issuer: string) =>
  kmsRecord({
    eventID: id,
    recipientAccountId: CALLER,
    userIdentity: session(name, issuer),
    resources: [
      { accountId: CALLER, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${CALLER}:key/22222222-2222-4222-8222-222222222222` },
    ],
  });

let store: Awaited<ReturnType<typeof tempStore>> | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function principalsAfter(runs: [string, Record<string, unknown>[]][][]): Promise<Map<string, string>> {
  store = await tempStore();
  for (const [i, files] of runs.entries()) {
    const root = tempDir();
    for (const [account, records] of files) writeTrailFile(root, `run${i}-${account}`, records, { account });
    await ingestPaths(store.db, [root]);
  }
  return store.db.withConnection(async (c) => {
    const rows = (await c.runAndReadAll('SELECT eventid, principal FROM kms_events')).getRowsJS();
    return new Map(rows.map((r) => [String(r[0]), String(r[1])]));
  });
}

describe('role paths', () => {
  it('a role read off a session ARN takes the path another record names it with, also when that record comes later', async () => {
    const p = await principalsAfter([
      [[OWNER, [ownerCopy('o1', SSO_NAME), ownerCopy('o2', 'PlainRole')]]],
      [[CALLER, [ownCall('c1', SSO_NAME, SSO_ROLE), ownCall('c2', 'PlainRole', `arn:aws:iam::${CALLER}:role/PlainRole`)]]],
    ]);
    expect(p.get('o1')).toBe(SSO_ROLE);
    expect(p.get('c1')).toBe(SSO_ROLE);
    // No path to find: as read off the session.
    expect(p.get('o2')).toBe(`arn:aws:iam::${CALLER}:role/PlainRole`);
  });

  it('without a record naming the role in full, or with two full names for it, the role stays as read off the session', async () => {
    const p = await principalsAfter([
      [
        [OWNER, [ownerCopy('o1', SSO_NAME), ownerCopy('o3', 'Twice')]],
        [
          CALLER,
          [ownCall('c3', 'Twice', `arn:aws:iam::${CALLER}:role/a/Twice`), ownCall('c4', 'Twice', `arn:aws:iam::${CALLER}:role/b/Twice`)],
        ],
      ],
    ]);
    expect(p.get('o1')).toBe(`arn:aws:iam::${CALLER}:role/${SSO_NAME}`);
    expect(p.get('o3')).toBe(`arn:aws:iam::${CALLER}:role/Twice`);
    expect(p.get('c3')).toBe(`arn:aws:iam::${CALLER}:role/a/Twice`);
  });
});
