-- encryption_contexts: what a key's calls (or a principal's) protected, read from the encryption context
-- each caller passed (an S3 object, a secret, an EBS volume, a tenant), most-used first. KMS binds a
-- ciphertext to its context and CloudTrail logs it (never the data): the "which data" of KMS use.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from`
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
--   5,6 key_arn       varchar  full key ARN, or NULL for all keys
--   7,8 principal     varchar  or NULL: exactly, the principal or a role session's ARN
--   9 limit           integer  at most this many contexts (a WHERE bound: Athena cannot bind a LIMIT)
-- Rows: context (JSON text, as kms_events.encryption_context), calls, errors, principals and principal
--       (the only one, if one made every call), keys and keyArn (likewise), firstSeen, lastSeen; on every
--       row, the range's contexts (distinct), withContext (calls that passed one) and allCalls (every call).
WITH calls AS (
  SELECT encryption_context, error_class, principal, key_arn, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND (? IS NULL OR ? IN (key_arn, dest_key_arn))
    AND (? IS NULL OR ? IN (principal, session_arn))
),
per_context AS (
  SELECT
    encryption_context AS context,
    count(*) AS calls,
    count(error_class) AS errors,
    count(DISTINCT principal) AS principals,
    min(principal) AS first_principal,
    max(principal) AS last_principal,
    count(DISTINCT key_arn) AS keys,
    min(key_arn) AS first_key,
    max(key_arn) AS last_key,
    min(event_ts) AS first_seen,
    max(event_ts) AS last_seen
  FROM calls
  WHERE encryption_context IS NOT NULL
  GROUP BY encryption_context
),
totals AS (
  SELECT count(*) AS all_calls, count(encryption_context) AS with_context
  FROM calls
),
ranked AS (
  -- Ties (one call per S3 object is common) go to the most recent.
  SELECT *, row_number() OVER (ORDER BY calls DESC, last_seen DESC, context) AS rn, count(*) OVER () AS contexts
  FROM per_context
)
SELECT
  r.context AS context,
  r.calls AS calls,
  r.errors AS errors,
  r.principals AS principals,
  CASE WHEN r.first_principal = r.last_principal THEN r.first_principal END AS principal,
  r.keys AS keys,
  CASE WHEN r.first_key = r.last_key THEN r.first_key END AS keyArn,
  r.first_seen AS firstSeen,
  r.last_seen AS lastSeen,
  r.contexts AS contexts,
  t.with_context AS withContext,
  t.all_calls AS allCalls
FROM ranked AS r
CROSS JOIN totals AS t
WHERE r.rn <= ?
ORDER BY r.rn
