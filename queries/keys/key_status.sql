-- key_status: what the logs say about each key as of `to`, from its latest state-changing events:
-- rotation on or off (when, by whom, period), the last rotation and its type, disabled,
-- pending deletion (and the deletion date). NULL means the logs hold no evidence.
-- Unbounded below on purpose: a key disabled a year ago is still disabled.
-- Every key seen up to `to` gets a row, so unused keys are listed too.
-- The list of keys comes from kms_keys (queries/views/kms_keys.sql), a rollup on DuckDB.
-- Params (in order):
--   1 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   2 to            varchar  ISO-8601 UTC, exclusive
--   3 to            varchar  again, for the list of keys
-- Rows: keyArn, rotationEnabled, rotationChangedAt, rotationChangedBy, rotationPeriodDays,
--       lastRotated, lastRotationType, disabled, pendingDeletion, unusableSince, deletionDate, createdAt
WITH changes AS (
  SELECT
    key_arn, eventname, event_ts, principal, requestparameters, responseelements, serviceeventdetails,
    CASE
      WHEN eventname IN ('EnableKeyRotation', 'DisableKeyRotation') THEN 'rotation'
      WHEN eventname IN ('RotateKey', 'RotateKeyOnDemand') THEN 'rotated'
      -- A cancelled deletion leaves the key disabled.
      WHEN eventname IN ('EnableKey', 'DisableKey', 'CancelKeyDeletion') THEN 'enabled'
      WHEN eventname = 'CreateKey' THEN 'created'
      ELSE 'deletion'
    END AS aspect,
    -- Within one second (CloudTrail's precision), the order AWS forces: a key is disabled before it
    -- is scheduled for deletion, a deletion is cancelled before the key is enabled, deleted last.
    to_unixtime(event_ts) * 10000 + CASE eventname WHEN 'ScheduleKeyDeletion' THEN 1 WHEN 'CancelKeyDeletion' THEN 2
      WHEN 'EnableKey' THEN 3 WHEN 'DeleteKey' THEN 4 ELSE 0 END AS seq
  FROM kms_events
  WHERE "timestamp" <= ?
    AND event_ts < from_iso8601_timestamp(?)
    AND errorcode IS NULL
    AND key_arn IS NOT NULL
    -- contains(), not IN: DuckDB turns a long IN list into a join that reads every row's wide
    -- columns; contains() filters in the scan (Trino reads it the same).
    AND contains(ARRAY['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey', 'RotateKeyOnDemand',
      'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey', 'CreateKey'], eventname)
),
latest AS (
  SELECT *, row_number() OVER (PARTITION BY key_arn, aspect ORDER BY seq DESC) AS rn,
    max(CASE WHEN eventname = 'EnableKey' THEN seq END) OVER (PARTITION BY key_arn) AS enabled_seq
  FROM changes
),
spells AS (
  -- The current unusable spell began at the first Disable/Schedule/Cancel after the last EnableKey.
  SELECT *, min(CASE WHEN contains(ARRAY['DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion'], eventname)
    AND (enabled_seq IS NULL OR seq > enabled_seq) THEN event_ts END) OVER (PARTITION BY key_arn) AS spell_start
  FROM latest
),
last_of AS (
  SELECT * FROM spells WHERE rn = 1
),
keys AS (
  SELECT key_arn
  FROM kms_keys
  WHERE first_seen < from_iso8601_timestamp(?)
)
SELECT
  k.key_arn AS keyArn,
  max(CASE WHEN eventname = 'EnableKeyRotation' THEN true WHEN eventname = 'DisableKeyRotation' THEN false END) AS rotationEnabled,
  max(CASE WHEN aspect = 'rotation' THEN event_ts END) AS rotationChangedAt,
  max(CASE WHEN aspect = 'rotation' THEN principal END) AS rotationChangedBy,
  max(CASE WHEN eventname = 'EnableKeyRotation'
    -- Without a period (and before periods existed), rotation is yearly.
    THEN coalesce(CAST(json_extract_scalar(requestparameters, '$.rotationPeriodInDays') AS integer), 365) END) AS rotationPeriodDays,
  max(CASE WHEN aspect = 'rotated' THEN event_ts END) AS lastRotated,
  max(CASE WHEN eventname = 'RotateKeyOnDemand' THEN 'ON_DEMAND'
           WHEN eventname = 'RotateKey' THEN coalesce(json_extract_scalar(serviceeventdetails, '$.rotationType'), 'AUTOMATIC') END) AS lastRotationType,
  coalesce(max(CASE WHEN eventname IN ('DisableKey', 'CancelKeyDeletion') THEN true
                    WHEN eventname = 'EnableKey' THEN false END), false) AS disabled,
  -- Pending: the latest deletion event schedules it, and no cancellation (or enabling) came after.
  coalesce(max(CASE WHEN eventname = 'ScheduleKeyDeletion' THEN true WHEN eventname = 'DeleteKey' THEN false END), false)
    AND coalesce(max(CASE WHEN aspect = 'enabled' THEN seq END) < max(CASE WHEN aspect = 'deletion' THEN seq END), true)
    AS pendingDeletion,
  -- Since when it is unusable: a call after that depends on a key that no longer works.
  max(spell_start) AS unusableSince,
  max(CASE WHEN eventname = 'ScheduleKeyDeletion' THEN json_extract_scalar(responseelements, '$.deletionDate') END) AS deletionDate,
  max(CASE WHEN aspect = 'created' THEN event_ts END) AS createdAt
FROM keys k
LEFT JOIN last_of l ON l.key_arn = k.key_arn
GROUP BY k.key_arn
