-- lifecycle_changes: key lifecycle changes across all keys in [from, to), oldest first, for the
-- report: creation, enable/disable, deletion, policy, grants, aliases, key material, rotation,
-- multi-Region replicas.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: eventId, eventTime, eventName, keyArn, principal, errorCode
WITH changes AS (
  SELECT eventid, event_ts, eventname, key_arn, principal, errorcode
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    -- contains(), not IN: DuckDB turns a long IN list into a join that reads every row's wide
    -- columns; contains() filters in the scan (Trino reads it the same).
    -- The same list as key_lifecycle.sql, so the report and the key page agree (a test checks).
    AND contains(ARRAY['CreateKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
      'DeleteKey', 'PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'CreateAlias',
      'UpdateAlias', 'DeleteAlias', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
      'DeleteExpiredKeyMaterial', 'EnableKeyRotation', 'DisableKeyRotation', 'RotateKey',
      'RotateKeyOnDemand', 'ReplicateKey', 'UpdatePrimaryRegion'], eventname)
)
SELECT eventid AS eventId, event_ts AS eventTime, eventname AS eventName, key_arn AS keyArn,
  principal AS principal, errorcode AS errorCode
FROM changes
ORDER BY event_ts
