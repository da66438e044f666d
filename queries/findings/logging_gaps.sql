-- logging_gaps: per account and region that had KMS events, each silence of at least
-- `min_gap_seconds` between consecutive events, and from the last event to the end of the range.
-- Params (in order):
--   1 partition_from   varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to     varchar  'yyyy/MM/dd', the day after `to`
--   3 from             varchar  ISO-8601 UTC, inclusive
--   4 to               varchar  ISO-8601 UTC, exclusive
--   5 to (again)       varchar  ISO-8601 UTC: the end of the last gap
--   6 min_gap_seconds  integer  a WHERE bound
-- Rows: account, region, gapStart, gapEnd, hours
WITH events AS (
  SELECT event_account, event_region, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
),
ordered AS (
  SELECT
    event_account, event_region, event_ts AS gap_start,
    coalesce(lead(event_ts) OVER (PARTITION BY event_account, event_region ORDER BY event_ts),
      from_iso8601_timestamp(?)) AS gap_end
  FROM events
)
SELECT
  event_account AS account, event_region AS region, gap_start AS gapStart, gap_end AS gapEnd,
  (to_unixtime(gap_end) - to_unixtime(gap_start)) / 3600 AS hours
FROM ordered
WHERE to_unixtime(gap_end) - to_unixtime(gap_start) >= ?
ORDER BY gap_start
