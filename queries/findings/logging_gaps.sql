-- logging_gaps: per account and region that had KMS events, each silence of at least
-- `min_gap_seconds` between consecutive events, and from the last event to the end of the range.
-- Params (in order):
--   1 partition_from   varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to     varchar  'yyyy/MM/dd', the day after `to`
--   3 from             varchar  ISO-8601 UTC, inclusive
--   4 to               varchar  ISO-8601 UTC, exclusive
--   5 to (again)       varchar  ISO-8601 UTC: the end of the last gap
--   6 min_gap_seconds  integer  a WHERE bound, at least 3600 (the catalog's schema): see `minutes`
-- Rows: account, region, gapStart, gapEnd, hours
WITH events AS (
  SELECT event_account, event_region, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
),
minutes AS (
  -- Each minute's first and last event: two events more than a minute apart fall in different
  -- minutes, and a gap is at least an hour, so these are all the gaps need (the window below sorts
  -- ~1,400 rows per source a day instead of every event).
  SELECT event_account, event_region, min(event_ts) AS first_ts, max(event_ts) AS last_ts
  FROM events
  GROUP BY event_account, event_region, date_trunc('minute', event_ts)
),
ordered AS (
  SELECT
    event_account, event_region, last_ts AS gap_start,
    coalesce(lead(first_ts) OVER (PARTITION BY event_account, event_region ORDER BY first_ts),
      from_iso8601_timestamp(?)) AS gap_end
  FROM minutes
)
SELECT
  event_account AS account, event_region AS region, gap_start AS gapStart, gap_end AS gapEnd,
  (to_unixtime(gap_end) - to_unixtime(gap_start)) / 3600 AS hours
FROM ordered
WHERE to_unixtime(gap_end) - to_unixtime(gap_start) >= ?
ORDER BY gap_start
