-- resolve_key: the key ARN(s) a user means by a key id, key ARN or alias (name or ARN).
-- Reads the kms_keys and kms_alias_keys rollups (a row per key; a row per alias and key), not every
-- event: every key page waits for this before anything else shows.
-- Params (in order):
--   1 ref          varchar  as typed: 'arn:aws:kms:…:key/…', a key id, 'alias/x' or an alias ARN
--   2 key_suffix   varchar  ':key/' || ref (matches a bare key id in any account)
--   3 alias_name   varchar  'alias/x' (the alias part of ref; alias/<ref> for a bare name; or ref)
--   4,5 alias_keys varchar  'arn:<partition>:kms:<region>:<account>:key/' for an alias ARN (an alias
--                           names a key of its own account and Region only), or NULL
-- Rows: keyArn, lastSeen; the most recently seen first (a key by its last call, an alias by its last
--       use or change on that key, not its deletion), a tie (a multi-Region key's replicas, one alias
--       name in several Regions) broken by the ARN, so one reference always opens one key
WITH by_key AS (
  SELECT key_arn, last_seen
  FROM kms_keys
  WHERE key_arn = ? OR key_arn LIKE '%' || ?
),
by_alias AS (
  SELECT key_arn, last_seen
  FROM kms_alias_keys
  WHERE alias_name = ?
    AND (? IS NULL OR starts_with(key_arn, ?))
    AND last_seen IS NOT NULL
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
