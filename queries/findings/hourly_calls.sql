-- hourly_calls: calls per key and UTC hour over the baseline and the range, for the usage-spike
-- rule (the robust z-score against the key's own baseline for that hour of day is computed in
-- lib/findings/spike.ts: hours with no calls count as zero there). A ReEncrypt counts under both
-- its keys. Only calls that worked are scored (a throttling or denial storm decrypted nothing); the
-- failed ones are counted beside them. Whole hours from the first that starts at `baseline_from`
-- or later (the rule never scores a part hour; its baseline starts there too) come from the
-- kms_key_hours rollup; the last hour, cut at `to`, from the events themselves.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `baseline_from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 baseline_from   varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive (whole hours end before its hour)
--   5,10 last_partition_from  varchar  'yyyy/MM/dd', the day before `to`
--   6,11 last_partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   7,12 to              varchar  ISO-8601 UTC (its hour's start)
--   8,13 baseline_from   varchar  ISO-8601 UTC, inclusive
--   9,14 to              varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, hour, calls (that worked), failed
WITH whole_hours AS (
  SELECT key_arn, event_hour, worked AS calls, failed
  FROM kms_key_hours
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_hour >= from_iso8601_timestamp(?)
    AND event_hour < date_trunc('hour', from_iso8601_timestamp(?))
),
last_hour AS (
  SELECT key_arn, event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= date_trunc('hour', from_iso8601_timestamp(?))
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
  UNION ALL
  SELECT dest_key_arn, event_ts, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= date_trunc('hour', from_iso8601_timestamp(?))
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
),
hours AS (
  SELECT key_arn, event_hour, calls, failed
  FROM whole_hours
  UNION ALL
  SELECT key_arn, date_trunc('hour', event_ts), count_if(error_class IS NULL), count(error_class)
  FROM last_hour
  GROUP BY key_arn, date_trunc('hour', event_ts)
)
SELECT key_arn AS keyArn, event_hour AS "hour", sum(calls) AS calls, sum(failed) AS failed
FROM hours
GROUP BY key_arn, event_hour
ORDER BY 1, 2
