-- secret_sweep: one principal decrypting many secrets or parameters it had not read before, within a
-- short window: what credential harvesting looks like in KMS (Secrets Manager's GetSecretValue and
-- SSM's GetParameter with decryption each call Decrypt with a context naming the secret or parameter).
-- For each secret or parameter a principal first read in the range (not in the baseline before it), how
-- many others it first read within the following window; the peak per principal is the finding.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `baseline_from`
--   2,6 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3,7 baseline_from   varchar  ISO-8601 UTC, inclusive
--   4,8 to              varchar  ISO-8601 UTC, exclusive
--   9 from              varchar  ISO-8601 UTC: where the baseline ends and the range begins
--   10 window_seconds   integer  the sliding window (a WHERE bound)
--   11 min_items        integer  new secrets or parameters within one window that make a sweep
--   12 range_partition_from  varchar  'yyyy/MM/dd', the day before `from` (the range's partitions)
--   13 range_partition_to    varchar  'yyyy/MM/dd', the day after `to`
-- Rows: principal, keyArn (the only key, else NULL), peak, firstSeen, lastSeen, total (new secrets and
--       parameters first read from the sweep's start to its end), calls (every Decrypt by the principal in
--       that span, under keyArn when there is one: what the drill-down lists), dataStart (the first event read)
WITH reads AS (
  -- The secret or parameter itself (kms_events.context_item: a secret's versions are one secret).
  SELECT principal, key_arn, event_ts, context_item AS item
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND eventname = 'Decrypt'
    AND error_class IS NULL
    AND principal IS NOT NULL
    AND context_item IS NOT NULL
),
span AS (
  -- Whether the logs cover the baseline: a sweep in a trail's first days may be routine.
  SELECT min(event_ts) AS data_start
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
),
fresh AS (
  -- A WHERE over the first reads, not a HAVING: Athena takes parameters in WHERE clauses only.
  SELECT * FROM (
    SELECT principal, item, min(event_ts) AS first_read, min(key_arn) AS first_key, max(key_arn) AS last_key
    FROM reads
    WHERE item IS NOT NULL
    GROUP BY principal, item
  ) AS firsts
  WHERE first_read >= from_iso8601_timestamp(?)
),
windows AS (
  -- One window per item (several can share a second: group by the item, not only its time).
  SELECT a.principal, a.first_read AS window_start, count(*) AS in_window, max(b.first_read) AS window_end
  FROM fresh a
  JOIN fresh b ON b.principal = a.principal AND b.first_read >= a.first_read
  WHERE to_unixtime(b.first_read) - to_unixtime(a.first_read) <= ?
  GROUP BY a.principal, a.item, a.first_read
),
sweeps AS (
  SELECT principal, max(in_window) AS peak, min(window_start) AS first_seen, max(window_end) AS last_seen
  FROM windows
  WHERE in_window >= ?
  GROUP BY principal
),
found AS (
  SELECT s.principal, s.peak, s.first_seen, s.last_seen, count(*) AS total,
    CASE WHEN min(f.first_key) = max(f.last_key) THEN min(f.first_key) END AS key_arn
  FROM sweeps s
  JOIN fresh f ON f.principal = s.principal AND f.first_read BETWEEN s.first_seen AND s.last_seen
  GROUP BY s.principal, s.peak, s.first_seen, s.last_seen
),
calls AS (
  -- Re-reads, failed reads and Decrypts of anything else in the span are in the drill-down too: count them.
  SELECT x.principal, count(*) AS calls
  FROM found x
  JOIN kms_events e ON e.principal = x.principal AND e.event_ts BETWEEN x.first_seen AND x.last_seen
    AND (x.key_arn IS NULL OR e.key_arn = x.key_arn)
  WHERE e."timestamp" BETWEEN ? AND ?
    AND e.eventname = 'Decrypt'
  GROUP BY x.principal
)
SELECT
  x.principal AS principal, x.key_arn AS keyArn, x.peak AS peak, x.first_seen AS firstSeen,
  x.last_seen AS lastSeen, x.total AS total, c.calls AS calls, d.data_start AS dataStart
FROM found x
JOIN calls c ON c.principal = x.principal
CROSS JOIN span d
ORDER BY peak DESC, principal
