import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSubquery, readSql } from '../../queries/sql-files';
import { COMPAT_MACROS, COMPAT_SETTINGS } from '../duckdb/compat';
import { ADDENDUM_TYPE, CLOUDTRAIL_COLUMNS, RESOURCES_TYPE, TLS_TYPE, USER_IDENTITY_TYPE } from '../duckdb/schema';
import { athenaRollupViewDdl, athenaView, athenaViewDdl } from './compat';
import { ROLLUPS } from '../../queries/rollups';

const view = asSubquery(readSql('views/kms_events.sql'));
const SOURCE_SUBQUERY = (t: string) => `FROM (SELECT *, "$path" AS source_file FROM ${t}) AS cloudtrail_logs`;

/** Undoes the rewrites compat.ts documents, so a test can show nothing else changed. */
const undo = (ddl: string, table = 'cloudtrail_logs') => {
  let sql = ddl
    .replace('CREATE OR REPLACE VIEW kms_events AS\n', '')
    .replace(SOURCE_SUBQUERY(table), 'FROM cloudtrail_logs')
    .replace(/\nSELECT\n {2}source_file,\n/, '\nSELECT\n')
    .replace(/\baccount AS event_account/, 'recipientaccountid AS event_account')
    .replace(/\bregion AS event_region/, 'awsregion AS event_region');
  if (view.includes('"$path" AS source_file')) sql = sql.replace(/\n {2}source_file,\n/, '\n  "$path" AS source_file,\n');
  return sql;
};
const code = (sql: string) => sql.replace(/--[^\n]*/g, '');
/** The view's output list: after its last top-level SELECT. */
const output = (ddl: string) => code(ddl.slice(ddl.lastIndexOf('\nSELECT\n')));

describe('the kms_events view for Athena', () => {
  it('is the same derivation DuckDB runs at ingest, plus the documented rewrites only', () => {
    const ddl = athenaViewDdl('cloudtrail_logs');
    expect(ddl.startsWith('CREATE OR REPLACE VIEW kms_events AS\n')).toBe(true);
    expect(athenaViewDdl()).toBe(ddl);
    expect(undo(ddl)).toBe(view);
    expect(ddl).not.toMatch(/;\s*$/);
  });

  it('names each row’s delivery file ("$path") as source_file, and has no raw column', () => {
    const ddl = athenaViewDdl('cloudtrail_logs');
    expect(ddl).toContain(SOURCE_SUBQUERY('cloudtrail_logs'));
    // "$path" is read in the subquery only: past the table itself it is not a column.
    expect(code(ddl).match(/"\$path"/g)).toHaveLength(1);
    expect(output(ddl).match(/\bsource_file\b/g)).toHaveLength(1);
    expect(code(ddl)).not.toMatch(/\braw\b/);
  });

  it('reads another table when configured, and only the source changes', () => {
    const ddl = athenaViewDdl('org_trail');
    expect(ddl).toContain(SOURCE_SUBQUERY('org_trail'));
    expect(ddl).not.toMatch(/FROM cloudtrail_logs\b/);
    expect(undo(ddl, 'org_trail')).toBe(view);
  });

  it('with account/region partitions, event_account and event_region come from them (so filters on them prune)', () => {
    const plain = athenaViewDdl('org_trail');
    const ddl = athenaViewDdl('org_trail', { accountRegionPartitions: true });
    expect(plain).toContain('recipientaccountid AS event_account');
    expect(plain).toContain('awsregion AS event_region');
    expect(ddl).toContain('  account AS event_account,\n');
    expect(ddl).toContain('  region AS event_region,\n');
    expect(ddl).not.toContain('recipientaccountid AS event_account');
    expect(ddl).not.toContain('awsregion AS event_region');
    expect(undo(ddl, 'org_trail')).toBe(view);
    expect(athenaViewDdl('org_trail', { accountRegionPartitions: false })).toBe(plain);
  });

  it.each(['x; DROP TABLE y', 'trail logs', 'db.table', 'Trail', '`t`', '"t"', '', 'cloudtrail_logs -- x'])('refuses %j', (t) => {
    expect(() => athenaViewDdl(t)).toThrow(/Invalid table name/);
  });
});

