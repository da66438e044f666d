-- new_principals: principals that called a key in [from, to) but never in the baseline period
-- [baseline_from, from) before it. A ReEncrypt counts under both its keys.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `baseline_from`
--   2,6 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,7 baseline_from varchar  ISO-8601 UTC, inclusive
--   4,8 to            varchar  ISO-8601 UTC, exclusive
--   9 from            varchar  ISO-8601 UTC: where the baseline ends and the range begins
-- Rows: keyArn, principal, firstSeen, lastSeen, calls, dataStart (the first event read, any key:
-- lib/findings/rules.ts needs a baseline of logs, not the first days of a trail)
WITH events AS (
  SELECT key_arn, principal, event_ts, coalesce(eventtype = 'AwsServiceEvent', false) AS by_kms
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
    AND principal IS NOT NULL
  UNION ALL
  SELECT dest_key_arn, principal, event_ts, false
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
    AND principal IS NOT NULL
),
per_pair AS (
  -- data_start over every pair in the same pass (a second CTE reference would read the logs twice on Athena).
  SELECT key_arn, principal, min(event_ts) AS first_seen, max(event_ts) AS last_seen, count(*) AS calls,
    min(min(event_ts)) OVER () AS data_start, bool_and(by_kms) AS by_kms
  FROM events
  GROUP BY key_arn, principal
)
SELECT
  key_arn AS keyArn, principal AS principal, first_seen AS firstSeen, last_seen AS lastSeen,
  calls AS calls, data_start AS dataStart
FROM per_pair
WHERE first_seen >= from_iso8601_timestamp(?)
  -- KMS's own service events (an automatic rotation, a deletion) are no new principal using the key.
  AND NOT by_kms
ORDER BY first_seen
