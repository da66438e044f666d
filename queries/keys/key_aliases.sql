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
  -- The same order within one second as keys_overview.sql: a use, the deletion, a re-creation.
  SELECT alias_name, max_by(key_arn, seq) AS key_now, max_by(eventname, seq) AS last_event
  FROM (
    SELECT alias_name, key_arn, eventname, to_unixtime(event_ts) * 10000
      + CASE WHEN eventname = 'DeleteAlias' THEN 1 WHEN eventname IN ('CreateAlias', 'UpdateAlias') THEN 2 ELSE 0 END AS seq
    FROM kms_events
    WHERE alias_name IN (SELECT alias_name FROM mine)
      AND key_arn IS NOT NULL
      AND errorcode IS NULL
      AND split_part(key_arn, ':', 4) = split_part(?, ':', 4)
      AND split_part(key_arn, ':', 5) = split_part(?, ':', 5)
  )
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
