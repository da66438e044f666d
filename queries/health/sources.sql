-- sources: per account and region, the KMS events in range, their share, and the latest event
-- ever seen (a stale source means a trail stopped delivering or excludes KMS events).
-- Params (in order):
--   1 from  varchar  ISO-8601 UTC, inclusive
--   2 to    varchar  ISO-8601 UTC, exclusive
-- Deliberately unpartitioned: "latest ever" must look beyond the range. On Athena this scans
-- the whole table; KeyTrail runs it only on the data health page.
-- Rows: account, region, events, latestEvent
WITH latest AS (
  SELECT event_account AS account, event_region AS region, max(event_ts) AS latest_event
  FROM kms_events
  GROUP BY 1, 2
),
in_range AS (
  -- Its own pass: Athena takes parameters in WHERE clauses only, not in a count_if.
  SELECT event_account AS account, event_region AS region, count(*) AS events
  FROM kms_events
  WHERE event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
  GROUP BY 1, 2
)
SELECT l.account AS account, l.region AS region, coalesce(r.events, 0) AS events, l.latest_event AS latestEvent
FROM latest l
-- A record without an account or Region still has its row (NULLs join as empty).
LEFT JOIN in_range r ON coalesce(r.account, '') = coalesce(l.account, '') AND coalesce(r.region, '') = coalesce(l.region, '')
ORDER BY events DESC, account, region
