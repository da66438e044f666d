-- lifecycle_changes: key lifecycle changes across all keys in [from, to), oldest first, for the
-- report. The kinds of change are kms_lifecycle's (queries/views/kms_lifecycle.sql), as on a key
-- page (key_lifecycle.sql), so a change the key page shows is never missing from the report.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Grants AWS services make and retire for their own work (kms_lifecycle's `routine`) are rolled up as
-- key_lifecycle.sql rolls them up: one row per key, operation and service, eventId NULL, with their
-- count and span.
-- Rows: eventId, eventTime, lastTime, events, eventName, keyArn, principal, errorCode
WITH changes AS (
  SELECT eventid, event_ts, eventname, key_arn, principal, errorcode, via_service, routine
  FROM kms_lifecycle
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
)
SELECT eventid AS eventId, event_ts AS eventTime, event_ts AS lastTime, 1 AS events, eventname AS eventName,
  key_arn AS keyArn, principal AS principal, errorcode AS errorCode
FROM changes
WHERE NOT routine
UNION ALL
SELECT NULL, min(event_ts), max(event_ts), count(*), eventname, key_arn, via_service, NULL
FROM changes
WHERE routine
GROUP BY eventname, key_arn, via_service
ORDER BY eventTime, eventName
