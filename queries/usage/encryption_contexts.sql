-- encryption_contexts: what a key's calls (or a principal's) protected, read from the encryption context
-- each caller passed (an S3 object, a secret, an EBS volume, a tenant), most-used first. KMS binds a
-- ciphertext to its context and CloudTrail logs it (never the data): the "which data" of KMS use.
-- Params (in order):
--   1 order               varchar  'calls' (most used first) or 'recent' (last seen first)
--   2,10 partition_from   varchar  'yyyy/MM/dd', the day before `from`
--   3,11 partition_to     varchar  'yyyy/MM/dd', the day after `to`
--   4,12 from             varchar  ISO-8601 UTC, inclusive
--   5,13 to               varchar  ISO-8601 UTC, exclusive
--   6,7,14 key_arn        varchar  full key ARN, or NULL for all keys
--   8,9,15,16 principal   varchar  or NULL: exactly, the principal or a role session's ARN
--   17 limit              integer  at most this many contexts, 1-100 (a WHERE bound: Athena cannot bind a LIMIT)
-- Rows: context (JSON text, as kms_events.encryption_context), calls, errors, principals and principal
--       (the only one, if one made every call), keys and keyArn (likewise), firstSeen, lastSeen; on every
--       row, the range's contexts (distinct), withContext (calls that passed one) and allCalls (every call).
WITH ordering AS (
  SELECT o FROM (VALUES ('calls'), ('recent')) AS orders (o) WHERE o = ?
),
calls AS (
  -- A key's calls, then ReEncrypts into it from another key (dest_key_arn is NULL when it is the
  -- source): one column per branch, so DuckDB filters in its scan and reads the long context
  -- strings of this key's rows only (2.5x fewer at 10M).
  SELECT encryption_context, error_class, principal, key_arn, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR key_arn = ?)
    AND (? IS NULL OR ? IN (principal, session_arn))
  UNION ALL
  SELECT encryption_context, error_class, principal, key_arn, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn = ?
    AND (? IS NULL OR ? IN (principal, session_arn))
),
per_context AS (
  -- Only what ranking needs (a busy key has a context per S3 object; calls with none: the NULL group).
  SELECT encryption_context AS context, count(*) AS calls, max(event_ts) AS last_seen
  FROM calls
  GROUP BY encryption_context
),
ranked AS (
  -- `recent` is NULL unless asked for; ties go to the most recent. The top 100 (the most `limit`
  -- allows) first: sorting 100, not all.
  SELECT context, calls, last_seen, row_number() OVER (ORDER BY recent DESC, calls DESC, last_seen DESC, context) AS rn
  FROM (
    SELECT p.*, CASE WHEN ordering.o = 'recent' THEN p.last_seen END AS recent
    FROM per_context AS p CROSS JOIN ordering WHERE p.context IS NOT NULL
    ORDER BY recent DESC, calls DESC, last_seen DESC, context LIMIT 100
  ) AS leaders
),
totals AS (
  SELECT count(context) AS contexts,
    -- DuckDB sums BIGINTs into a HUGEINT; Trino keeps BIGINT.
    CAST(sum(CASE WHEN context IS NOT NULL THEN calls ELSE 0 END) AS bigint) AS with_context,
    CAST(sum(calls) AS bigint) AS all_calls
  FROM per_context
),
listed AS (
  SELECT ranked.*, totals.* FROM ranked CROSS JOIN totals WHERE rn <= ?
),
detail AS (
  -- The rest for the listed contexts only.
  SELECT c.encryption_context AS context, count(c.error_class) AS errors,
    count(DISTINCT c.principal) AS principals, min(c.principal) AS first_principal, max(c.principal) AS last_principal,
    count(DISTINCT c.key_arn) AS keys, min(c.key_arn) AS first_key, max(c.key_arn) AS last_key, min(c.event_ts) AS first_seen
  FROM calls AS c
  JOIN listed AS l ON l.context = c.encryption_context
  GROUP BY c.encryption_context
)
SELECT
  l.context AS context, l.calls AS calls, d.errors AS errors, d.principals AS principals,
  CASE WHEN d.first_principal = d.last_principal THEN d.first_principal END AS principal,
  d.keys AS keys, CASE WHEN d.first_key = d.last_key THEN d.first_key END AS keyArn,
  d.first_seen AS firstSeen, l.last_seen AS lastSeen,
  l.contexts AS contexts, l.with_context AS withContext, l.all_calls AS allCalls
FROM listed AS l
JOIN detail AS d ON d.context = l.context
ORDER BY l.rn
