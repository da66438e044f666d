-- key_names: each key's name, the alias it has now, chosen as keys_overview.sql chooses it: among
-- the aliases whose latest evidence (in their account and region) is on the key and is not their
-- deletion, the latest. Keys without one have no row. Tables that show many keys (events, findings)
-- read it once for all keys: it reads only the kms_alias_keys rollup (a row per alias and key it was
-- ever on), not the events. Unpartitioned on purpose: a key keeps its name beyond the range.
-- Params: none.
-- Rows: keyArn, alias
WITH latest AS (
  SELECT
    alias_name,
    max_by(key_arn, last_seq) AS key_now,
    max_by(last_event, last_seq) NOT IN ('DeleteAlias', 'DeleteKey') AS exists_now,
    max(last_seq) AS last_seq
  FROM kms_alias_keys
  GROUP BY alias_name, split_part(key_arn, ':', 4), split_part(key_arn, ':', 5)
)
SELECT key_now AS keyArn, max_by(alias_name, last_seq) AS alias
FROM latest
WHERE exists_now
GROUP BY key_now
