import { ADDENDUM_TYPE, RESOURCES_TYPE, TLS_TYPE, USER_IDENTITY_TYPE } from '../engines/duckdb/schema';
import { readSql } from '../queries/sql-files';

/**
 * DuckDB-only: turns the staged raw records (appended to temp.raw_batch) into a temp table
 * shaped like Athena's `cloudtrail_logs`. read_json key matching is
 * case-sensitive, so records are read with CloudTrail's camelCase keys and cast
 * to the lower-case struct types (struct casts match names case-insensitively).
 * json_transform is lenient: a field of an unexpected type becomes NULL instead
 * of failing the batch; the raw text keeps the original.
 */
type FieldType = 'VARCHAR' | 'JSON' | 'MAP(VARCHAR, VARCHAR)' | Fields | { list: Fields };
type Fields = [name: string, type: FieldType][];

/** A CloudTrail record's fields, with CloudTrail's camelCase names: JSON for the free-form ones. */
const RECORD_FIELDS: Fields = [
  ['eventVersion', 'VARCHAR'],
  [
    'userIdentity',
    [
      ['type', 'VARCHAR'],
      ['principalId', 'VARCHAR'],
      ['arn', 'VARCHAR'],
      ['accountId', 'VARCHAR'],
      ['invokedBy', 'VARCHAR'],
      ['accessKeyId', 'VARCHAR'],
      ['userName', 'VARCHAR'],
      [
        'onBehalfOf',
        [
          ['userId', 'VARCHAR'],
          ['identityStoreArn', 'VARCHAR'],
        ],
      ],
      [
        'sessionContext',
        [
          [
            'attributes',
            [
              ['mfaAuthenticated', 'VARCHAR'],
              ['creationDate', 'VARCHAR'],
            ],
          ],
          [
            'sessionIssuer',
            [
              ['type', 'VARCHAR'],
              ['principalId', 'VARCHAR'],
              ['arn', 'VARCHAR'],
              ['accountId', 'VARCHAR'],
              ['userName', 'VARCHAR'],
            ],
          ],
          ['ec2RoleDelivery', 'VARCHAR'],
          [
            'webIdFederationData',
            [
              ['federatedProvider', 'VARCHAR'],
              ['attributes', 'MAP(VARCHAR, VARCHAR)'],
            ],
          ],
        ],
      ],
    ],
  ],
  ['eventTime', 'VARCHAR'],
  ['eventSource', 'VARCHAR'],
  ['eventName', 'VARCHAR'],
  ['awsRegion', 'VARCHAR'],
  ['sourceIPAddress', 'VARCHAR'],
  ['userAgent', 'VARCHAR'],
  ['errorCode', 'VARCHAR'],
  ['errorMessage', 'VARCHAR'],
  ['requestParameters', 'JSON'],
  ['responseElements', 'JSON'],
  ['additionalEventData', 'JSON'],
  ['requestID', 'VARCHAR'],
  ['eventID', 'VARCHAR'],
  [
    'resources',
    {
      list: [
        ['ARN', 'VARCHAR'],
        ['accountId', 'VARCHAR'],
        ['type', 'VARCHAR'],
      ],
    },
  ],
  ['eventType', 'VARCHAR'],
  ['apiVersion', 'VARCHAR'],
  ['readOnly', 'VARCHAR'],
  ['recipientAccountId', 'VARCHAR'],
  ['serviceEventDetails', 'JSON'],
  ['sharedEventID', 'VARCHAR'],
  ['vpcEndpointId', 'VARCHAR'],
  ['vpcEndpointAccountId', 'VARCHAR'],
  ['eventCategory', 'VARCHAR'],
  [
    'addendum',
    [
      ['reason', 'VARCHAR'],
      ['updatedFields', 'VARCHAR'],
      ['originalRequestID', 'VARCHAR'],
      ['originalEventID', 'VARCHAR'],
    ],
  ],
  ['sessionCredentialFromConsole', 'VARCHAR'],
  ['edgeDeviceDetails', 'JSON'],
  [
    'tlsDetails',
    [
      ['tlsVersion', 'VARCHAR'],
      ['cipherSuite', 'VARCHAR'],
      ['clientProvidedHostHeader', 'VARCHAR'],
    ],
  ],
];

