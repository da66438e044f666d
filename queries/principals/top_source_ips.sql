-- top_source_ips: where a key's (or a principal's) calls came from, busiest address first.
-- sourceIPAddress is the caller's IP, or for a call an AWS service made on its caller's behalf the
-- service's name (s3.amazonaws.com), or 'AWS Internal'. A ReEncrypt counts under both its keys.
-- Params (in order):
--   1,9 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2,10 partition_to   varchar  'yyyy/MM/dd', the day after `to`
--   3,11 from           varchar  ISO-8601 UTC, inclusive
--   4,12 to             varchar  ISO-8601 UTC, exclusive
--   5,6,13 key_arn      varchar  full key ARN, or NULL for every key
--   7,8,14,15 principal varchar  exactly, a principal as the lists show it or a role session's ARN, or NULL
--   16 limit            integer  at most this many addresses (a WHERE bound: Athena cannot bind a LIMIT)
-- Rows: sourceIp, calls, errors, principals, firstSeen, lastSeen, sourcesInAll (the ones past the limit too)
WITH calls AS (
  -- A key's calls, then ReEncrypts into it from another key: one column per branch, which DuckDB
  -- filters in its scan (as top_principals.sql does).
  SELECT sourceipaddress, principal, error_class, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR key_arn = ?)
    AND (? IS NULL OR ? IN (principal, session_arn))
  UNION ALL
  SELECT sourceipaddress, principal, error_class, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn = ?
    AND (? IS NULL OR ? IN (principal, session_arn))
),
per_source AS (
  SELECT
    coalesce(sourceipaddress, '(none)') AS source_ip,
    count(*) AS calls,
    count(error_class) AS errors,
    count(DISTINCT principal) AS principals,
    min(event_ts) AS first_seen,
    max(event_ts) AS last_seen
  FROM calls
  GROUP BY 1
),
ranked AS (
  SELECT *, row_number() OVER (ORDER BY calls DESC, source_ip) AS rn, count(*) OVER () AS in_all
  FROM per_source
)
SELECT
  source_ip AS sourceIp,
  calls AS calls,
  errors AS errors,
  principals AS principals,
  first_seen AS firstSeen,
  last_seen AS lastSeen,
  in_all AS sourcesInAll
FROM ranked
WHERE rn <= ?
ORDER BY rn
