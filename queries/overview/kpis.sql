-- kpis: headline numbers for a range, for all keys or one key.
-- Params (in order):
--   1,7 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,8 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,9 from          varchar  ISO-8601 UTC, inclusive
--   4,10 to           varchar  ISO-8601 UTC, exclusive
--   5,6,11,12 key_arn  varchar  full key ARN, or NULL for all keys
-- Rows: calls, failed, accessDenied, activeKeys (the keys the calls used: a ReEncrypt uses two; not
--       a key id KMS answered NotFoundException, no such key), principals, noKeyCalls (calls that name no key)
WITH events AS (
  SELECT key_arn, principal, error_class, errorcode, false AS key_only
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
  UNION ALL
  -- A ReEncrypt's destination key is a key in use too: a row for activeKeys only, not a call.
  SELECT dest_key_arn, NULL, NULL, NULL, true
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
)
SELECT
  count_if(NOT key_only) AS calls,
  count(error_class) AS failed,
  count_if(error_class = 'access-denied') AS accessDenied,
  count(DISTINCT CASE WHEN errorcode IS DISTINCT FROM 'NotFoundException' THEN key_arn END) AS activeKeys,
  -- A caller the record does not name counts once, as the top principals' "(unknown)" row; a
  -- destination's row is no call and names no caller.
  count(DISTINCT CASE WHEN NOT key_only THEN coalesce(principal, '(unknown)') END) AS principals,
  count_if(key_arn IS NULL AND NOT key_only) AS noKeyCalls
FROM events