/** The record as json_transform's structure argument: `{"eventVersion":"VARCHAR",…}`. */
function structure(t: FieldType): string {
  if (typeof t === 'string') return `"${t}"`;
  if ('list' in t) return `[${structure(t.list)}]`;
  return `{${t.map(([k, v]) => `"${k}":${structure(v)}`).join(',')}}`;
}

/** The record as a DuckDB type, for read_json's `columns`: `STRUCT("eventVersion" VARCHAR, …)`. */
function duckType(t: FieldType): string {
  if (typeof t === 'string') return t;
  if ('list' in t) return `${duckType(t.list)}[]`;
  return `STRUCT(${t.map(([k, v]) => `"${k}" ${duckType(v)}`).join(', ')})`;
}

const RECORD_STRUCTURE = structure(RECORD_FIELDS);
export const RECORD_TYPE = duckType(RECORD_FIELDS);

/**
 * A typed record `r` (either rendering above) as Athena's table columns, with the "timestamp"
 * partition stand-in. Every reader of records shares this projection and adds its own eventid
 * and "$path" (ingest derives an id for a record without one, from its exact text).
 */
export const STAGE_COLUMNS = `
  r.eventVersion AS eventversion,
  CAST(r.userIdentity AS ${USER_IDENTITY_TYPE}) AS useridentity,
  r.eventTime AS eventtime, r.eventSource AS eventsource, r.eventName AS eventname,
  r.awsRegion AS awsregion, r.sourceIPAddress AS sourceipaddress, r.userAgent AS useragent,
  r.errorCode AS errorcode, r.errorMessage AS errormessage,
  CAST(r.requestParameters AS VARCHAR) AS requestparameters,
  CAST(r.responseElements AS VARCHAR) AS responseelements,
  CAST(r.additionalEventData AS VARCHAR) AS additionaleventdata,
  r.requestID AS requestid,
  CAST(list_transform(r.resources, x -> {'arn': x.ARN, 'accountid': x.accountId, 'type': x.type}) AS ${RESOURCES_TYPE}) AS resources,
  r.eventType AS eventtype, r.apiVersion AS apiversion, r.readOnly AS readonly,
  r.recipientAccountId AS recipientaccountid,
  CAST(r.serviceEventDetails AS VARCHAR) AS serviceeventdetails,
  r.sharedEventID AS sharedeventid, r.vpcEndpointId AS vpcendpointid,
  r.vpcEndpointAccountId AS vpcendpointaccountid, r.eventCategory AS eventcategory,
  CAST(r.addendum AS ${ADDENDUM_TYPE}) AS addendum,
  r.sessionCredentialFromConsole AS sessioncredentialfromconsole,
  CAST(r.edgeDeviceDetails AS VARCHAR) AS edgedevicedetails,
  CAST(r.tlsDetails AS ${TLS_TYPE}) AS tlsdetails,
  -- Stands in for Athena's partition column (yyyy/MM/dd).
  strftime(TRY_CAST(r.eventTime AS TIMESTAMPTZ), '%Y/%m/%d') AS "timestamp"`;

/*
 * A file whose records fail to stage as a whole (one record DuckDB's JSON parser rejects) is checked
 * record by record (lib/ingest/salvage.ts). Params: none, then the one record's text (bound `?`);
 * RECORD_STRUCTURE is this module's constant, built from fixed field names, as in STAGE_SQL.
 */
