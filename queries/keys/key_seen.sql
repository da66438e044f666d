-- key_seen: how many events the logs hold of a key, and from when to when: what a key page says
-- when its range holds none of them (an old trail opens on the last 7 days). Reads the kms_keys
-- rollup (a table on the embedded store; a view over every partition on Athena, so the page asks
-- only when the range is empty).
-- Params (in order):
--   1 key_arn  varchar  full key ARN
-- Rows: events, firstSeen, lastSeen (no row when the logs never name the key)
WITH key_row AS (
  SELECT events, first_seen, last_seen
  FROM kms_keys
  WHERE key_arn = ?
)
SELECT
  events AS events,
  first_seen AS firstSeen,
  last_seen AS lastSeen
FROM key_row
