import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../engines/duckdb/database';
import { ingestPaths } from '../ingest/ingest';
import { clearSample } from '../ingest/sample-flag';
import { kmsRecord, REAL_LOGS, tempDir, tempStore, writeTrailFile } from '../test/fixtures';

/**
 * The kms_keys rollup (queries/views/kms_keys.sql) kept by the embedded store:
 * after every ingest it must equal a plain-JS aggregation of the stored events,
 * and it must exist in a store written before it.
 */
type Store = Awaited<ReturnType<typeof tempStore>>;
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const rows = (db: Database, sql: string) => db.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

async function expectRollupMatchesEvents(db: Database): Promise<number> {
  const events = await rows(db, 'SELECT key_arn, event_ts FROM kms_events WHERE key_arn IS NOT NULL');
  const want = new Map<string, { first: number; last: number; n: number }>();
  for (const e of events) {
    const t = (e.event_ts as Date).getTime();
    const w = want.get(String(e.key_arn)) ?? { first: t, last: t, n: 0 };
    want.set(String(e.key_arn), { first: Math.min(w.first, t), last: Math.max(w.last, t), n: w.n + 1 });
  }
  const got = await rows(db, 'SELECT key_arn, first_seen, last_seen, events FROM kms_keys');
  expect(
    new Map(got.map((g) => [String(g.key_arn), { first: (g.first_seen as Date).getTime(), last: (g.last_seen as Date).getTime(), n: Number(g.events) }])),
  ).toEqual(want);
  return want.size;
}

