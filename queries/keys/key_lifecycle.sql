-- key_lifecycle: every lifecycle change of one key up to `to`, oldest first, with its actor:
-- creation, enable/disable, deletion, policy, grants, aliases, key material, rotation, multi-Region
-- replicas, tags (a key policy may grant by tag) and description. A multi-Region key's rotation changes
-- logged on the other keys of its account and key id (its primary, in another Region) too: rotation is
-- set on the primary only and shared (key_status.sql).
-- Params (in order):
--   1 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   2 to            varchar  ISO-8601 UTC, exclusive
--   3-6 key_arn     varchar  full key ARN (four times)
-- Grants AWS services make and retire for their own work (EBS at each volume attach, RDS, Lambda…)
-- come by the hundred: those (through a service, succeeded, grantee in the key's account) are rolled up
-- into one row per operation and service, with eventId NULL, the service as principal, and their count
-- and span; every other change is a row of its own (events 1).
-- Rows: eventId, eventTime, lastTime, events, eventName, keyArn (where it was logged), principal,
--       errorCode, detail
WITH changes AS (
  SELECT eventid, event_ts, eventname, key_arn, principal, errorcode, requestparameters, responseelements,
    serviceeventdetails, alias_name, useridentity.invokedby AS via_service,
    regexp_extract(json_extract_scalar(requestparameters, '$.granteePrincipal'), '^arn:[^:]+:[^:]*:[^:]*:([0-9]{12}):', 1)
      AS grantee_account
  FROM kms_events
  WHERE "timestamp" <= ?
    AND event_ts < from_iso8601_timestamp(?)
    -- contains(), not IN: DuckDB turns a long IN list into a join that reads every row's wide
    -- columns; contains() filters in the scan (Trino reads it the same).
    -- The same list as lifecycle_changes.sql, so the key page and the report agree (a test checks).
    AND contains(ARRAY['CreateKey', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
      'DeleteKey', 'PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'CreateAlias',
      'UpdateAlias', 'DeleteAlias', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
      'DeleteExpiredKeyMaterial', 'EnableKeyRotation', 'DisableKeyRotation', 'RotateKey',
      'RotateKeyOnDemand', 'ReplicateKey', 'UpdatePrimaryRegion', 'TagResource', 'UntagResource',
      'UpdateKeyDescription'], eventname)
    AND (key_arn = ?
      -- A multi-Region key (an mrk- key id): the rotation changes of every key with its account and key id.
      OR (contains(ARRAY['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey', 'RotateKeyOnDemand'], eventname)
        AND split_part(?, ':', 6) LIKE 'key/mrk-%'
        AND split_part(key_arn, ':', 6) = split_part(?, ':', 6) AND split_part(key_arn, ':', 5) = split_part(?, ':', 5)))
),
marked AS (
  SELECT *, contains(ARRAY['CreateGrant', 'RetireGrant', 'RevokeGrant'], eventname) AND errorcode IS NULL
    AND via_service IS NOT NULL AND coalesce(grantee_account, split_part(key_arn, ':', 5)) = split_part(key_arn, ':', 5)
    AS routine
  FROM changes
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  event_ts AS lastTime,
  1 AS events,
  eventname AS eventName,
  key_arn AS keyArn,
  principal AS principal,
  errorcode AS errorCode,
  coalesce(
    json_extract_scalar(responseelements, '$.deletionDate'),
    json_extract_scalar(requestparameters, '$.granteePrincipal'),
    alias_name,
    json_extract_scalar(serviceeventdetails, '$.rotationType'),
    json_extract_scalar(requestparameters, '$.rotationPeriodInDays'),
    -- The tags set or removed, the new description: the caller's text, cut short for a timeline line.
    substr(coalesce(json_format(json_extract(requestparameters, '$.tags')),
      json_format(json_extract(requestparameters, '$.tagKeys')), json_extract_scalar(requestparameters, '$.description')), 1, 200)
  ) AS detail
FROM marked
WHERE NOT routine
UNION ALL
SELECT NULL, min(event_ts), max(event_ts), count(*), eventname, key_arn, via_service, NULL, NULL
FROM marked
WHERE routine
GROUP BY eventname, key_arn, via_service
ORDER BY eventTime, eventName
