import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_COLUMNS } from '../duckdb/schema';
import { athenaTableDdl, ddlColumns, hasAccountRegionPartitions, isTableName, type TableOptions } from './schema';

const org: TableOptions = {
  table: 'cloudtrail_logs',
  bucket: 'org-trail-bucket',
  orgId: 'o-k3yt7a1l01',
  accounts: ['111122223333', '444455556666'],
  regions: ['us-east-1', 'eu-west-1'],
};
const single: TableOptions = { table: 'cloudtrail_logs', bucket: 'my-trail', accounts: ['111122223333'], regions: ['eu-west-1'] };

describe('Athena table DDL', () => {
  it('declares every CloudTrail column, in order, with AWS’s SerDe and input format', () => {
    const ddl = athenaTableDdl(org);
    const names = [...ddl.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
    expect(names).toEqual([...CLOUDTRAIL_COLUMNS]);
    expect(ddl).toMatch(/^ {2}resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,$/m);
    expect(ddl).toContain('webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING,STRING>>');
    expect(ddl).toContain("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'");
    expect(ddl).toContain("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
    expect(ddl).toContain("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'");
  });

  it('single account and region: timestamp partition only, account and region in the template', () => {
    const ddl = athenaTableDdl({ ...single, prefix: 'trails/main/' });
    expect(ddl).toContain('PARTITIONED BY (`timestamp` STRING)');
    expect(ddl).toContain("'storage.location.template'='s3://my-trail/trails/main/AWSLogs/111122223333/CloudTrail/eu-west-1/${timestamp}'");
    expect(ddl).toContain("LOCATION 's3://my-trail/trails/main/AWSLogs/111122223333/CloudTrail/eu-west-1/'");
    expect(ddl).toContain("'projection.timestamp.range'='2020/01/01,NOW'");
    expect(ddl).toContain("'projection.timestamp.format'='yyyy/MM/dd'");
    expect(ddl).toContain("'projection.timestamp.interval.unit'='DAYS'");
    expect(ddl).not.toContain('projection.account');
  });

  it('organization trail: account, region and timestamp partitions with enum projections', () => {
    const ddl = athenaTableDdl({ ...org, from: '2024/01/01' });
    expect(ddl).toContain('PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)');
    expect(ddl).toContain("LOCATION 's3://org-trail-bucket/AWSLogs/o-k3yt7a1l01/'");
    expect(ddl).toContain(
      "'storage.location.template'='s3://org-trail-bucket/AWSLogs/o-k3yt7a1l01/${account}/CloudTrail/${region}/${timestamp}'",
    );
    expect(ddl).toContain("'projection.account.type'='enum'");
    expect(ddl).toContain("'projection.account.values'='111122223333,444455556666'");
    expect(ddl).toContain("'projection.region.values'='us-east-1,eu-west-1'");
    expect(ddl).toContain("'projection.timestamp.range'='2024/01/01,NOW'");
  });

  it('one account, several regions, no org: enum partitions under AWSLogs/', () => {
    const ddl = athenaTableDdl({ ...single, regions: ['eu-west-1', 'us-gov-west-1', 'cn-north-1'] });
    expect(ddl).toContain("'storage.location.template'='s3://my-trail/AWSLogs/${account}/CloudTrail/${region}/${timestamp}'");
    expect(ddl).toContain("'projection.account.values'='111122223333'");
  });

  it('an org trail with one account and region still uses the org layout', () => {
    const ddl = athenaTableDdl({ ...org, accounts: ['111122223333'], regions: ['us-east-1'] });
    expect(ddl).toContain('AWSLogs/o-k3yt7a1l01/${account}/CloudTrail/${region}/${timestamp}');
  });

  it.each<[string, Partial<TableOptions>]>([
    ['quote in bucket', { bucket: "b'; DROP TABLE x; --" }],
    ['upper-case bucket', { bucket: 'My-Bucket' }],
    ['bucket too short', { bucket: 'ab' }],
    ['bucket too long', { bucket: 'a'.repeat(64) }],
    ['bucket with ..', { bucket: 'a..b' }],
    ['bucket like an IP', { bucket: '192.168.1.1' }],
    ['bucket xn--', { bucket: 'xn--bucket' }],
    ['bucket -s3alias', { bucket: 'bucket-s3alias' }],
    ['bucket with slash', { bucket: 'bucket/AWSLogs' }],
    ['table with ;', { table: 'x; DROP' }],
    ['table with backtick', { table: 'x`y' }],
    ['table upper case', { table: 'CloudTrail' }],
    ['table with leading digit', { table: '1table' }],
    ['table with a dot', { table: 'db.table' }],
    ['account with quote', { accounts: ["1' OR '1"] }],
    ['account with 11 digits', { accounts: ['11112222333'] }],
    ['account with a comma', { accounts: ['111122223333,444455556666'] }],
    ['no accounts', { accounts: [] }],
    ['accounts missing', { accounts: undefined }],
    ['duplicate account', { accounts: ['111122223333', '111122223333'] }],
    ['region traversal', { regions: ['us-east-1/../../'] }],
    ['region with template', { regions: ['${account}'] }],
    ['region upper case', { regions: ['US-EAST-1'] }],
    ['no regions', { regions: [] }],
    ['prefix with quote', { prefix: "a'b" }],
    ['prefix traversal', { prefix: '../other' }],
    ['prefix inner traversal', { prefix: 'a/../b' }],
    ['prefix with template', { prefix: '${x}' }],
    ['prefix with space', { prefix: 'a b' }],
    ['prefix with newline', { prefix: "a\n') DROP" }],
    ['short org id', { orgId: 'o-x' }],
    ['org id with quote', { orgId: "o-abcdefghij'" }],
    ['day with dashes', { from: '2024-01-01' }],
    ['impossible day', { from: '2024/02/30' }],
    ['month 13', { from: '2024/13/01' }],
    ['day with quote', { from: "2024/01/01',NOW'" }],
  ])('refuses %s', (_name, over) => {
    expect(() => athenaTableDdl({ ...org, ...over })).toThrow(/Invalid|at least one|twice/);
  });

  it('accepts the edge of the rules', () => {
    expect(() => athenaTableDdl({ ...single, bucket: 'a.b-c' })).not.toThrow();
    expect(() => athenaTableDdl({ ...single, bucket: 'a'.repeat(63) })).not.toThrow();
    expect(() => athenaTableDdl({ ...single, from: '2024/02/29' })).not.toThrow();
    expect(() => athenaTableDdl({ ...single, regions: ['ap-southeast-5'] })).not.toThrow();
    expect(() => athenaTableDdl({ ...single, prefix: '' })).not.toThrow();
  });
});

describe('isTableName', () => {
  it.each(['cloudtrail_logs', 'trail2', 'a'])('accepts %s', (n) => expect(isTableName(n)).toBe(true));
  it.each(['', '_x', '1x', 'X', 'a-b', 'a b', 'a'.repeat(256), 'x"y'])('refuses %j', (n) => expect(isTableName(n)).toBe(false));
});

describe('hasAccountRegionPartitions (the view follows it: compat.ts)', () => {
  it.each<[string, TableOptions, boolean]>([
    ['single account and region', single, false],
    ['several regions', { ...single, regions: ['eu-west-1', 'us-east-1'] }, true],
    ['several accounts', { ...single, accounts: ['111122223333', '444455556666'] }, true],
    ['an org trail, even with one account and region', { ...org, accounts: ['111122223333'], regions: ['us-east-1'] }, true],
  ])('%s → %s', (_name, o, expected) => {
    expect(hasAccountRegionPartitions(o)).toBe(expected);
    // Always in step with the partitions the table DDL declares.
    expect(athenaTableDdl(o).includes('PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)')).toBe(expected);
  });
});

describe('the DDL file (queries/ddl/cloudtrail_table.sql)', () => {
  it('declares exactly the columns the local store mirrors, in order', () => {
    expect(ddlColumns()).toEqual([...CLOUDTRAIL_COLUMNS]);
  });

  it('is printed with every placeholder filled and nothing of its header', () => {
    for (const o of [org, single]) {
      const ddl = athenaTableDdl(o);
      expect(ddl.startsWith('CREATE EXTERNAL TABLE IF NOT EXISTS ')).toBe(true);
      expect(ddl).not.toMatch(/\{(table|partitions|location|projection)\}/);
      expect(ddl).not.toContain('--');
    }
  });
});
