-- risky_changes: destructive or risky key changes that succeeded, one row per event:
-- ScheduleKeyDeletion, DisableKey, DisableKeyRotation, PutKeyPolicy, DeleteImportedKeyMaterial,
-- CreateGrant whose grantee is in another account than the key's and the caller's, and CreateKey or ReplicateKey given a
-- policy (which KeyTrail reads, as it reads PutKeyPolicy's: lib/findings/key-policy.ts).
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: eventId, eventName, keyArn, principal, eventTime, grantee, deletionDate, policy, replicaRegion
WITH changes AS (
  SELECT
    eventid, eventname, key_arn, principal, event_ts, caller_account,
    json_extract_scalar(requestparameters, '$.granteePrincipal') AS grantee,
    json_extract_scalar(responseelements, '$.deletionDate') AS deletion_date,
    -- ReplicateKey's response names the replica's policy, the caller's or the default (AWS's sample record).
    coalesce(json_extract_scalar(requestparameters, '$.policy'),
      CASE WHEN eventname = 'ReplicateKey' THEN json_extract_scalar(responseelements, '$.replicaPolicy') END) AS policy,
    -- ReplicateKey is logged on the primary (its keyArn); the new replica is in this Region.
    json_extract_scalar(requestparameters, '$.replicaRegion') AS replica_region
  -- Every lifecycle change (queries/views/kms_lifecycle.sql): a few rows, not every event's name.
  FROM kms_lifecycle
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND errorcode IS NULL
    -- A service's grant into the key's own account (kms_lifecycle's routine) is never one of these.
    AND NOT routine
    AND contains(ARRAY['ScheduleKeyDeletion', 'DisableKey', 'DisableKeyRotation', 'PutKeyPolicy',
      'DeleteImportedKeyMaterial', 'CreateGrant', 'CreateKey', 'ReplicateKey'], eventname)
)
SELECT
  eventid AS eventId,
  eventname AS eventName,
  key_arn AS keyArn,
  principal AS principal,
  event_ts AS eventTime,
  grantee AS grantee,
  deletion_date AS deletionDate,
  policy AS policy,
  replica_region AS replicaRegion
FROM changes
WHERE CASE eventname
  -- A grantee in the key's own account (or an AWS service) is routine; another account is not, unless
  -- it is the caller's own (EC2 granting its instance in the account that launched it: that account
  -- could already use the key, or it could not have made the grant).
  WHEN 'CreateGrant' THEN (regexp_extract(grantee, '^arn:[^:]+:[^:]*:[^:]*:([0-9]{12}):', 1) <> split_part(key_arn, ':', 5)
    AND coalesce(regexp_extract(grantee, '^arn:[^:]+:[^:]*:[^:]*:([0-9]{12}):', 1) <> caller_account, true))
  -- A new key (or a new replica: ReplicateKey takes a policy as CreateKey does) without a policy of
  -- its own gets the default one, which opens nothing.
  WHEN 'CreateKey' THEN policy IS NOT NULL
  WHEN 'ReplicateKey' THEN policy IS NOT NULL
  ELSE TRUE END
ORDER BY event_ts
