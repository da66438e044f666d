import { readSql } from '../../queries/sql-files';
import { ROLLUPS, rollupFile } from '../../queries/rollups';

/**
 * The local store. `kms_events` holds Athena's CloudTrail columns (lower-case
 * names and the DDL's types) plus the columns every dashboard query needs,
 * derived once at ingest (see queries/views/kms_events.sql, the same
 * derivation Athena runs as a view). `cloudtrail_logs` is the compat view with
 * exactly Athena's table columns, so console-style SQL runs unchanged.
 */
export const USER_IDENTITY_TYPE = `STRUCT(
  type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR,
  accesskeyid VARCHAR, username VARCHAR,
  onbehalfof STRUCT(userid VARCHAR, identitystorearn VARCHAR),
  sessioncontext STRUCT(
    attributes STRUCT(mfaauthenticated VARCHAR, creationdate VARCHAR),
    sessionissuer STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, username VARCHAR),
    ec2roledelivery VARCHAR,
    webidfederationdata STRUCT(federatedprovider VARCHAR, attributes MAP(VARCHAR, VARCHAR))
  )
)`;

export const RESOURCES_TYPE = 'STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]';
export const ADDENDUM_TYPE = 'STRUCT(reason VARCHAR, updatedfields VARCHAR, originalrequestid VARCHAR, originaleventid VARCHAR)';
export const TLS_TYPE = 'STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR)';

/** Athena's CloudTrail table columns, in DDL order. */
export const CLOUDTRAIL_COLUMNS = [
  'eventversion',
  'useridentity',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'errormessage',
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'requestid',
  'eventid',
  'resources',
  'eventtype',
  'apiversion',
  'readonly',
  'recipientaccountid',
  'serviceeventdetails',
  'sharedeventid',
  'vpcendpointid',
  'vpcendpointaccountid',
  'eventcategory',
  'addendum',
  'sessioncredentialfromconsole',
  'edgedevicedetails',
  'tlsdetails',
] as const;

/**
 * Bumped when the table layout or the stored derivation (queries/views/kms_events.sql) changes; an
 * older store is rebuilt from its source files. 5: VPC endpoint copies skipped, cross-account
 * sessions under their role. 6: a cross-account call counted once (caller_copy_account).
 * 7: Identity Center users by their identity store user; principal ids before accounts;
 * key_from_alias (alias-only events are resolved again when alias evidence arrives late).
 * 8: dest_key_arn (a ReEncrypt counts under its destination key too).
 * 9: error_class NULL for a dry run that would have succeeded (DryRunOperationException): not a failure.
 * 10: error_class 'integrity' (a ciphertext, signature or MAC KMS rejected), taken out of key-state and other.
 * 11: kms_keys.shared_key, and spec and origin read per shared key (a multi-Region key's replicas have its primary's).
 * 12: encryption_context (what each call's data was, for a key's contexts panel and the events filter).
 * 13: context_item (the secret or SSM parameter a context names, for the secret-sweep rule).
 * 14: key ids shaped as key ids only (a UUID, or mrk- and 32 hex: a keyId such as "my-key" or "" names no key);
 * every AWS partition (aws-iso, aws-iso-b, aws-iso-f, aws-iso-e, aws-eusc) for a bare key id or alias; an AWS
 * service without invokedBy by its principal id or account.
 * 15: a FederatedUser is its own principal (its federated-user ARN, not its issuing IAM user, which only the
 * caller's copy names); (Client.)UnauthorizedOperation is access-denied; InvalidKeyUsageException is other, not key-state
 * (the caller used a key for an operation its key usage does not allow).
 * 16: an empty string in the caller's names (arn, principalId, accountId, invokedBy, the session issuer) is none:
 * such callers were one blank principal, merged, whose row could not be opened.
 */
export const SCHEMA_VERSION = 16;

/**
 * The log files a store of an older format had read, kept when it is dropped so the next start or
 * ingest reads them again (lib/ingest/reload.ts); dropped once they are.
 */
export const RELOAD_FILES_DDL = 'CREATE TABLE IF NOT EXISTS reload_files (path VARCHAR PRIMARY KEY)';

