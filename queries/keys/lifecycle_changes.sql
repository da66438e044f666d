-- lifecycle_changes: key lifecycle changes across all keys in [from, to), oldest first, for the
-- report: creation, enable/disable, deletion, policy, grants, aliases, key material, rotation,
-- multi-Region replicas, tags (a key policy may grant by tag) and description.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Grants AWS services make and retire for their own work are rolled up as key_lifecycle.sql rolls them
-- up: one row per key, operation and service, eventId NULL, with their count and span.
-- Rows: eventId, eventTime, lastTime, events, eventName, keyArn, principal, errorCode
WITH changes AS (
  SELECT eventid, event_ts, eventname, key_arn, principal, errorcode, useridentity.invokedby AS via_service,
    regexp_extract(json_extract_scalar(requestparameters, '$.granteePrincipal'), '^arn:[^:]+:[^:]*:[^:]*:([0-9]{12}):', 1)
      AS grantee_account
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
      'RotateKeyOnDemand', 'ReplicateKey', 'UpdatePrimaryRegion', 'TagResource', 'UntagResource',
      'UpdateKeyDescription'], eventname)
),
-- Through a service, succeeded, grantee in the key's account: routine (key_lifecycle.sql says why).
marked AS (
  SELECT *, contains(ARRAY['CreateGrant', 'RetireGrant', 'RevokeGrant'], eventname) AND errorcode IS NULL
    AND via_service IS NOT NULL AND coalesce(grantee_account, split_part(key_arn, ':', 5)) = split_part(key_arn, ':', 5)
    AS routine
  FROM changes
)
SELECT eventid AS eventId, event_ts AS eventTime, event_ts AS lastTime, 1 AS events, eventname AS eventName,
  key_arn AS keyArn, principal AS principal, errorcode AS errorCode
FROM marked
WHERE NOT routine
UNION ALL
SELECT NULL, min(event_ts), max(event_ts), count(*), eventname, key_arn, via_service, NULL
FROM marked
WHERE routine
GROUP BY eventname, key_arn, via_service
ORDER BY eventTime, eventName
