-- principal_keys: the keys one principal used in range (calls to no known key grouped apart;
-- a ReEncrypt counts under both its keys).
-- Params (in order):
--   1,6 principal     varchar  exactly: the principal, or a role session's ARN (that session's calls)
--   2,7 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   3,8 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   4,9 from          varchar  ISO-8601 UTC, inclusive
--   5,10 to           varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, calls, errors, lastSeen
WITH events AS (
  SELECT coalesce(key_arn, '(unknown key)') AS key_arn, error_class, event_ts
  FROM kms_events
  WHERE ? IN (principal, session_arn)
    AND "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
  UNION ALL
  -- A ReEncrypt counts under its destination key too.
  SELECT dest_key_arn, error_class, event_ts
  FROM kms_events
  WHERE ? IN (principal, session_arn)
    AND "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
)
SELECT key_arn AS keyArn, count(*) AS calls, count(error_class) AS errors, max(event_ts) AS lastSeen
FROM events
GROUP BY key_arn
ORDER BY count(*) DESC, key_arn
