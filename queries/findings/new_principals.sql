-- new_principals: principals that called a key in [from, to) but never in the baseline period
-- [baseline_from, from) before it. A ReEncrypt counts under both its keys.
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `baseline_from`
--   2,6 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,7 baseline_from varchar  ISO-8601 UTC, inclusive
--   4,8 to            varchar  ISO-8601 UTC, exclusive
--   9,10 from         varchar  ISO-8601 UTC: where the baseline ends and the range begins
-- Rows: keyArn, principal, firstSeen, lastSeen, calls, dataStart (the first event read on any key of the
-- key's account: lib/findings/rules.ts needs a baseline of that account's logs, not the first days of a
-- trail or of an account that joined it). A key created in the range has only new callers: none listed.
WITH events AS (
  SELECT key_arn, principal, event_ts, eventname, eventtype
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
    AND principal IS NOT NULL
  UNION ALL
  SELECT dest_key_arn, principal, event_ts, NULL, NULL
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
    AND principal IS NOT NULL
),
pairs AS (
  -- Per pair, not per event: the key's account and KMS's own calls (AWS Internal, an AwsServiceEvent)
  -- are worked out on the few grouped rows.
  SELECT key_arn, split_part(key_arn, ':', 5) AS key_account, principal, min(event_ts) AS first_seen,
    max(event_ts) AS last_seen, count(*) AS calls,
    principal = 'AWS Internal' OR count_if(eventtype IS DISTINCT FROM 'AwsServiceEvent') = 0 AS by_kms,
    max(CASE WHEN eventname = 'CreateKey' THEN event_ts END) AS created_here
  FROM events
  GROUP BY key_arn, principal
),
per_pair AS (
  -- data_start and created over every pair (a second reference to `events` would read the logs twice on Athena).
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
