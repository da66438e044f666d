import { readSql } from '../../queries/sql-files';

/**
 * The standard CloudTrail table for Athena (AWS's documented DDL) with
 * partition projection, the mirror of ../duckdb/schema.ts. DDL takes no
 * parameters, so every value spliced into it is validated first, strictly:
 * anything that is not exactly a bucket, prefix, account, region, org id or day
 * is refused rather than escaped.
 *
 * Layouts:
 * - one account, one region, no org id: `PARTITIONED BY (timestamp)`, the
 *   account and region written into the location template;
 * - several accounts or regions: `account`, `region` and `timestamp`
 *   partitions, the first two projected as enums;
 * - an organization trail (org id): the same three, under `AWSLogs/<org-id>/`.
 */
export interface TableOptions {
  table: string;
  bucket: string;
  prefix?: string;
  orgId?: string;
  accounts?: readonly string[];
  regions?: readonly string[];
  /** First projected day, yyyy/MM/dd (default 2020/01/01). */
  from?: string;
}

/**
 * A table name usable unquoted in both Hive DDL and Trino SQL: Glue's lower-case
 * letters, digits and underscore, starting with a letter (a leading digit or
 * underscore needs quoting in one or the other), at most 255 characters.
 */
export const TABLE_NAME = /^[a-z][a-z0-9_]{0,254}$/;
export function isTableName(s: string): boolean {
  return TABLE_NAME.test(s);
}

// S3 bucket naming rules: 3–63 of a-z 0-9 . -, starting and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// Key prefix segments of safe characters; no quote (it would end the DDL string), no `$` (template syntax), no `..`.
const PREFIX = /^[A-Za-z0-9_.()!*-]+(\/[A-Za-z0-9_.()!*-]+)*$/;
const ORG = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT = /^\d{12}$/;
// us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5, us-isob-east-1.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function bad(what: string, v: string): never {
  throw new Error(`Invalid ${what}: ${JSON.stringify(v)}`);
}

function checkBucket(b: string): void {
  if (
    !BUCKET.test(b) ||
    /\.\.|\.-|-\./.test(b) ||
    /^\d+\.\d+\.\d+\.\d+$/.test(b) ||
    /^(xn--|sthree-|amzn-s3-demo-)/.test(b) ||
    /(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(b)
  )
    bad('bucket name', b);
}

function checkDay(d: string): void {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(d);
  const date = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  // Date.UTC rolls 2024/02/30 over to March: a real day reads back the same.
  if (!m || !date || date.getUTCFullYear() !== +m[1] || date.getUTCMonth() !== +m[2] - 1 || date.getUTCDate() !== +m[3])
    bad('start day (yyyy/MM/dd)', d);
}

export function validateTableOptions(o: TableOptions): void {
  if (!isTableName(o.table)) bad('table name', o.table);
  checkBucket(o.bucket);
  if (o.prefix !== undefined && o.prefix !== '') {
    const p = o.prefix.replace(/^\/+|\/+$/g, '');
    if (p.length > 512 || !PREFIX.test(p) || p.split('/').some((s) => s === '.' || s === '..')) bad('prefix', o.prefix);
  }
  if (o.orgId !== undefined && !ORG.test(o.orgId)) bad('organization id', o.orgId);
  const accounts = o.accounts ?? [];
  const regions = o.regions ?? [];
  if (!accounts.length) throw new Error('Give at least one account (--accounts).');
  if (!regions.length) throw new Error('Give at least one region (--regions).');
  for (const a of accounts) if (!ACCOUNT.test(a)) bad('account id', a);
  for (const r of regions) if (!REGION.test(r)) bad('region', r);
  if (new Set(accounts).size !== accounts.length) throw new Error('An account is listed twice.');
  if (new Set(regions).size !== regions.length) throw new Error('A region is listed twice.');
  if (o.from !== undefined) checkDay(o.from);
}

/**
 * Whether the table gets `account` and `region` partitions (several accounts or
 * regions, or an organization trail) or `timestamp` only. The kms_events view
 * follows it (compat.ts), so filters on account and region prune partitions.
 */
export function hasAccountRegionPartitions(o: Pick<TableOptions, 'orgId' | 'accounts' | 'regions'>): boolean {
  return Boolean(o.orgId) || (o.accounts?.length ?? 0) !== 1 || (o.regions?.length ?? 0) !== 1;
}

/** The table's DDL text (queries/ddl/cloudtrail_table.sql), its placeholders filled with these validated values. */
export function athenaTableDdl(o: TableOptions): string {
  validateTableOptions(o);
  const accounts = o.accounts ?? [];
  const regions = o.regions ?? [];
  const prefix = o.prefix ? o.prefix.replace(/^\/+|\/+$/g, '') : '';
  const root = `s3://${o.bucket}/${prefix ? `${prefix}/` : ''}AWSLogs/${o.orgId ? `${o.orgId}/` : ''}`;
  const single = !hasAccountRegionPartitions(o);
  const timestamp = [
    `'projection.timestamp.type'='date'`,
    `'projection.timestamp.format'='yyyy/MM/dd'`,
    `'projection.timestamp.interval'='1'`,
    `'projection.timestamp.interval.unit'='DAYS'`,
    `'projection.timestamp.range'='${o.from ?? '2020/01/01'},NOW'`,
  ];
  const projection = single
    ? [...timestamp, `'storage.location.template'='${root}${accounts[0]}/CloudTrail/${regions[0]}/\${timestamp}'`]
    : [
        ...timestamp,
        `'projection.account.type'='enum'`,
        `'projection.account.values'='${accounts.join(',')}'`,
        `'projection.region.type'='enum'`,
        `'projection.region.values'='${regions.join(',')}'`,
        `'storage.location.template'='${root}\${account}/CloudTrail/\${region}/\${timestamp}'`,
      ];
  const values: Record<string, string> = {
    table: o.table,
    partitions: single ? '`timestamp` STRING' : 'account STRING, region STRING, `timestamp` STRING',
    location: single ? `${root}${accounts[0]}/CloudTrail/${regions[0]}/` : root,
    projection: projection.join(',\n  '),
  };
  // The statement without the file's header comment; each placeholder must be there exactly once.
  const file = readSql(TABLE_DDL_FILE);
  let ddl = file.slice(file.indexOf('CREATE EXTERNAL TABLE')).trimEnd();
  for (const [k, v] of Object.entries(values)) {
    if (ddl.split(`{${k}}`).length !== 2) throw new Error(`${TABLE_DDL_FILE} must contain {${k}} exactly once.`);
    ddl = ddl.replace(`{${k}}`, () => v);
  }
  return ddl;
}

export const TABLE_DDL_FILE = 'ddl/cloudtrail_table.sql';

/** The columns the DDL file declares, in order (compared with CLOUDTRAIL_COLUMNS by the tests). */
export function ddlColumns(): string[] {
  const body = readSql(TABLE_DDL_FILE);
  const cols = body.slice(body.indexOf('(') + 1, body.indexOf('\n)\nCOMMENT'));
  return [...cols.matchAll(/^ {2}([a-z0-9_]+) /gm)].map((m) => m[1]);
}
