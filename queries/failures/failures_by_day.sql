-- failures_by_day: failed calls per day (UTC) and error code.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
--   5,6 key_arn       varchar  full key ARN, or NULL for all keys
-- Rows: day, errorCode, count
WITH failed AS (
  SELECT event_ts, errorcode
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND error_class IS NOT NULL
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
)
SELECT
  date_trunc('day', event_ts) AS "day",
  errorcode AS errorCode,
  count(*) AS "count"
FROM failed
GROUP BY 1, 2
ORDER BY 1, 2
