-- failure_burst: bursts of one error class (AccessDenied, or integrity failures). For each such
-- failure, how many the same principal had on the same key within the following window; the peak
-- per principal and key is the finding. A failed ReEncrypt counts under both its keys (either may
-- have refused it), as the key's events list shows it under both.
-- Params (in order):
--   1,6 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,7 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3,8 from            varchar  ISO-8601 UTC, inclusive
--   4,9 to              varchar  ISO-8601 UTC, exclusive
--   5,10 burst_class    varchar  the error_class that bursts: 'access-denied' or 'integrity'
--   11 window_seconds   integer  the sliding window (a WHERE bound)
--   12 threshold        integer  failures within one window that make a burst
-- Rows: principal, keyArn, peak, firstSeen, lastSeen, total
WITH failed AS (
  SELECT eventid, event_ts, coalesce(principal, '(unknown)') AS principal, coalesce(key_arn, '(unknown key)') AS key_arn
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND error_class = ?
  UNION ALL
  SELECT eventid, event_ts, coalesce(principal, '(unknown)'), dest_key_arn
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND error_class = ?
    AND dest_key_arn IS NOT NULL
),
windows AS (
  -- One window per failure: several share a second (CloudTrail's precision), so group by the event, not its time.
  SELECT a.principal, a.key_arn, a.event_ts AS window_start, count(*) AS in_window, max(b.event_ts) AS window_end
  FROM failed a
  JOIN failed b ON b.principal = a.principal AND b.key_arn = a.key_arn AND b.event_ts >= a.event_ts
  WHERE to_unixtime(b.event_ts) - to_unixtime(a.event_ts) <= ?
  GROUP BY a.principal, a.key_arn, a.eventid, a.event_ts
),
bursts AS (
  SELECT principal, key_arn, max(in_window) AS peak, min(window_start) AS first_seen, max(window_end) AS last_seen
  FROM windows
  WHERE in_window >= ?
  GROUP BY principal, key_arn
)
SELECT
  b.principal AS principal,
  b.key_arn AS keyArn,
  b.peak AS peak,
  b.first_seen AS firstSeen,
  b.last_seen AS lastSeen,
  count(d.eventid) AS total
FROM bursts b
JOIN failed d ON d.principal = b.principal AND d.key_arn = b.key_arn
  AND d.event_ts BETWEEN b.first_seen AND b.last_seen
GROUP BY b.principal, b.key_arn, b.peak, b.first_seen, b.last_seen
ORDER BY peak DESC, principal