export const RECORD_CHECK_DDL = 'CREATE OR REPLACE TEMP TABLE record_check (i INTEGER, json VARCHAR)';
export const FAILING_RECORDS_SQL = `SELECT i FROM temp.record_check WHERE TRY(json_transform(json, '${RECORD_STRUCTURE}')) IS NULL ORDER BY i`;
export const RECORD_PARSE_SQL = `SELECT json_transform(?, '${RECORD_STRUCTURE}') IS NOT NULL`;

/** The batch's raw records, appended from Node: the record's exact text and its file's index in the batch. */
export const RAW_BATCH_DDL = 'CREATE OR REPLACE TEMP TABLE raw_batch (file_index INTEGER, record_index INTEGER, json VARCHAR)';
export const BATCH_FILES_DDL = `CREATE OR REPLACE TEMP TABLE batch_files (
  file_index INTEGER, source_file VARCHAR, size BIGINT, mtime_ms BIGINT, status VARCHAR, reason VARCHAR, records BIGINT)`;

/**
 * Params: none (RECORD_STRUCTURE and STAGE_COLUMNS are this module's constants, built from fixed field names).
 * Reads temp.raw_batch; json_transform fails the statement on malformed JSON (the batch then retries file by file). */
export const STAGE_SQL = `
CREATE OR REPLACE TEMP TABLE staging AS
WITH src AS (
  SELECT json, file_index, record_index, json_transform(json, '${RECORD_STRUCTURE}') AS r
  FROM raw_batch
)
SELECT
  ${STAGE_COLUMNS},
  -- A record without an eventID still gets a stable identity, so re-delivery dedups.
  coalesce(r.eventID, 'sha256:' || sha256(json)) AS eventid,
  -- Athena's pseudo-column: the file a row was read from (the view keeps it as source_file).
  f.source_file AS "$path",
  -- One integer identity per staged record: cheaper to dedup and join on than eventID.
  CAST(file_index AS BIGINT) * 4294967296 + record_index AS rid
FROM src JOIN batch_files AS f USING (file_index)
`;

/**
 * Which staged records to store: one per eventID not already stored (an earlier
 * delivery, or a re-run); within the batch the first delivery wins. Narrow on
 * purpose: only (eventid, rid) move, not the wide records. The anti-join on the
 * one column is cheaper than keeping a unique index up to date on every insert.
 *
 * `inSpan`: every KMS record of the batch has a readable time. A stored copy of an
 * event has the same eventTime, so only stored rows in the batch's span can match,
 * and the bounds let DuckDB skip every row group outside it (zone maps) instead of
 * probing the whole store's eventids for every batch.
 * Params: none, or (inSpan) the span's start and end.
 */
export function stageDedupSql(inSpan: boolean): string {
  // A fixed clause chosen by a boolean; the bounds themselves are bound parameters.
  const span = inSpan ? ' AND k.event_ts BETWEEN CAST(? AS TIMESTAMP) AND CAST(? AS TIMESTAMP)' : '';
  return `
CREATE OR REPLACE TEMP TABLE staging_keep AS
SELECT min(rid) AS rid
FROM staging AS s
WHERE eventsource = 'kms.amazonaws.com'
  AND NOT EXISTS (SELECT 1 FROM kms_events AS k WHERE k.eventid = s.eventid${span})
GROUP BY eventid
`;
}

/**
 * The batch's KMS records: how many, their time span (NULLs when any time is unreadable; the
 * already-stored check is then unbounded), and how many could pair as cross-account copies
 * (a sharedEventID and a caller's account; none: nothing to pair).
 */
export const STAGE_SPAN_SQL = `
SELECT
  count(*),
  CASE WHEN count(*) = count(t) THEN strftime(min(t), '%Y-%m-%d %H:%M:%S.%f') END,
  CASE WHEN count(*) = count(t) THEN strftime(max(t), '%Y-%m-%d %H:%M:%S.%f') END,
  count_if(sharedeventid IS NOT NULL AND caller IS NOT NULL)
FROM (
  SELECT from_iso8601_timestamp(eventtime) AS t, sharedeventid, useridentity.accountid AS caller
  FROM staging WHERE eventsource = 'kms.amazonaws.com'
)
`;

