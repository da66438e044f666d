-- failures_by_hour: failed calls by weekday (1 = Monday … 7 = Sunday) and hour of day (UTC),
-- split by error class so AccessDenied can be told apart from key-state and integrity errors.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
--   5,6 key_arn       varchar  full key ARN, or NULL for all keys
--   7,8 principal     varchar  exactly, the principal or a role session's ARN, or NULL
-- Rows: weekday, hour, errorClass, count
WITH failed AS (
  SELECT event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND error_class IS NOT NULL
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
    AND (? IS NULL OR ? IN (principal, session_arn))
)
SELECT
  day_of_week(event_ts) AS weekday,
  hour(event_ts) AS "hour",
  error_class AS errorClass,
  count(*) AS "count"
FROM failed
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
