-- root_use: KMS calls made by an account's root user, per key. A ReEncrypt counts under both its
-- keys, as the key's events list shows it under both.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,6 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3,7 from            varchar  ISO-8601 UTC, inclusive
--   4,8 to              varchar  ISO-8601 UTC, exclusive
-- Rows: principal, keyArn, operations, firstSeen, lastSeen, calls
WITH events AS (
  SELECT principal, key_arn, eventname, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND useridentity.type = 'Root'
  UNION ALL
  SELECT principal, dest_key_arn, eventname, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND useridentity.type = 'Root'
    AND dest_key_arn IS NOT NULL
)
SELECT
  principal AS principal, key_arn AS keyArn, array_join(array_agg(DISTINCT eventname), ', ') AS operations,
  min(event_ts) AS firstSeen, max(event_ts) AS lastSeen, count(*) AS calls
FROM events
GROUP BY principal, key_arn
ORDER BY min(event_ts)
