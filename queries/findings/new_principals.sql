-- new_principals: principals that called a key in [from, to) but never in the baseline period
-- [baseline_from, from) before it. A ReEncrypt counts under both its keys. Whole hours from the first
-- that starts at `baseline_from` or later come from the kms_key_hours rollup (the baseline starts on
-- a whole hour); the last hour, cut at `to`, from the events themselves.
-- Params (in order):
--   1,6 last_partition_from  varchar  'yyyy/MM/dd', the day before `to`
--   2,7 last_partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3,8 to               varchar  ISO-8601 UTC (its hour's start)
--   4,9 baseline_from    varchar  ISO-8601 UTC, inclusive
--   5,10 to              varchar  ISO-8601 UTC, exclusive
--   11 partition_from    varchar  'yyyy/MM/dd', the day before `baseline_from`
--   12 partition_to      varchar  'yyyy/MM/dd', the day after `to`
--   13 baseline_from     varchar  ISO-8601 UTC, inclusive
--   14 to                varchar  ISO-8601 UTC, exclusive (whole hours end before its hour)
--   15,16 from           varchar  ISO-8601 UTC: where the baseline ends and the range begins
-- Rows: keyArn, principal, firstSeen, lastSeen, calls, dataStart (the first event read on any key of the
-- key's account: lib/findings/rules.ts needs a baseline of that account's logs, not the first days of a
-- trail or of an account that joined it). A key created in the range has only new callers: none listed.
WITH last_hour AS (
  SELECT key_arn, principal, event_ts, eventname, eventtype
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ? AND event_ts >= date_trunc('hour', from_iso8601_timestamp(?))
    AND event_ts >= from_iso8601_timestamp(?) AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL AND principal IS NOT NULL
  UNION ALL
  SELECT dest_key_arn, principal, event_ts, NULL, NULL
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ? AND event_ts >= date_trunc('hour', from_iso8601_timestamp(?))
    AND event_ts >= from_iso8601_timestamp(?) AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL AND principal IS NOT NULL
),
hours AS (
  SELECT key_arn, principal, first_seen, last_seen, calls, non_service_calls, created
  FROM kms_key_hours
  WHERE "timestamp" BETWEEN ? AND ? AND event_hour >= from_iso8601_timestamp(?)
    AND event_hour < date_trunc('hour', from_iso8601_timestamp(?)) AND principal IS NOT NULL
  UNION ALL
  SELECT key_arn, principal, min(event_ts), max(event_ts), count(*),
    count_if(eventtype IS DISTINCT FROM 'AwsServiceEvent'), max(CASE WHEN eventname = 'CreateKey' THEN event_ts END)
  FROM last_hour
  GROUP BY key_arn, principal
),
pairs AS (
  -- KMS's own calls (AWS Internal, only AwsServiceEvents) and the key's account, per pair.
  SELECT key_arn, split_part(key_arn, ':', 5) AS key_account, principal, min(first_seen) AS first_seen,
    max(last_seen) AS last_seen, sum(calls) AS calls,
    principal = 'AWS Internal' OR sum(non_service_calls) = 0 AS by_kms, max(created) AS created_here
  FROM hours
  GROUP BY key_arn, principal
),
per_pair AS (
  -- data_start and created over every pair (a second reference to `hours` would read the logs and the rollup twice on Athena).
  SELECT *, min(first_seen) OVER (PARTITION BY key_account) AS data_start,
    max(created_here) OVER (PARTITION BY key_arn) AS created
  FROM pairs
)
SELECT
  key_arn AS keyArn, principal AS principal, first_seen AS firstSeen, last_seen AS lastSeen,
  calls AS calls, data_start AS dataStart
FROM per_pair
WHERE first_seen >= from_iso8601_timestamp(?)
  -- KMS's own service events (an automatic rotation, a deletion, AWS Internal) are no new principal using the key.
  AND NOT by_kms
  AND coalesce(created < from_iso8601_timestamp(?), true)
ORDER BY first_seen
