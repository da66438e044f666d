import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../ingest/ingest';
import { eventsCount, keysOverview } from './catalog';
import { runQuery } from './define';
import { kmsRecord, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

/**
 * A cross-account KMS call is logged twice, in the caller's account and in the key owner's, with
 * one sharedEventID (and an eventID each). With both accounts in the data (an organization trail,
 * or one bucket for several accounts), it must count once, under the caller as its own account
 * names it. The embedded store pairs the copies at ingest (lib/ingest/staging.ts) and keeps the
 * caller's; an owner's copy whose twin is not in the data is all there is, and it counts.
 */
const WORK = '111122223333'; // the caller's account
const SEC = '444455556666'; // owns KEY_S
const FOREIGN = '777788889999'; // owns KEY_F; not in the data
const KEY_S = `arn:aws:kms:us-east-1:${SEC}:key/5e5e5e5e-5e5e-4e5e-8e5e-5e5e5e5e5e5e`;
const KEY_F = `arn:aws:kms:us-east-1:${FOREIGN}:key/f0f0f0f0-f0f0-4f0f-8f0f-f0f0f0f0f0f0`;
const KEY_W = `arn:aws:kms:us-east-1:${WORK}:key/11111111-1111-4111-8111-111111111111`;
const ROLE = `arn:aws:iam::${WORK}:role/apps/AppRole`; // a role with a path
const SESSION = `arn:aws:sts::${WORK}:assumed-role/AppRole/batch-7`;

const keyRes = (arn: string) => [{ accountId: arn.split(':')[4], type: 'AWS::KMS::Key', ARN: arn }];
/** The caller's account logs its role's session in full. */
const callerIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAWORKROLE:batch-7',
  arn: SESSION,
  accountId: WORK,
  sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAWORKROLE', arn: ROLE, accountId: WORK, userName: 'AppRole' } },
};

