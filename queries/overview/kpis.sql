-- kpis: headline numbers for a range, for all keys or one key.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
--   5,6 key_arn       varchar  full key ARN, or NULL for all keys
-- Rows: calls, failed, accessDenied, activeKeys, principals, noKeyCalls (calls that name no key)
WITH events AS (
  SELECT key_arn, principal, errorcode, error_class
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR key_arn = ?)
)
SELECT
  count(*) AS calls,
  count(errorcode) AS failed,
  count_if(error_class = 'access-denied') AS accessDenied,
  count(DISTINCT key_arn) AS activeKeys,
  count(DISTINCT principal) AS principals,
  count_if(key_arn IS NULL) AS noKeyCalls
FROM events
