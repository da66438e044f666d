-- key_status: what the logs say about each key's state, from its latest state-changing events:
-- automatic rotation on or off, disabled, pending deletion (and when it will be deleted).
-- NULL means the logs hold no evidence. Unpartitioned on purpose: a key disabled a year ago is
-- still disabled.
-- Params: none.
-- Rows: keyArn, rotationEnabled, rotationChangedAt, disabled, pendingDeletion, deletionDate
WITH changes AS (
  SELECT
    key_arn,
    eventname,
    event_ts,
    responseelements,
    CASE
      WHEN eventname IN ('EnableKeyRotation', 'DisableKeyRotation') THEN 'rotation'
      WHEN eventname IN ('EnableKey', 'DisableKey') THEN 'enabled'
      ELSE 'deletion'
    END AS aspect
  FROM kms_events
  WHERE errorcode IS NULL
    AND key_arn IS NOT NULL
    AND eventname IN ('EnableKeyRotation', 'DisableKeyRotation', 'EnableKey', 'DisableKey',
      'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey')
),
latest AS (
  SELECT *, row_number() OVER (PARTITION BY key_arn, aspect ORDER BY event_ts DESC) AS rn
  FROM changes
)
SELECT
  key_arn AS keyArn,
  max(CASE WHEN rn = 1 AND eventname = 'EnableKeyRotation' THEN true
           WHEN rn = 1 AND eventname = 'DisableKeyRotation' THEN false END) AS rotationEnabled,
  max(CASE WHEN rn = 1 AND eventname IN ('EnableKeyRotation', 'DisableKeyRotation') THEN event_ts END) AS rotationChangedAt,
  coalesce(max(CASE WHEN rn = 1 AND eventname = 'DisableKey' THEN true
                    WHEN rn = 1 AND eventname = 'EnableKey' THEN false END), false) AS disabled,
  coalesce(max(CASE WHEN rn = 1 AND eventname = 'ScheduleKeyDeletion' THEN true
                    WHEN rn = 1 AND eventname IN ('CancelKeyDeletion', 'DeleteKey') THEN false END), false) AS pendingDeletion,
  max(CASE WHEN rn = 1 AND eventname = 'ScheduleKeyDeletion'
           THEN json_extract_scalar(responseelements, '$.deletionDate') END) AS deletionDate
FROM latest
GROUP BY key_arn
