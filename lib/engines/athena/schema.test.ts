import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_COLUMNS } from '../duckdb/schema';
import { athenaTableDdl } from './schema';

const base = { table: 'cloudtrail_logs', bucket: 'org-trail-bucket', accounts: ['111122223333', '444455556666'], regions: ['us-east-1', 'eu-west-1'] };

describe('Athena table DDL', () => {
  it('declares every CloudTrail column and projects account, region and day partitions', () => {
    const ddl = athenaTableDdl({ ...base, orgId: 'o-k3yt7a1l01', from: '2024/01/01' });
    for (const c of CLOUDTRAIL_COLUMNS) expect(ddl).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(ddl).toContain("LOCATION 's3://org-trail-bucket/AWSLogs/o-k3yt7a1l01/'");
    expect(ddl).toContain("'storage.location.template'='s3://org-trail-bucket/AWSLogs/o-k3yt7a1l01/${account}/CloudTrail/${region}/${timestamp}'");
    expect(ddl).toContain("'projection.account.values'='111122223333,444455556666'");
    expect(ddl).toContain("'projection.timestamp.range'='2024/01/01,NOW'");
    expect(ddl).toContain("INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
  });

  it('builds a single-account layout with a prefix', () => {
    const ddl = athenaTableDdl({ ...base, prefix: 'trails/main', accounts: ['111122223333'] });
    expect(ddl).toContain("LOCATION 's3://org-trail-bucket/trails/main/AWSLogs/'");
  });

  it.each([
    [{ bucket: "b'; DROP TABLE x; --" }],
    [{ table: 'x; DROP' }],
    [{ accounts: ["1' OR '1"] }],
    [{ regions: ['us-east-1/../../'] }],
    [{ prefix: "a'b" }],
    [{ prefix: '../other' }],
    [{ orgId: 'o-x' }],
    [{ from: '2024-01-01' }],
    [{ accounts: [] }],
  ])('refuses a hostile or malformed value %j', (over) => {
    expect(() => athenaTableDdl({ ...base, ...over })).toThrow(/Invalid|at least one/);
  });
});
