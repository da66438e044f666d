-- sources: per account and region, the KMS events in range, their share, and the latest event
-- ever seen (a stale source means a trail stopped delivering or excludes KMS events).
-- Params (in order):
--   1 from  varchar  ISO-8601 UTC, inclusive
--   2 to    varchar  ISO-8601 UTC, exclusive
-- Deliberately unpartitioned: "latest ever" must look beyond the range. On Athena this scans
-- the whole table; KeyTrail runs it only on the data health page.
-- Rows: account, region, events, latestEvent
WITH per_source AS (
  SELECT
    event_account AS account,
    event_region AS region,
    count_if(event_ts >= from_iso8601_timestamp(?) AND event_ts < from_iso8601_timestamp(?)) AS events,
    max(event_ts) AS latest_event
  FROM kms_events
  GROUP BY 1, 2
)
SELECT account AS account, region AS region, events AS events, latest_event AS latestEvent
FROM per_source
ORDER BY events DESC, account, region
