-- unusable_key_calls: calls that failed because the key is disabled or pending deletion:
-- someone still depends on a key that is going away.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, principal, errorCode, firstSeen, lastSeen, calls
WITH failed AS (
  SELECT key_arn, principal, errorcode, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND errorcode IN ('DisabledException', 'KMSInvalidStateException')
)
SELECT
  key_arn AS keyArn, principal AS principal, errorcode AS errorCode,
  min(event_ts) AS firstSeen, max(event_ts) AS lastSeen, count(*) AS calls
FROM failed
GROUP BY key_arn, principal, errorcode
ORDER BY count(*) DESC
