-- logging_gaps: per account and region that had KMS events, each silence of at least
-- `min_gap_seconds` that reaches into the range: between consecutive events, from the last event to
-- the end of the range (or now, if sooner), and from the last event before the range (within the
-- lookback) to the first in it, so a trail that stopped before the range began is found too.
-- A source's last silence, still running at its last event, has gapEnd and hours NULL: the caller
-- ends it at the end of the range (or now) and applies the minimum (Athena takes parameters in
-- WHERE clauses only, so the end cannot be a value here).
-- Params (in order):
--   1 lookback_partition_from  varchar  'yyyy/MM/dd', the day before `lookback_from`
--   2 lookback_partition_to    varchar  'yyyy/MM/dd', the day after `from`
--   3 lookback_from    varchar  ISO-8601 UTC, inclusive: how far back a source's last event is looked for
--   4 from             varchar  ISO-8601 UTC, exclusive
--   5 partition_from   varchar  'yyyy/MM/dd', the day before `from`
--   6 partition_to     varchar  'yyyy/MM/dd', the day after `to`
--   7 from             varchar  ISO-8601 UTC, inclusive
--   8 to               varchar  ISO-8601 UTC, exclusive
--   9 from             varchar  ISO-8601 UTC: a gap must end after it
--   10 min_gap_seconds integer  a WHERE bound, at least 3600 (the catalog's schema): see `minutes`
-- Rows: account, region, gapStart, gapEnd, hours
WITH before AS (
  SELECT event_account, event_region, max(event_ts) AS last_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
  GROUP BY event_account, event_region
),
minutes AS (
  -- Each minute's first and last event: two events more than a minute apart fall in different
  -- minutes, and a gap is at least an hour, so these are all the gaps need (the window below sorts
  -- ~1,400 rows per source a day instead of every event).
  SELECT event_account, event_region, min(event_ts) AS first_ts, max(event_ts) AS last_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
  GROUP BY event_account, event_region, date_trunc('minute', event_ts)
  UNION ALL
  SELECT event_account, event_region, last_ts, last_ts
  FROM before
),
ordered AS (
  SELECT
    event_account, event_region, last_ts AS gap_start,
    lead(first_ts) OVER (PARTITION BY event_account, event_region ORDER BY first_ts) AS gap_end
  FROM minutes
)
SELECT
  event_account AS account, event_region AS region, gap_start AS gapStart, gap_end AS gapEnd,
  (to_unixtime(gap_end) - to_unixtime(gap_start)) / 3600 AS hours
FROM ordered
WHERE gap_end IS NULL
  OR (gap_end > from_iso8601_timestamp(?) AND to_unixtime(gap_end) - to_unixtime(gap_start) >= ?)
ORDER BY gap_start