const callerCopies = [
  kmsRecord({ eventID: 'c1', sharedEventID: 'S1', userIdentity: callerIdentity, resources: keyRes(KEY_S) }),
  kmsRecord({ eventID: 'c2', sharedEventID: 'S2', eventName: 'GenerateDataKey', userIdentity: callerIdentity, resources: keyRes(KEY_S) }),
  // A denied cross-account call is logged in the caller's account only: no sharedEventID.
  kmsRecord({
    eventID: 'd3', errorCode: 'AccessDenied', userIdentity: callerIdentity, resources: undefined,
    errorMessage: `User: ${SESSION} is not authorized to perform: kms:Decrypt on resource: ${KEY_S}`,
  }),
  // A key whose owner is not in the data: the caller's copy is the only one here.
  kmsRecord({ eventID: 'f4', sharedEventID: 'S4', userIdentity: callerIdentity, resources: keyRes(KEY_F) }),
  kmsRecord({ eventID: 'own5', userIdentity: callerIdentity, resources: keyRes(KEY_W) }),
];
const ownerCopies = [
  // The owner's account sees the caller without sessionContext, or only by account.
  kmsRecord({
    eventID: 'o1', sharedEventID: 'S1', recipientAccountId: SEC, resources: keyRes(KEY_S),
    userIdentity: { type: 'AssumedRole', principalId: 'AROAWORKROLE:batch-7', arn: SESSION, accountId: WORK },
  }),
  kmsRecord({
    eventID: 'o2', sharedEventID: 'S2', eventName: 'GenerateDataKey', recipientAccountId: SEC, resources: keyRes(KEY_S),
    userIdentity: { type: 'AWSAccount', principalId: 'AROAWORKROLE:batch-7', accountId: WORK },
  }),
  kmsRecord({
    eventID: 'own6', eventName: 'DescribeKey', recipientAccountId: SEC, resources: keyRes(KEY_S),
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${SEC}:user/keyadmin`, accountId: SEC },
  }),
  // A service's call that carries a sharedEventID but names no other account: kept.
  kmsRecord({
    eventID: 'svc7', sharedEventID: 'S7', eventName: 'DescribeKey', recipientAccountId: SEC, resources: keyRes(KEY_S),
    userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
  }),
];

/** The plain count: one call per sharedEventID (or eventID), under the key its record names. */
function callsPerKey(records: Record<string, unknown>[]): Record<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const r of records) {
    const key =
      (r.resources as { ARN: string }[] | undefined)?.[0]?.ARN ?? /arn:aws:kms:[^ ]+:key\/[0-9a-f-]+/.exec(String(r.errorMessage))![0];
    const call = String(r.sharedEventID ?? r.eventID);
    seen.set(key, (seen.get(key) ?? new Set()).add(call));
  }
  return Object.fromEntries([...seen].map(([k, s]) => [k, s.size]));
}

function writeTrail(): string {
  const root = tempDir();
  writeTrailFile(root, 'work', callerCopies, { account: WORK });
  writeTrailFile(root, 'sec', ownerCopies, { account: SEC });
  return root;
}

async function stored(db: Awaited<ReturnType<typeof tempStore>>['db']) {
  return db.withConnection(async (c) => {
    const rows = (await c.runAndReadAll('SELECT eventid, key_arn, principal FROM kms_events ORDER BY eventid')).getRowObjectsJS();
    const perKey: Record<string, number> = {};
    for (const r of rows) perKey[String(r.key_arn)] = (perKey[String(r.key_arn)] ?? 0) + 1;
    return { ids: rows.map((r) => String(r.eventid)), perKey, rows };
  });
}

const BOTH = ['c1', 'c2', 'd3', 'f4', 'own5', 'own6', 'svc7'];

async function withStore(fn: (store: Awaited<ReturnType<typeof tempStore>>) => Promise<void>): Promise<void> {
  const store = await tempStore();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

describe('a cross-account call logged in both accounts', () => {
  it('counts once, from the caller’s copy, when both accounts are ingested together', async () => {
    for (const batchFiles of [undefined, 1]) {
      await withStore(async (store) => {
        const s = await ingestPaths(store.db, [writeTrail()], batchFiles ? { batchFiles } : {});
        const { ids, perKey, rows } = await stored(store.db);
        expect(ids, `batchFiles ${batchFiles}`).toEqual(BOTH);
        expect(perKey).toEqual(callsPerKey([...callerCopies, ...ownerCopies]));
        expect(perKey[KEY_S]).toBe(5);
        expect(s.copiesSkipped).toBe(2);
        // One principal for the role's calls on the key, its path included, denials too.
        expect(new Set(rows.filter((r) => ['c1', 'c2', 'd3'].includes(String(r.eventid))).map((r) => r.principal))).toEqual(new Set([ROLE]));
      });
    }
  });

  it('keyAccount lists every call on an account’s keys, whoever called; account, the calls its trail logged and KeyTrail kept', async () => {
    await withStore(async (store) => {
      await ingestPaths(store.db, [writeTrail()]);
      const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
      const count = async (f: { keyAccount?: string; account?: string }) =>
        (await runQuery(store.engine, eventsCount, { ...window, ...f })).rows[0].events;
      // Counted from the records: the calls on SEC's keys (one per call: the caller's copy is kept).
      const onSec = Object.entries(callsPerKey([...callerCopies, ...ownerCopies]))
        .filter(([k]) => k.split(':')[4] === SEC)
        .reduce((n, [, c]) => n + c, 0);
      expect(onSec).toBe(5);
      expect(await count({ keyAccount: SEC })).toBe(onSec);
      // SEC's own trail: only the calls it logged whose copy was kept (not the two paired with WORK's copies).
      const keptInSec = ownerCopies.filter((r) => !r.sharedEventID || !callerCopies.some((c) => c.sharedEventID === r.sharedEventID)).length;
      expect(await count({ account: SEC })).toBe(keptInSec);
      expect(keptInSec).toBeLessThan(onSec);
    });
  });

  it('counts the owner’s copy while the caller’s account is not in the data, and swaps it when it arrives', async () => {
    const root = writeTrail();
    await withStore(async (store) => {
      await ingestPaths(store.db, [path.join(root, 'AWSLogs', SEC)]);
      const before = await stored(store.db);
      expect(before.ids).toEqual(['o1', 'o2', 'own6', 'svc7']);
      expect(before.perKey).toEqual(callsPerKey(ownerCopies));

      const s = await ingestPaths(store.db, [root]);
      const after = await stored(store.db);
      expect(after.ids).toEqual(BOTH);
      expect(after.perKey).toEqual(callsPerKey([...callerCopies, ...ownerCopies]));
      expect(s.copiesSkipped).toBe(2);
      // What the key list shows: KEY_S has 5 calls, not 7, and 3 principals (the role, keyadmin, CloudTrail).
      const res = await runQuery(store.engine, keysOverview, { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
      const row = res.rows.find((r) => r.keyArn === KEY_S);
      expect([row?.calls, row?.principals]).toEqual([5, 3]);

      // Later deliveries, both accounts known by now: the view's own filter, no clean-up needed.
      writeTrailFile(root, 'work-2', [kmsRecord({ eventID: 'c8', sharedEventID: 'S8', userIdentity: callerIdentity, resources: keyRes(KEY_S) })], { account: WORK });
      writeTrailFile(root, 'sec-2', [kmsRecord({ eventID: 'o8', sharedEventID: 'S8', recipientAccountId: SEC, resources: keyRes(KEY_S), userIdentity: ownerCopies[1].userIdentity })], { account: SEC });
      const s3 = await ingestPaths(store.db, [root]);
      expect((await stored(store.db)).ids).toEqual([...BOTH.slice(0, 2), 'c8', ...BOTH.slice(2)]);
      expect([s3.eventsAdded, s3.copiesSkipped]).toEqual([1, 1]);
    });
  });

  it('keeps an owner’s copy whose twin is not here, though the caller’s account is', async () => {
    // WORK logs other KMS calls, but not this one (its trail logs one region, or leaves Decrypt out).
    const root = tempDir();
    writeTrailFile(root, 'work', [callerCopies[4]], { account: WORK });
    // An endpoint policy's denial, logged by the endpoint's owner with a sharedEventID: no twin either.
    const vpce = kmsRecord({
      eventID: 'v9', sharedEventID: 'S9', eventType: 'AwsVpceEvent', eventCategory: 'NetworkActivity', errorCode: 'VpceAccessDenied',
      recipientAccountId: SEC, resources: undefined, errorMessage: `The request was denied by the VPC endpoint policy for ${KEY_S}`,
      userIdentity: { type: 'AWSAccount', principalId: 'AROAWORKROLE:batch-7', accountId: WORK },
    });
    writeTrailFile(root, 'sec', [ownerCopies[0], vpce], { account: SEC });
    await withStore(async (store) => {
      const s = await ingestPaths(store.db, [root]);
      const { ids, rows } = await stored(store.db);
      expect(ids).toEqual(['o1', 'own5', 'v9']);
      expect([s.eventsAdded, s.copiesSkipped]).toEqual([3, 0]);
      // The session ARN has no path; the caller's own record of another call names the role in full
      // (lib/ingest/resolve-role-paths.ts).
      expect(rows.find((r) => r.eventid === 'o1')?.principal).toBe(ROLE);
    });
  });

  it('keeps an owner’s copy whose only twin is a VPC endpoint’s copy (which is not stored), in one batch or two', async () => {
    // WORK logs the call through its endpoint only as network activity (no KMS management events):
    // that copy shares the call's sharedEventID but is left out like any endpoint copy.
    const endpointCopy = kmsRecord({
      eventID: 'e1', sharedEventID: 'S1', eventType: 'AwsVpceEvent', eventCategory: 'NetworkActivity',
      vpcEndpointId: 'vpce-0a1b2c3d4e5f', userIdentity: callerIdentity, resources: keyRes(KEY_S), requestParameters: null,
    });
    for (const batchFiles of [undefined, 1]) {
      const root = tempDir();
      writeTrailFile(root, 'work', [endpointCopy], { account: WORK });
      writeTrailFile(root, 'sec', [ownerCopies[0]], { account: SEC });
      await withStore(async (store) => {
        const s = await ingestPaths(store.db, [root], batchFiles ? { batchFiles } : {});
        expect((await stored(store.db)).ids, `batchFiles ${batchFiles}`).toEqual(['o1']);
        expect([s.eventsAdded, s.copiesSkipped]).toEqual([1, 1]); // the endpoint's copy
      });
    }
  });

  it('a batch of owner’s copies only, all paired: counted as copies, not as events added', async () => {
    const root = writeTrail();
    await withStore(async (store) => {
      await ingestPaths(store.db, [path.join(root, 'AWSLogs', WORK)]);
      const s = await ingestPaths(store.db, [root]);
      expect([s.eventsAdded, s.copiesSkipped]).toEqual([2, 2]); // own6 and svc7 are new; o1 and o2 are copies
      expect((await stored(store.db)).ids).toEqual(BOTH);
    });
  });
});
