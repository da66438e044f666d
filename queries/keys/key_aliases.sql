-- key_aliases: every alias seen for a key, from alias changes and from calls that name the key
-- by alias. Unpartitioned on purpose: a key keeps its name beyond the range.
-- Params (in order):
--   1 key_arn  varchar  full key ARN
-- Rows: alias, firstSeen, lastSeen
WITH evidence AS (
  SELECT alias_name, event_ts
  FROM kms_events
  WHERE key_arn = ?
    AND alias_name IS NOT NULL
    AND errorcode IS NULL
    AND eventname <> 'DeleteAlias'
)
SELECT alias_name AS alias, min(event_ts) AS firstSeen, max(event_ts) AS lastSeen
FROM evidence
GROUP BY alias_name
ORDER BY max(event_ts) DESC
