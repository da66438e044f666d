-- top_principals: who calls a key (or any key). Assumed-role sessions count under their role.
-- Params (in order):
--   1,7,12 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,8,13 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3,9,14 from            varchar  ISO-8601 UTC, inclusive
--   4,10,15 to             varchar  ISO-8601 UTC, exclusive
--   5,6,11,16,17 key_arn   varchar  full key ARN, or NULL for all keys
--   18 limit               integer  at most this many principals (a WHERE bound: Athena cannot bind a LIMIT)
-- Rows: principal, principalType, calls, errors, keys (the keys its calls used: a ReEncrypt uses two,
--       as principal_keys lists them; a call that names no key adds none), sessions, lastSeen,
--       principalsInAll (how many principals there are, the ones past the limit too)
WITH calls AS (
  -- A key's calls, then ReEncrypts into it from another key (dest_key_arn is NULL when it is the
  -- source): one column per branch, which DuckDB filters in its scan.
  SELECT principal, key_arn, session_arn, principal_type, error_class, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR key_arn = ?)
  UNION ALL
  SELECT principal, key_arn, session_arn, principal_type, error_class, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn = ?
),
uses AS (
  -- Grouped as finely as the counts below need (principal, key, session), so they read a few rows
  -- with the destinations added: no slower than counting distinct keys and sessions per principal
  -- straight from the events (~10% less CPU on 1M events).
  SELECT principal, key_arn, session_arn, max(principal_type) AS principal_type,
    count(*) AS calls, count(error_class) AS errors, max(event_ts) AS last_seen
  FROM calls
  GROUP BY principal, key_arn, session_arn
  UNION ALL
  -- A ReEncrypt's destination is a key the principal used too: a key, not another call (a narrow
  -- second pass: few rows have one, and DuckDB skips the row groups with none).
  SELECT principal, dest_key_arn, NULL, NULL, 0, 0, NULL
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
    -- DuckDB sums BIGINTs into a HUGEINT; Trino keeps BIGINT.
    CAST(sum(calls) AS bigint) AS calls,
    CAST(sum(errors) AS bigint) AS errors,
    count(DISTINCT key_arn) AS keys,
    count(DISTINCT session_arn) AS sessions,
    max(last_seen) AS last_seen
  FROM uses
  GROUP BY 1
),
ranked AS (
  SELECT *, row_number() OVER (ORDER BY calls DESC, principal) AS rn, count(*) OVER () AS in_all
  FROM per_principal
)
SELECT
  principal AS principal,
  principal_type AS principalType,
  calls AS calls,
  errors AS errors,
  keys AS keys,
  sessions AS sessions,
  last_seen AS lastSeen,
  in_all AS principalsInAll
FROM ranked
WHERE rn <= ?
ORDER BY rn
