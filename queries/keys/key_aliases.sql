-- key_aliases: every alias seen for a key, from alias changes and from calls that name the key
-- by alias, and whether the key has it now. Unpartitioned on purpose: a key keeps its name beyond
-- the range.
-- Params (in order):
--   1 key_arn  varchar  full key ARN
--   2,3 key_arn  varchar  again, for the aliases' latest evidence in its region and account
--   4 key_arn  varchar  again, to tell whether that evidence is on this key
-- Rows: alias, firstSeen, lastSeen, isCurrent (the alias's latest evidence is on this key and is
--       not its deletion; false once it moved to another key or was deleted)
WITH evidence AS (
  SELECT alias_name, event_ts
  FROM kms_events
  WHERE key_arn = ?
    AND alias_name IS NOT NULL
    AND errorcode IS NULL
    AND eventname <> 'DeleteAlias'
),
mine AS (
  SELECT alias_name, min(event_ts) AS first_seen, max(event_ts) AS last_seen
  FROM evidence
  GROUP BY alias_name
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
  coalesce(l.key_now = ? AND l.last_event <> 'DeleteAlias', false) AS isCurrent
FROM mine m
LEFT JOIN latest l ON l.alias_name = m.alias_name
ORDER BY m.last_seen DESC
