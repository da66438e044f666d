-- resolve_key_in_events: resolve_key.sql over every event instead of the rollups, for a reference
-- they do not know: an ingest still running has stored events whose keys the rollups (rebuilt when it
-- ends) do not list yet. Same params and rows as resolve_key.sql.
-- Params (in order):
--   1 ref          varchar  as typed: 'arn:aws:kms:…:key/…', a key id, 'alias/x' or an alias ARN
--   2 key_suffix   varchar  ':key/' || ref (matches a bare key id in any account)
--   3 alias_name   varchar  'alias/x' (the alias part of ref; alias/<ref> for a bare name; or ref)
--   4,5 alias_keys varchar  'arn:<partition>:kms:<region>:<account>:key/' for an alias ARN (an alias
--                           names a key of its own account and Region only), or NULL
-- Rows: keyArn, lastSeen; the most recently seen first, a tie (a multi-Region key's replicas, one
--       alias name in several Regions) broken by the ARN, so one reference always opens one key
WITH by_key AS (
  SELECT key_arn, max(event_ts) AS last_seen
  FROM kms_events
  WHERE key_arn = ? OR key_arn LIKE '%' || ?
  GROUP BY key_arn
),
by_alias AS (
  SELECT key_arn, max(event_ts) AS last_seen
  FROM kms_events
  WHERE alias_name = ?
    AND (? IS NULL OR starts_with(key_arn, ?))
    AND key_arn IS NOT NULL
    AND errorcode IS NULL
    AND eventname <> 'DeleteAlias'
  GROUP BY key_arn
),
candidates AS (
  SELECT * FROM by_key
  UNION ALL
  SELECT * FROM by_alias
)
SELECT key_arn AS keyArn, max(last_seen) AS lastSeen
FROM candidates
GROUP BY key_arn
ORDER BY max(last_seen) DESC, key_arn
