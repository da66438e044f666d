-- keys_overview: each key used in [from, to): calls, errors, principals (ReEncrypt: both its keys).
-- Params (in order):
--   1,5 partition_from  varchar  'yyyy/MM/dd', the day before `from` (late delivery)
--   2,6 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   3,7 from          varchar  ISO-8601 UTC, inclusive
--   4,8 to            varchar  ISO-8601 UTC, exclusive
-- Rows: keyArn, alias, aliases, accountId, region, calls, errors, principals, lastUsed,
--       lastCryptoUse (the last cryptographic call, failed or not: what breaks when a key is disabled),
--       notFound (calls KMS answered NotFoundException: all of them, and there may be no such key)
WITH in_range AS (
  SELECT key_arn, principal, error_class, errorcode, event_ts, eventname
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND key_arn IS NOT NULL
  UNION ALL
  -- A ReEncrypt counts under its destination key too (a narrow second pass: few rows have one).
  SELECT dest_key_arn, principal, error_class, errorcode, event_ts, eventname
  FROM kms_events
  WHERE "timestamp" BETWEEN ? AND ?
    AND event_ts >= from_iso8601_timestamp(?)
    AND event_ts < from_iso8601_timestamp(?)
    AND dest_key_arn IS NOT NULL
),
per_key AS (
  SELECT
    key_arn,
    count(*) AS calls,
    count(error_class) AS errors,
    count_if(errorcode = 'NotFoundException') AS not_found,
    -- A caller the record does not name counts once, as the top principals' "(unknown)" row.
    count(DISTINCT coalesce(principal, '(unknown)')) AS principals,
    max(event_ts) AS last_used,
    max(CASE WHEN contains(ARRAY['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac',
      'DeriveSharedSecret', 'GetPublicKey'], eventname) THEN event_ts END) AS last_crypto
  FROM in_range
  GROUP BY key_arn
),
latest AS (
  -- Aliases are read over all the logs, not just the range: a key keeps its name. Each alias in
  -- its account and region: the key its latest evidence is on (kms_alias_keys, one row per alias
  -- and key it was ever on), whether that was its deletion, and every key it was ever on.
  SELECT
    alias_name,
    max_by(key_arn, last_seq) AS key_now,
    max_by(last_event, last_seq) NOT IN ('DeleteAlias', 'DeleteKey') AS exists_now,
    max(last_seq) AS last_seq,
    array_agg(key_arn) AS keys
  FROM kms_alias_keys
  GROUP BY alias_name, split_part(key_arn, ':', 4), split_part(key_arn, ':', 5)
),
aliases AS (
  -- alias: one the key has now, the latest given. aliases: every one it ever had, for search.
  SELECT
    k.key_arn,
    max_by(CASE WHEN l.exists_now AND l.key_now = k.key_arn THEN l.alias_name END,
      CASE WHEN l.exists_now AND l.key_now = k.key_arn THEN l.last_seq END) AS alias,
    array_join(array_agg(l.alias_name ORDER BY l.alias_name), ', ') AS aliases
  FROM latest l
  CROSS JOIN UNNEST(l.keys) AS k (key_arn)
  GROUP BY k.key_arn
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
  k.last_used AS lastUsed,
  k.last_crypto AS lastCryptoUse,
  k.not_found AS notFound
FROM per_key k
LEFT JOIN aliases a ON a.key_arn = k.key_arn
ORDER BY k.calls DESC, k.key_arn
