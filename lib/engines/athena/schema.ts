import { CLOUDTRAIL_COLUMNS } from '../duckdb/schema';

/**
 * The standard CloudTrail table for Athena (AWS's documented DDL), with
 * partition projection, for single-account and organization trails. Every
 * value spliced into the DDL is validated first: DDL has no parameters.
 */
export interface TableOptions {
  table: string;
  bucket: string;
  prefix?: string;
  orgId?: string;
  accounts: string[];
  regions: string[];
  from?: string; // yyyy/MM/dd
}

const TYPES: Record<(typeof CLOUDTRAIL_COLUMNS)[number], string> = {
  eventversion: 'STRING',
  useridentity: `STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING, accesskeyid: STRING, username: STRING,
    onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,
    sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,
      sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, username: STRING>,
      ec2roledelivery: STRING, webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING,STRING>>>>`,
  eventtime: 'STRING',
  eventsource: 'STRING',
  eventname: 'STRING',
  awsregion: 'STRING',
  sourceipaddress: 'STRING',
  useragent: 'STRING',
  errorcode: 'STRING',
  errormessage: 'STRING',
  requestparameters: 'STRING',
  responseelements: 'STRING',
  additionaleventdata: 'STRING',
  requestid: 'STRING',
  eventid: 'STRING',
  resources: 'ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>',
  eventtype: 'STRING',
  apiversion: 'STRING',
  readonly: 'STRING',
  recipientaccountid: 'STRING',
  serviceeventdetails: 'STRING',
  sharedeventid: 'STRING',
  vpcendpointid: 'STRING',
  vpcendpointaccountid: 'STRING',
  eventcategory: 'STRING',
  addendum: 'STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, originaleventid: STRING>',
  sessioncredentialfromconsole: 'STRING',
  edgedevicedetails: 'STRING',
  tlsdetails: 'STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>',
};

const IDENT = /^[a-z_][a-z0-9_]{0,127}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9!_.*()/-]{1,512}$/; // no quote: it would end the DDL string
const ORG = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DAY = /^\d{4}\/\d{2}\/\d{2}$/;

export function validateTableOptions(o: TableOptions): void {
  const bad = (what: string, v: string) => {
    throw new Error(`Invalid ${what}: ${JSON.stringify(v)}`);
  };
  if (!IDENT.test(o.table)) bad('table name', o.table);
  if (!BUCKET.test(o.bucket) || o.bucket.includes('..')) bad('bucket name', o.bucket);
  if (o.prefix !== undefined && (!PREFIX.test(o.prefix) || o.prefix.includes('..'))) bad('prefix', o.prefix);
  if (o.orgId !== undefined && !ORG.test(o.orgId)) bad('organization id', o.orgId);
  if (!o.accounts.length) throw new Error('Give at least one account (--accounts).');
  if (!o.regions.length) throw new Error('Give at least one region (--regions).');
  for (const a of o.accounts) if (!ACCOUNT.test(a)) bad('account id', a);
  for (const r of o.regions) if (!REGION.test(r)) bad('region', r);
  if (o.from !== undefined && !DAY.test(o.from)) bad('start day (yyyy/MM/dd)', o.from);
}

export function athenaTableDdl(o: TableOptions): string {
  validateTableOptions(o);
  const root = `s3://${o.bucket}/${o.prefix ? `${o.prefix.replace(/^\/|\/$/g, '')}/` : ''}AWSLogs/${o.orgId ? `${o.orgId}/` : ''}`;
  const columns = CLOUDTRAIL_COLUMNS.map((c) => `  ${c} ${TYPES[c]}`).join(',\n');
  const range = `${o.from ?? '2020/01/01'},NOW`;
  const props = [
    `'projection.enabled'='true'`,
    `'projection.timestamp.type'='date'`,
    `'projection.timestamp.format'='yyyy/MM/dd'`,
    `'projection.timestamp.interval'='1'`,
    `'projection.timestamp.interval.unit'='DAYS'`,
    `'projection.timestamp.range'='${range}'`,
    `'projection.account.type'='enum'`,
    `'projection.account.values'='${o.accounts.join(',')}'`,
    `'projection.region.type'='enum'`,
    `'projection.region.values'='${o.regions.join(',')}'`,
    `'storage.location.template'='${root}\${account}/CloudTrail/\${region}/\${timestamp}'`,
  ];
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${o.table} (
${columns}
)
COMMENT 'CloudTrail table for KeyTrail (partition projection)'
PARTITIONED BY (account STRING, region STRING, \`timestamp\` STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '${root}'
TBLPROPERTIES (
  ${props.join(',\n  ')}
)`;
}
