-- top_principals: who calls a key (or any key). Assumed-role sessions count under their role.
-- Params (in order):
--   1,7 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,8 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,9 from          varchar  ISO-8601 UTC, inclusive
--   4,10 to           varchar  ISO-8601 UTC, exclusive
--   5,6,11,12 key_arn  varchar  full key ARN, or NULL for all keys
--   13 limit          integer  at most this many principals (a WHERE bound: Athena cannot bind a LIMIT)
-- Rows: principal, principalType, calls, errors, keys (the keys its calls used: a ReEncrypt uses two,
--       as principal_keys lists them; a call that names no key adds none), sessions, lastSeen
WITH events AS (
  SELECT principal, principal_type, error_class, session_arn, key_arn, event_ts, false AS key_only
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
  UNION ALL
  -- A ReEncrypt's destination is a key the principal used too: a row for `keys` only, not a call
  -- (a narrow second pass: few rows have one).
  SELECT principal, NULL, NULL, NULL, dest_key_arn, NULL, true
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
),
per_principal AS (
  SELECT
    coalesce(principal, '(unknown)') AS principal,
    max(principal_type) AS principal_type,
    count_if(NOT key_only) AS calls,
    count(error_class) AS errors,
    count(DISTINCT key_arn) AS keys,
    count(DISTINCT session_arn) AS sessions,
    max(event_ts) AS last_seen
  FROM events
  GROUP BY 1
),
ranked AS (
  SELECT *, row_number() OVER (ORDER BY calls DESC, principal) AS rn
  FROM per_principal
)
SELECT
  principal AS principal,
  principal_type AS principalType,
  calls AS calls,
  errors AS errors,
  keys AS keys,
  sessions AS sessions,
  last_seen AS lastSeen
FROM ranked
WHERE rn <= ?
ORDER BY rn
