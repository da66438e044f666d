-- keys_overview: every key with KMS activity in [from, to), with its calls, errors and principals.
-- Params (in order):
--   1 partition_from  varchar  'yyyy/MM/dd', the day before `from` (late delivery)
--   2 partition_to    varchar  'yyyy/MM/dd', the day after `to`
--   3 from            varchar  ISO-8601 UTC, inclusive
--   4 to              varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, alias, aliases, accountId, region, calls, errors, principals, lastUsed
WITH in_range AS (
  SELECT key_arn, principal, errorcode, event_ts
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
),
per_key AS (
  SELECT
    key_arn,
    count(*) AS calls,
    count(errorcode) AS errors,
    count(DISTINCT principal) AS principals,
    max(event_ts) AS last_used
  FROM in_range
  GROUP BY key_arn
),
aliases AS (
  -- Aliases are resolved over all the logs, not just the range: a key keeps its name.
  -- max_by, not a row_number() window: one pass, no sort of every alias-naming event.
  SELECT
    key_arn,
    max_by(alias_name, event_ts) AS alias,
    array_join(array_agg(DISTINCT alias_name), ', ') AS aliases
  FROM kms_events
  WHERE alias_name IS NOT NULL
    AND key_arn IS NOT NULL
    AND errorcode IS NULL
    AND eventname <> 'DeleteAlias'
  GROUP BY key_arn
)
SELECT
  k.key_arn AS keyArn,
  a.alias AS alias,
  a.aliases AS aliases,
  split_part(k.key_arn, ':', 5) AS accountId,
  split_part(k.key_arn, ':', 4) AS region,
  k.calls AS calls,
  k.errors AS errors,
  k.principals AS principals,
  k.last_used AS lastUsed
FROM per_key k
LEFT JOIN aliases a ON a.key_arn = k.key_arn
ORDER BY k.calls DESC, k.key_arn