/**
 * Stored events whose eventTime cannot be read: kept (nothing is dropped) but in no time-based
 * view. Counted in the store before and after a run, not in the staged batch, so a re-delivered
 * copy (dropped) is not counted as stored. Params: none.
 */
export const UNTIMED_SQL = 'SELECT count(*) FROM kms_events WHERE event_ts IS NULL';

/** The batch as Athena's table, restricted to the records to store: what queries/views/kms_events.sql reads at ingest. */
export const STAGED_SOURCE_VIEW = 'CREATE OR REPLACE TEMP VIEW cloudtrail_logs AS SELECT * FROM staging SEMI JOIN staging_keep USING (rid)';

/** The derivation Athena runs as a view (a file of this repo, no params), over the staged batch. */
const KMS_EVENTS_VIEW = readSql('views/kms_events.sql');

/** Stores the batch's derived events. Params: none. */
export const INSERT_EVENTS_SQL = `INSERT INTO kms_events BY NAME ${KMS_EVENTS_VIEW}`;

/*
 * Cross-account copies. A cross-account call is logged in the caller's account and in the key
 * owner's, under one sharedEventID. Only the caller's copy is kept (`caller_copy_account`, on the
 * owner's copy, names the account holding it): it names the role in full, as the caller's denials
 * do, which only the caller's account logs. The copies are paired, not inferred from which accounts
 * the store holds, so an owner's copy whose twin is not here (a caller whose trail leaves KMS out,
 * logs one region, or has not been ingested yet) still counts, until its twin arrives.
 *
 * An owner's copy whose twin is already in the batch or the store is not inserted
 * (skipPairedOwnerCopiesSql); one stored before its twin arrives goes after the run's batches, in a
 * transaction of its own (DROP_OWNER_COPIES_SQL): DuckDB 1.5 failed ("Could not find node in
 * column segment tree") deleting from the table inside the transactions that append to it. Both
 * are narrowed to the sharedEventIDs of the batch or the run (a few per cent of records).
 */

/**
 * The batch's sharedEventIDs that can pair (a caller's account named: AWS services calling for
 * themselves carry a sharedEventID too, and have no twin to look for), and the run's so far.
 */
export const BATCH_SHARED_SQL = `
CREATE OR REPLACE TEMP TABLE batch_shared AS
SELECT DISTINCT sharedeventid FROM staging
WHERE eventsource = 'kms.amazonaws.com' AND sharedeventid IS NOT NULL AND useridentity.accountid IS NOT NULL
`;
export const RUN_SHARED_DDL = 'CREATE OR REPLACE TEMP TABLE run_shared (sharedeventid VARCHAR)';
export const ADD_RUN_SHARED_SQL = 'INSERT INTO temp.run_shared SELECT sharedeventid FROM temp.batch_shared';

/**
 * Takes out of the batch's records to store (`staging_keep`) the owners' copies whose twin is in
 * the batch or stored, before the plain insert: filtering inside the INSERT … SELECT put a join in
 * its pipeline, which gave up the files' row order the columns compress on (a store ~4% larger per
 * event at 1M). The view's own `caller_copy_account` says which records are owners' copies; the
 * filter on it runs first, so the view's derivations run for those few records only. Both copies
 * carry the call's eventTime, so with `inSpan` only stored rows within an hour of the batch's span
 * are looked at (zone maps).
 * Params: none, or (inSpan) the span's start and end.
 */
