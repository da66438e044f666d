-- kms_lifecycle: every event that changes a key's lifecycle, failed ones too: creation, enable/disable,
-- deletion, policy, grants, aliases, key material, rotation, multi-Region replicas, tags (a key policy
-- may grant by tag) and description. What a key page's lifecycle (key_lifecycle.sql) and the report's
-- (lifecycle_changes.sql) read, so both list the same kinds of change, and the risky-change rule
-- (risky_changes.sql). Finding them by name among every event cost each key page ~125 ms at 10M events.
-- routine: a grant an AWS service made or retired for its own work (EBS at each volume attach, RDS,
-- Lambda…): through a service, succeeded, grantee in the key's account. They come by the hundred, so
-- the queries roll them up into one line per operation and service.
-- Athena: CREATE OR REPLACE VIEW kms_lifecycle AS <this query> (npm run athena:ddl prints it). Its
-- "timestamp" is the table's partition, so a filter on it prunes as it does on kms_events.
-- DuckDB: a table rebuilt from this same text after every ingest, as kms_keys is.
-- Params: none.
WITH changes AS (
  SELECT "timestamp", eventid, event_ts, eventname, key_arn, principal, errorcode, requestparameters,
    responseelements, serviceeventdetails, alias_name, useridentity.invokedby AS via_service,
    useridentity.accountid AS caller_account,
    regexp_extract(json_extract_scalar(requestparameters, '$.granteePrincipal'), '^arn:[^:]+:[^:]*:[^:]*:([0-9]{12}):', 1)
      AS grantee_account
  FROM kms_events
  -- contains(), not IN: DuckDB makes a long IN list a join that reads every row's wide columns.
  WHERE contains(ARRAY['CreateKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
    'DeleteKey', 'PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'CreateAlias',
    'UpdateAlias', 'DeleteAlias', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
    'DeleteExpiredKeyMaterial', 'EnableKeyRotation', 'DisableKeyRotation', 'RotateKey',
    'RotateKeyOnDemand', 'ReplicateKey', 'UpdatePrimaryRegion', 'TagResource', 'UntagResource',
    'UpdateKeyDescription'], eventname)
)
SELECT "timestamp", eventid, event_ts, eventname, key_arn, principal, errorcode, requestparameters,
  responseelements, serviceeventdetails, alias_name, via_service, caller_account,
  contains(ARRAY['CreateGrant', 'RetireGrant', 'RevokeGrant'], eventname) AND errorcode IS NULL
    AND via_service IS NOT NULL AND coalesce(grantee_account, split_part(key_arn, ':', 5)) = split_part(key_arn, ':', 5)
    AS routine
FROM changes
