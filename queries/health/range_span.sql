-- range_span: the first and last KMS event in a range, over every key: where the logs in the store
-- begin or end inside it, so a chart can mark "no logs" there instead of drawing zero use.
-- KeyTrail runs it only when the range's start or end has no events near it (two small
-- daily_counts reads), so on Athena the whole range is scanned only for a range past the logs.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: firstEvent, lastEvent (both NULL when the range holds no events)
WITH events AS (
  SELECT event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
)
SELECT min(event_ts) AS "firstEvent", max(event_ts) AS "lastEvent"
FROM events