export function skipPairedOwnerCopiesSql(inSpan: boolean): string {
  // A fixed clause chosen by a boolean; the bounds themselves are bound parameters.
  const span = inSpan
    ? '\n        AND k.event_ts BETWEEN CAST(? AS TIMESTAMP) - INTERVAL 1 HOUR AND CAST(? AS TIMESTAMP) + INTERVAL 1 HOUR'
    : '';
  return `
DELETE FROM temp.staging_keep
WHERE rid IN (
  SELECT s.rid FROM staging AS s
  WHERE s.sharedeventid IN (SELECT sharedeventid FROM temp.batch_shared)
    AND s.eventid IN (
      SELECT v.eventid FROM (${KMS_EVENTS_VIEW}) AS v
      WHERE v.caller_copy_account IS NOT NULL AND (
        EXISTS (
          SELECT 1 FROM staging AS t
          WHERE t.sharedeventid = v.sharedeventid AND t.recipientaccountid = v.caller_copy_account
            AND t.eventsource = 'kms.amazonaws.com'
            -- A twin that is stored: not a VPC endpoint's copy, which the view leaves out (as above).
            AND (coalesce(t.eventtype, '') <> 'AwsVpceEvent' OR t.errorcode = 'VpceAccessDenied')
        )
        OR EXISTS (
          SELECT 1 FROM kms_events AS k
          WHERE k.sharedeventid = v.sharedeventid AND k.recipientaccountid = v.caller_copy_account
            AND k.sharedeventid IN (SELECT sharedeventid FROM temp.batch_shared)${span}
        )
      )
    )
)
`;
}

/** After the batches: owners' copies stored before their twin, which this run brought. */
export const DROP_OWNER_COPIES_SQL = `
DELETE FROM kms_events AS o
WHERE o.caller_copy_account IS NOT NULL
  AND o.sharedeventid IN (SELECT sharedeventid FROM temp.run_shared)
  AND EXISTS (
    SELECT 1 FROM kms_events AS c
    WHERE c.sharedeventid = o.sharedeventid AND c.recipientaccountid = o.caller_copy_account
      AND c.sharedeventid IN (SELECT sharedeventid FROM temp.run_shared)
  )
`;

/*
 * CloudTrail's corrections. When CloudTrail learns more about a call it has logged, it delivers the
 * call again under a new eventID, with `addendum.reason = 'UPDATED_DATA'` and
 * `addendum.originalEventID` naming the record it replaces: one call, so only the correction is
 * kept. A correction can arrive in the same batch as its original, in a later one (the common case:
 * files load in time order), or before it (a folder synced out of order). The original is not
 * inserted once its correction is known (staged or stored); one stored before its correction
 * arrived is deleted after the run's batches, in a transaction of its own (as owners' copies are).
 * Athena's view cannot look this up without a scan of the whole table (docs/athena.md).
 */

/** The eventIDs corrections name as replaced, from `src` (a table with Athena's columns). */
// `src` is one of two table names (a closed set, typed): no value is spliced.
const replacedIds = (src: 'staging' | 'kms_events'): string => `
  SELECT addendum.originaleventid FROM ${src}
  WHERE eventsource = 'kms.amazonaws.com' AND addendum.reason = 'UPDATED_DATA'
    AND addendum.originaleventid <> eventid`;

/** Takes out of the batch's records to store the originals of corrections staged or stored. Params: none. */
export const SKIP_REPLACED_SQL = `
DELETE FROM temp.staging_keep
WHERE rid IN (
  SELECT s.rid FROM staging AS s
  WHERE s.eventid IN (${replacedIds('staging')} UNION ALL ${replacedIds('kms_events')})
)
`;

/** After the batches: originals stored before their correction, which is stored now. Params: none. */
export const DROP_REPLACED_SQL = `DELETE FROM kms_events WHERE eventid IN (${replacedIds('kms_events')})`;

/** Records the batch's files as read, in the same transaction as their events. */
export const MARK_FILES_SQL = `
INSERT INTO ingested_files
SELECT source_file, size, mtime_ms, status, reason, records, NULL, NULL, now() FROM batch_files
ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
  status = excluded.status, reason = excluded.reason, records = excluded.records, ingested_at = now()
`;
