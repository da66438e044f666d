-- key_principals: who calls one key. Assumed-role sessions count under their role.
-- Params (in order):
--   1 key_arn         varchar  full key ARN
--   2 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   3 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   4 from            varchar  ISO-8601 UTC, inclusive
--   5 to              varchar  ISO-8601 UTC, exclusive
--   6 limit           integer  at most this many principals (a WHERE bound: Athena has no LIMIT ?)
-- Rows: principal, principalType, calls, errors, sessions, lastSeen
WITH events AS (
  SELECT principal, principal_type, errorcode, session_arn, event_ts
  FROM kms_events
  WHERE key_arn = ?
    AND "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
),
per_principal AS (
  SELECT
    coalesce(principal, '(unknown)') AS principal,
    max(principal_type) AS principal_type,
    count(*) AS calls,
    count(errorcode) AS errors,
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
  sessions AS sessions,
  last_seen AS lastSeen
FROM ranked
WHERE rn <= ?
ORDER BY rn
