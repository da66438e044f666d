-- logs_at: the first KMS event (any key) in a window, to tell whether the logs cover a period's
-- start: the summary compares with the previous period only if they do.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: firstEvent (NULL when the window has no events)
WITH events AS (
  SELECT event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
)
SELECT min(event_ts) AS firstEvent
FROM events