describe('kms_keys rollup', () => {
  it('matches the stored events after each ingest, and is emptied with the sample', async () => {
    store = await tempStore();
    await ingestPaths(store.db, [REAL_LOGS], { sample: true });
    const before = await expectRollupMatchesEvents(store.db);
    expect(before).toBeGreaterThan(0);
    const other = 'arn:aws:kms:eu-west-1:444455556666:key/99999999-9999-4999-8999-999999999999';
    const root = tempDir();
    writeTrailFile(root, 'more', [kmsRecord({ resources: [{ ARN: other, type: 'AWS::KMS::Key', accountId: '444455556666' }] })]);
    await ingestPaths(store.db, [root], { sample: true });
    expect(await expectRollupMatchesEvents(store.db)).toBe(before + 1);
    await clearSample(store.db);
    expect(await rows(store.db, 'SELECT * FROM kms_keys')).toEqual([]);
  });

  it('is refreshed only when events were added, or when a killed run left it stale', async () => {
    store = await tempStore();
    const root = tempDir();
    writeTrailFile(root, 'a', [kmsRecord(), kmsRecord()]);
    await ingestPaths(store.db, [root]);
    const generation = store.db.generation;
    // Nothing new (a watcher tick): the cached answers stay valid and nothing is rebuilt.
    await store.db.withConnection((c) => c.run('DELETE FROM kms_keys'));
    await ingestPaths(store.db, [root]);
    expect(store.db.generation).toBe(generation);
    expect(await rows(store.db, 'SELECT * FROM kms_keys')).toEqual([]);
    // A run killed after committing its events but before the refresh leaves the mark set.
    await store.db.withConnection((c) => c.run(`UPDATE keytrail_meta SET v = '1' WHERE k = 'rollups_stale'`));
    await ingestPaths(store.db, [root]);
    expect(store.db.generation).toBeGreaterThan(generation);
    expect(await expectRollupMatchesEvents(store.db)).toBe(1);
  });

  it('is built when a store from before it is opened', async () => {
    const file = path.join(tempDir(), 'old.duckdb');
    let db = await Database.open(file);
    await ingestPaths(db, [REAL_LOGS]);
    await db.withConnection((c) => c.run('DROP TABLE kms_keys'));
    db.close();
    db = await Database.open(file);
    try {
      expect(await expectRollupMatchesEvents(db)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe('kms_alias_keys rollup', () => {
  /** Each (alias, key) pair with successful evidence in the stored events, counted in plain JS. */
  async function pairsFromEvents(db: Database): Promise<string[]> {
    const events = await rows(db, 'SELECT alias_name, key_arn, errorcode FROM kms_events');
    const pairs = new Set<string>();
    for (const e of events) if (e.alias_name !== null && e.key_arn !== null && e.errorcode === null) pairs.add(`${e.alias_name} ${e.key_arn}`);
    return [...pairs].sort();
  }
  const rollupPairs = async (db: Database) =>
    (await rows(db, 'SELECT alias_name, key_arn FROM kms_alias_keys')).map((r) => `${r.alias_name} ${r.key_arn}`).sort();

  it('holds every alias and key the events pair, after each ingest, and is emptied with the sample', async () => {
    store = await tempStore();
    await ingestPaths(store.db, [REAL_LOGS], { sample: true });
    const before = await pairsFromEvents(store.db);
    // The real trail names its keys by AWS-managed aliases (alias/aws/ssm, alias/aws/secretsmanager).
    expect(before.length).toBeGreaterThan(0);
    expect(await rollupPairs(store.db)).toEqual(before);
    const key = 'arn:aws:kms:eu-west-1:444455556666:key/99999999-9999-4999-8999-999999999999';
    const root = tempDir();
    writeTrailFile(root, 'alias', [
      kmsRecord({
        eventName: 'CreateAlias',
        awsRegion: 'eu-west-1',
        readOnly: false,
        requestParameters: { aliasName: 'alias/new-one', targetKeyId: key },
        resources: [{ ARN: key, type: 'AWS::KMS::Key', accountId: '444455556666' }],
      }),
    ]);
    await ingestPaths(store.db, [root], { sample: true });
    const after = await pairsFromEvents(store.db);
    expect(after).toEqual([...before, `alias/new-one ${key}`].sort());
    expect(await rollupPairs(store.db)).toEqual(after);
    await clearSample(store.db);
    expect(await rows(store.db, 'SELECT * FROM kms_alias_keys')).toEqual([]);
  });

  it('is built when a store from before it is opened', async () => {
    const file = path.join(tempDir(), 'old-aliases.duckdb');
    let db = await Database.open(file);
    await ingestPaths(db, [REAL_LOGS]);
    await db.withConnection((c) => c.run('DROP TABLE kms_alias_keys'));
    db.close();
    db = await Database.open(file);
    try {
      expect(await rollupPairs(db)).toEqual(await pairsFromEvents(db));
      expect((await rollupPairs(db)).length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

/** A management call (eventName) on `key`, as KMS logs one; override any field. */
const callOn =
  (key: string) =>
  (eventName: string, over: Record<string, unknown> = {}) =>
    kmsRecord({ eventName, readOnly: false, requestParameters: { keyId: key }, resources: [{ ARN: key, type: 'AWS::KMS::Key' }], ...over });

/** A rollup (as `read` reads it) of a store holding `records`, opened again after `meddle` left it as some run would. */
async function reopened<T>(
  records: Record<string, unknown>[],
  meddle: (c: DuckDBConnection) => Promise<unknown>,
  read: (db: Database) => Promise<T[]>,
): Promise<T[]> {
  const file = path.join(tempDir(), 'rollup.duckdb');
  let db = await Database.open(file);
  const root = tempDir();
  writeTrailFile(root, 'f', records);
  await ingestPaths(db, [root]);
  await db.withConnection(meddle);
  db.close();
  db = await Database.open(file);
  try {
    return (await read(db)).sort();
  } finally {
    db.close();
  }
}

describe('kms_key_changes rollup', () => {
  // What key_status reads: the successful state changes, counted here in plain JS over the records.
  const CHANGES = new Set(['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey', 'RotateKeyOnDemand', 'EnableKey', 'DisableKey']);
  CHANGES.add('ScheduleKeyDeletion').add('CancelKeyDeletion').add('DeleteKey').add('CreateKey');
  CHANGES.add('ImportKeyMaterial').add('DeleteImportedKeyMaterial').add('DeleteExpiredKeyMaterial');
  const key = 'arn:aws:kms:us-east-1:111122223333:key/77777777-7777-4777-8777-777777777777';
  const call = callOn(key);
  const changed = async (db: Database) =>
    (await rows(db, 'SELECT eventname FROM kms_key_changes ORDER BY event_ts, eventname')).map((r) => String(r.eventname));

  it('holds each successful state change after every ingest (not failed ones, not other calls), and is cleared with the sample', async () => {
    store = await tempStore();
    const first = [
      call('CreateKey', { eventTime: '2026-11-20T10:00:00Z' }),
      call('Decrypt', { eventTime: '2026-11-20T10:01:00Z' }),
      call('DisableKey', { eventTime: '2026-11-20T10:02:00Z', errorCode: 'AccessDenied', errorMessage: 'no' }),
    ];
    const root = tempDir();
    writeTrailFile(root, 'first', first);
    await ingestPaths(store.db, [root], { sample: true });
    const want = (recs: Record<string, unknown>[]) => recs.filter((r) => CHANGES.has(String(r.eventName)) && !r.errorCode).map((r) => r.eventName);
    expect(await changed(store.db)).toEqual(want(first));
    const second = [call('DisableKey', { eventTime: '2026-11-20T11:00:00Z' }), call('Encrypt', { eventTime: '2026-11-20T11:01:00Z' })];
    writeTrailFile(root, 'second', second);
    await ingestPaths(store.db, [root], { sample: true });
    expect(await changed(store.db)).toEqual(want([...first, ...second]));
    expect(await changed(store.db)).toEqual(['CreateKey', 'DisableKey']);
    await clearSample(store.db);
    expect(await changed(store.db)).toEqual([]);
  });

  it('catches up when the store opens after an ingest that stopped before its refresh', async () => {
    // As a killed ingest leaves it: events stored and marked, the rollup not refreshed.
    const stale = async (c: DuckDBConnection) => {
      await c.run('DELETE FROM kms_key_changes');
      await c.run(`UPDATE keytrail_meta SET v = '1' WHERE k = 'rollups_stale'`);
    };
    expect(await reopened([call('CreateKey'), call('DisableKey')], stale, changed)).toEqual(['CreateKey', 'DisableKey']);
  });

  it('is built when a store from before it is opened', async () => {
    const before = (c: DuckDBConnection) => c.run('DROP TABLE kms_key_changes');
    expect(await reopened([call('CreateKey'), call('EnableKeyRotation')], before, changed)).toEqual(['CreateKey', 'EnableKeyRotation']);
  });
});

describe('kms_lifecycle rollup', () => {
  // What key_lifecycle and lifecycle_changes read: every lifecycle change, failed ones too (hand-listed here).
  const LIFECYCLE = new Set(['CreateKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey']);
  for (const n of ['PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'CreateAlias', 'UpdateAlias', 'DeleteAlias']) LIFECYCLE.add(n);
  for (const n of ['ImportKeyMaterial', 'DeleteImportedKeyMaterial', 'DeleteExpiredKeyMaterial', 'EnableKeyRotation']) LIFECYCLE.add(n);
  for (const n of ['DisableKeyRotation', 'RotateKey', 'RotateKeyOnDemand', 'ReplicateKey', 'UpdatePrimaryRegion']) LIFECYCLE.add(n);
  for (const n of ['TagResource', 'UntagResource', 'UpdateKeyDescription']) LIFECYCLE.add(n);
  const key = 'arn:aws:kms:us-east-1:111122223333:key/88888888-8888-4888-8888-888888888888';
  const call = callOn(key);
  // An EBS volume attach: a grant the service makes for its own work, to a principal of the key's account.
  const ebsGrant = (over: Record<string, unknown> = {}) =>
    call('CreateGrant', {
      userIdentity: { type: 'AssumedRole', accountId: '111122223333', invokedBy: 'ec2.amazonaws.com' },
      requestParameters: { keyId: key, granteePrincipal: 'arn:aws:iam::111122223333:role/ebs', operations: ['Decrypt'] },
      ...over,
    });
  const listed = async (db: Database) =>
    (await rows(db, 'SELECT eventname, errorcode, routine FROM kms_lifecycle ORDER BY event_ts, eventname')).map(
      (r) => `${String(r.eventname)}${r.errorcode ? ` (${String(r.errorcode)})` : ''}${r.routine ? ' routine' : ''}`,
    );

  it('holds every lifecycle change after each ingest, failed ones too, with routine service grants marked', async () => {
    store = await tempStore();
    const records = [
      call('CreateKey', { eventTime: '2026-11-20T10:00:00Z' }),
      call('Decrypt', { eventTime: '2026-11-20T10:01:00Z' }),
      call('PutKeyPolicy', { eventTime: '2026-11-20T10:02:00Z', errorCode: 'AccessDenied', errorMessage: 'no' }),
      ebsGrant({ eventTime: '2026-11-20T10:03:00Z' }),
      // The same grant to another account: not routine, whoever made it.
      ebsGrant({
        eventTime: '2026-11-20T10:04:00Z',
        requestParameters: { keyId: key, granteePrincipal: 'arn:aws:iam::999988887777:root', operations: ['Decrypt'] },
      }),
      call('TagResource', { eventTime: '2026-11-20T10:05:00Z' }),
    ];
    const root = tempDir();
    writeTrailFile(root, 'first', records.slice(0, 3));
    await ingestPaths(store.db, [root]);
    writeTrailFile(root, 'second', records.slice(3));
    await ingestPaths(store.db, [root]);
    expect((await listed(store.db)).map((l) => l.split(' ')[0])).toEqual(
      records.map((r) => String(r.eventName)).filter((n) => LIFECYCLE.has(n)),
    );
    expect(await listed(store.db)).toEqual([
      'CreateKey',
      'PutKeyPolicy (AccessDenied)',
      'CreateGrant routine',
      'CreateGrant',
      'TagResource',
    ]);
  });

  it('is built when a store from before it is opened', async () => {
    const before = (c: DuckDBConnection) => c.run('DROP TABLE kms_lifecycle');
    expect(await reopened([call('CreateKey'), call('Encrypt'), call('UpdateKeyDescription')], before, listed)).toEqual([
      'CreateKey',
      'UpdateKeyDescription',
    ]);
  });
});