/** Tables dropped when the layout changes; ingested_files goes too, so every file is read again. */
export const DERIVED_TABLES = ['kms_events', 'ingested_files', ...ROLLUPS] as const;

/**
 * Bumped when a rollup's query (lib/queries/rollups.ts) changes its columns (a new rollup is built by SCHEMA_DDL):
 * the rollups are derived from the stored events, so opening an older store rebuilds them in place
 * (seconds) instead of dropping its events; or its rows. 2: kms_alias_keys.first_seen/last_seen.
 * 3: kms_alias_keys ends an alias at its key's DeleteKey (last_event 'DeleteKey').
 * 4: kms_keys.found_events (a key id KMS never found is no key of the rotation page).
 * 5: kms_key_changes (key_status's state changes): rebuilt, so a store an older KeyTrail ingested into has it whole.
 * 6: kms_lifecycle.caller_account (risky_changes reads it); kms_key_hours is new.
 * 7: kms_key_hours per principal too (new_principals reads it).
 */
export const ROLLUPS_VERSION = 7;

/**
 * Rebuild the rollups from the stored events, in this order: after an ingest that added events
 * (lib/ingest/rollups.ts), and when a store whose rollups are of an older ROLLUPS_VERSION opens.
 */
export const REBUILD_ROLLUPS_SQL = ROLLUPS.map((t) => `CREATE OR REPLACE TABLE ${t} AS ${readSql(rollupFile(t))}`);

export const SCHEMA_DDL = [
  `CREATE TABLE IF NOT EXISTS kms_events (
    eventversion VARCHAR, useridentity ${USER_IDENTITY_TYPE}, eventtime VARCHAR, eventsource VARCHAR,
    eventname VARCHAR, awsregion VARCHAR, sourceipaddress VARCHAR, useragent VARCHAR,
    errorcode VARCHAR, errormessage VARCHAR, requestparameters VARCHAR, responseelements VARCHAR,
    additionaleventdata VARCHAR, requestid VARCHAR, eventid VARCHAR,
    resources ${RESOURCES_TYPE}, eventtype VARCHAR, apiversion VARCHAR, readonly VARCHAR,
    recipientaccountid VARCHAR, serviceeventdetails VARCHAR, sharedeventid VARCHAR,
    vpcendpointid VARCHAR, vpcendpointaccountid VARCHAR, eventcategory VARCHAR,
    addendum ${ADDENDUM_TYPE}, sessioncredentialfromconsole VARCHAR, edgedevicedetails VARCHAR,
    tlsdetails ${TLS_TYPE},
    "timestamp" VARCHAR, event_ts TIMESTAMP, event_account VARCHAR, event_region VARCHAR,
    key_arn VARCHAR, dest_key_arn VARCHAR, key_ref VARCHAR, key_from_alias BOOLEAN, principal VARCHAR, principal_type VARCHAR,
    session_arn VARCHAR, error_class VARCHAR, alias_name VARCHAR,
    source_file VARCHAR, caller_copy_account VARCHAR, encryption_context VARCHAR, context_item VARCHAR
  )`,
  `CREATE TABLE IF NOT EXISTS ingested_files (
    path VARCHAR PRIMARY KEY, size BIGINT, mtime_ms BIGINT, status VARCHAR, reason VARCHAR,
    records BIGINT, kms_records BIGINT, added BIGINT, ingested_at TIMESTAMP
  )`,
  `CREATE TABLE IF NOT EXISTS keytrail_meta (k VARCHAR PRIMARY KEY, v VARCHAR)`,
  // The rollups (lib/queries/rollups.ts); a store from before one gets it built here.
  ...ROLLUPS.map((t) => `CREATE TABLE IF NOT EXISTS ${t} AS ${readSql(rollupFile(t))}`),
  // The column list is this module's constant, not input.
  `CREATE OR REPLACE VIEW cloudtrail_logs AS SELECT ${CLOUDTRAIL_COLUMNS.join(', ')}, "timestamp", source_file AS "$path" FROM kms_events`,
] as const;
