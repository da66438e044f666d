-- key_lifecycle: every lifecycle change of one key up to `to`, oldest first, with its actor:
-- creation, enable/disable, deletion, policy, grants, aliases, key material, rotation, multi-Region
-- replicas.
-- Params (in order):
--   1 key_arn       varchar  full key ARN
--   2 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3 to            varchar  ISO-8601 UTC, exclusive
-- Rows: eventId, eventTime, eventName, principal, errorCode, detail
WITH changes AS (
  SELECT eventid, event_ts, eventname, principal, errorcode, requestparameters, responseelements,
    serviceeventdetails, alias_name
  FROM kms_events
  WHERE key_arn = ?
    AND "timestamp" <= ?
    AND event_ts < from_iso8601_timestamp(?)
    -- contains(), not IN: DuckDB turns a long IN list into a join that reads every row's wide
    -- columns; contains() filters in the scan (Trino reads it the same).
    -- The same list as lifecycle_changes.sql, so the key page and the report agree (a test checks).
    AND contains(ARRAY['CreateKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
      'DeleteKey', 'PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'CreateAlias',
      'UpdateAlias', 'DeleteAlias', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
      'DeleteExpiredKeyMaterial', 'EnableKeyRotation', 'DisableKeyRotation', 'RotateKey',
      'RotateKeyOnDemand', 'ReplicateKey', 'UpdatePrimaryRegion'], eventname)
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  eventname AS eventName,
  principal AS principal,
  errorcode AS errorCode,
  coalesce(
    json_extract_scalar(responseelements, '$.deletionDate'),
    json_extract_scalar(requestparameters, '$.granteePrincipal'),
    alias_name,
    json_extract_scalar(serviceeventdetails, '$.rotationType'),
    json_extract_scalar(requestparameters, '$.rotationPeriodInDays')
  ) AS detail
FROM changes
ORDER BY event_ts
