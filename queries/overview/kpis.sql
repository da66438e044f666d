-- kpis: headline numbers for a range, for all keys or one key.
-- Params (in order):
--   1,2 key_arn       varchar  full key ARN, or NULL for all keys
--   3 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   4 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   5 from            varchar  ISO-8601 UTC, inclusive
--   6 to              varchar  ISO-8601 UTC, exclusive
-- Rows: calls, failed, accessDenied, activeKeys, principals, firstEvent (the range's first event of
-- any key: a period the logs begin inside of is no baseline to compare with)
-- One pass over the range for both (the key is a flag, not a filter): Athena would read it twice.
WITH range_events AS (
  SELECT key_arn, principal, errorcode, error_class, event_ts, (? IS NULL OR key_arn = ?) AS chosen
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
)
SELECT
  count_if(chosen) AS calls,
  count_if(chosen AND errorcode IS NOT NULL) AS failed,
  count_if(chosen AND error_class = 'access-denied') AS accessDenied,
  count(DISTINCT CASE WHEN chosen THEN key_arn END) AS activeKeys,
  count(DISTINCT CASE WHEN chosen THEN principal END) AS principals,
  min(event_ts) AS firstEvent
FROM range_events