describe('the rewrites fail loudly when the view text changes under them', () => {
  const body =
    'WITH base AS (\n  SELECT *\n  FROM cloudtrail_logs\n)\nSELECT\n  recipientaccountid AS event_account,\n  awsregion AS event_region\nFROM base';

  it('rewrites a minimal view', () => {
    expect(athenaView(body, 't', { accountRegionPartitions: true })).toBe(
      `WITH base AS (\n  SELECT *\n  ${SOURCE_SUBQUERY('t')}\n)\nSELECT\n  source_file,\n  account AS event_account,\n  region AS event_region\nFROM base`,
    );
  });

  it('reads "$path" AS source_file (the embedded engine’s staged column) from the subquery', () => {
    const withPath = body.replace('SELECT\n  recipientaccountid', 'SELECT\n  "$path" AS source_file,\n  recipientaccountid');
    expect(athenaView(withPath, 't')).toBe(
      `WITH base AS (\n  SELECT *\n  ${SOURCE_SUBQUERY('t')}\n)\nSELECT\n  source_file,\n  recipientaccountid AS event_account,\n  awsregion AS event_region\nFROM base`,
    );
  });

  it.each([
    ['no FROM cloudtrail_logs', body.replace('FROM cloudtrail_logs', 'FROM other'), /"FROM cloudtrail_logs" exactly once \(found 0\)/],
    ['two FROM cloudtrail_logs', `${body} JOIN (SELECT 1 FROM cloudtrail_logs) x`, /exactly once \(found 2\)/],
    ['no top-level SELECT', body.replace('\nSELECT\n', '\n  SELECT\n'), /top-level SELECT/],
    [
      'event_account derived otherwise',
      body.replace('recipientaccountid AS', 'useridentity.accountid AS'),
      /"recipientaccountid AS event_account" exactly once/,
    ],
    [
      'event_region derived otherwise',
      body.replace('awsregion AS event_region', 'lower(awsregion) AS event_region_x'),
      /"awsregion AS event_region" exactly once/,
    ],
    [
      '"$path" used otherwise',
      body.replace('SELECT\n  recipientaccountid', 'SELECT\n  "$path" AS file,\n  recipientaccountid'),
      /"\$path" only as/,
    ],
    [
      '"$path" AS source_file twice',
      body.replace('SELECT\n  recipientaccountid', 'SELECT\n  "$path" AS source_file, "$path" AS source_file,\n  recipientaccountid'),
      /at most once/,
    ],
  ])('%s', (_, text, error) => {
    expect(() => athenaView(text, 't', { accountRegionPartitions: true })).toThrow(error);
  });

  it('does not add source_file twice when the view already passes it through (a comment naming it does not count)', () => {
    const through = body.replace('SELECT\n  recipientaccountid', 'SELECT\n  source_file,\n  recipientaccountid');
    expect(athenaView(through, 't').match(/source_file,/g)).toHaveLength(1);
    const commented = body.replace('SELECT\n  recipientaccountid', 'SELECT\n  -- not source_file, nor "$path"\n  recipientaccountid');
    expect(athenaView(commented, 't')).toContain('\nSELECT\n  source_file,\n');
  });
});

/**
 * The rewritten view, run for real: DuckDB with the compat macros stands in for
 * Athena, and a table with the partition columns and a column literally named
 * "$path" stands in for the Hive table and its hidden column.
 */
describe('the rewritten view runs', () => {
  let instance: DuckDBInstance;
  let c: DuckDBConnection;
  const TYPES: Partial<Record<(typeof CLOUDTRAIL_COLUMNS)[number], string>> = {
    useridentity: USER_IDENTITY_TYPE,
    resources: RESOURCES_TYPE,
    addendum: ADDENDUM_TYPE,
    tlsdetails: TLS_TYPE,
  };
  const columns = CLOUDTRAIL_COLUMNS.map((col) => `${col} ${TYPES[col] ?? 'VARCHAR'}`).join(', ');
  const file = 's3://org-trail/AWSLogs/o-abcdefghij/444455556666/CloudTrail/eu-west-1/2026/03/01/f.json.gz';

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    c = await instance.connect();
    for (const s of [...COMPAT_SETTINGS, ...COMPAT_MACROS]) await c.run(s);
    for (const [table, partitions] of [
      ['org_trail', 'account VARCHAR, region VARCHAR, "timestamp" VARCHAR'],
      ['cloudtrail_logs', '"timestamp" VARCHAR'],
    ]) {
      await c.run(`CREATE TABLE ${table} (${columns}, ${partitions}, "$path" VARCHAR)`);
      // Account and region deliberately differ from the record's own fields, to show which one the view reads.
      const parts = table === 'org_trail' ? `'444455556666', 'eu-west-1', ` : '';
      await c.run(
        `INSERT INTO ${table} (eventid, eventsource, eventname, eventtime, recipientaccountid, awsregion, ${table === 'org_trail' ? 'account, region, ' : ''}"timestamp", "$path")
         VALUES ('e-1', 'kms.amazonaws.com', 'Decrypt', '2026-03-01T10:00:00Z', '111122223333', 'us-east-1', ${parts}'2026/03/01', '${file}'),
                ('e-2', 's3.amazonaws.com', 'GetObject', '2026-03-01T10:00:00Z', '111122223333', 'us-east-1', ${parts}'2026/03/01', '${file}')`,
      );
    }
  });
  afterAll(() => {
    c?.closeSync();
    instance?.closeSync();
  });

  const read = async (ddl: string) => {
    await c.run(ddl);
    return (await c.runAndReadAll('SELECT eventid, source_file, event_account, event_region FROM kms_events')).getRowObjectsJS();
  };

  it('without account/region partitions: the record’s own account and region, and its file', async () => {
    expect(await read(athenaViewDdl('cloudtrail_logs'))).toEqual([
      { eventid: 'e-1', source_file: file, event_account: '111122223333', event_region: 'us-east-1' },
    ]);
  });

  it('with them: account and region from the partitions', async () => {
    expect(await read(athenaViewDdl('org_trail', { accountRegionPartitions: true }))).toEqual([
      { eventid: 'e-1', source_file: file, event_account: '444455556666', event_region: 'eu-west-1' },
    ]);
  });
});

describe('the rollups as views for Athena', () => {
  it('are the rollup queries the embedded store keeps as tables, unchanged, each over kms_events or a rollup listed before it', () => {
    expect(ROLLUPS).toEqual(['kms_keys', 'kms_alias_keys', 'kms_lifecycle', 'kms_key_changes', 'kms_key_hours']);
    for (const name of ROLLUPS) {
      expect(athenaRollupViewDdl(name)).toBe(`CREATE OR REPLACE VIEW ${name} AS\n${asSubquery(readSql(`views/${name}.sql`))}`);
      const sources = [...readSql(`views/${name}.sql`).matchAll(/\bFROM\s+(\w+)/gi)].map((m) => m[1]).filter((s) => s.startsWith('kms_'));
      expect(sources.length, name).toBeGreaterThan(0);
      // Built in list order: a rollup reads the events or one built before it, never one after.
      for (const s of sources) expect(['kms_events', ...ROLLUPS.slice(0, ROLLUPS.indexOf(name))], `${name} reads ${s}`).toContain(s);
    }
  });
});
