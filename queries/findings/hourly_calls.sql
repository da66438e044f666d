-- hourly_calls: calls per key and UTC hour over the baseline and the range, for the usage-spike
-- rule (the robust z-score against the key's own baseline for that hour of day is computed in
-- lib/findings/spike.ts: hours with no calls count as zero there). A ReEncrypt counts under both
-- its keys: a mass re-encryption into a key is a spike on that key. Only calls that worked are scored
-- (a throttling or denial storm decrypted nothing); the failed ones are counted beside them.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `baseline_from`
--   2,6 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,7 baseline_from varchar  ISO-8601 UTC, inclusive
--   4,8 to            varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, hour, calls (that worked), failed
WITH events AS (
  SELECT key_arn, event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
  UNION ALL
  SELECT dest_key_arn, event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
)
SELECT key_arn AS keyArn, date_trunc('hour', event_ts) AS "hour", count_if(error_class IS NULL) AS calls,
  count(error_class) AS failed
FROM events
GROUP BY 1, 2
ORDER BY 1, 2
