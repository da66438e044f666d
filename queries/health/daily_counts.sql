-- daily_counts: KMS events per UTC day in range (only days with events; the health API lists the
-- days with none). The summary cards also ask it whether the logs cover a period's start.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: day, count
WITH events AS (
  SELECT event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
)
SELECT date_trunc('day', event_ts) AS "day", count(*) AS "count"
FROM events
GROUP BY 1
ORDER BY 1
