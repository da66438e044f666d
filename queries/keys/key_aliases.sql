-- key_aliases: every alias seen for a key, from alias changes and from calls that name the key
-- by alias, and whether the key has it now. Over all the logs on purpose: a key keeps its name
-- beyond the range. Reads only the kms_alias_keys rollup (a row per alias and key it was on),
-- not every event: a key page waits for this before anything else shows.
-- Params (in order):
--   1 key_arn  varchar  full key ARN
--   2,3 key_arn  varchar  again, for the aliases' latest evidence in its region and account
-- Rows: alias, firstSeen, lastSeen, isCurrent (the alias's latest evidence is on this key and is
--       not its deletion; false once it moved to another key or was deleted)
WITH mine AS (
  -- Evidence other than a deletion (an alias only ever deleted on this key was never seen on it).
  SELECT alias_name, key_arn, first_seen, last_seen
  FROM kms_alias_keys
  WHERE key_arn = ?
    AND last_seen IS NOT NULL
),
latest AS (
  -- Each alias's latest evidence in the key's region and account (kms_alias_keys orders one
  -- second's events as AWS must have: a use, the deletion, a re-creation).
  SELECT alias_name, max_by(key_arn, last_seq) AS key_now, max_by(last_event, last_seq) AS last_event
  FROM kms_alias_keys
  WHERE alias_name IN (SELECT alias_name FROM mine)
    AND split_part(key_arn, ':', 4) = split_part(?, ':', 4)
    AND split_part(key_arn, ':', 5) = split_part(?, ':', 5)
  GROUP BY alias_name
)
SELECT
  m.alias_name AS alias,
  m.first_seen AS firstSeen,
  m.last_seen AS lastSeen,
  coalesce(l.key_now = m.key_arn AND l.last_event NOT IN ('DeleteAlias', 'DeleteKey'), false) AS isCurrent
FROM mine m
LEFT JOIN latest l ON l.alias_name = m.alias_name
ORDER BY m.last_seen DESC
