-- kms_alias_keys: every alias and each key it was ever on, with the latest evidence of it there.
-- Athena: CREATE OR REPLACE VIEW kms_alias_keys AS <this query> (npm run athena:ddl prints it).
-- DuckDB: a table rebuilt from this same text after every ingest, as kms_keys is: alias evidence
-- (calls that name a key by alias) is ~17% of a busy trail's events, and grouping it on every
-- keys list cost ~250 ms at 10M events.
-- Params: none.
-- Evidence is a successful alias change, or a successful call naming the key by alias that also
-- lists it (AWS-managed aliases have no CreateAlias in the logs). seq orders one second's events as
-- AWS must have: a use of the alias, then its deletion, then its creation anew (CloudTrail keeps
-- whole seconds); keys_overview.sql and key_aliases.sql read it; lib/ingest/resolve-aliases.ts uses
-- the same order. A DeleteKey deletes every alias the key has then: last_event 'DeleteKey' (readers
-- treat it as a DeleteAlias). first_seen/last_seen: the alias's evidence on the key other than its
-- deletion (what a key page's header and resolve_key.sql show and order by, without a pass over
-- every event).
WITH evidence AS (
  SELECT alias_name, key_arn, eventname, event_ts, to_unixtime(event_ts) * 10000
    + CASE WHEN eventname = 'DeleteAlias' THEN 1 WHEN eventname IN ('CreateAlias', 'UpdateAlias') THEN 2 ELSE 0 END AS seq
  FROM kms_events
  WHERE alias_name IS NOT NULL
    AND key_arn IS NOT NULL
    AND errorcode IS NULL
),
deleted AS (
  -- Each DeleteKey (few), with every alias ever seen on that key.
  SELECT DISTINCT e.alias_name, d.key_arn, d.event_ts, to_unixtime(d.event_ts) * 10000 + 1 AS seq
  FROM kms_events d
  JOIN evidence e ON e.key_arn = d.key_arn
  WHERE d.eventname = 'DeleteKey' AND d.errorcode IS NULL AND d.key_arn IS NOT NULL
),
ended AS (
  -- Those the alias was still on: its latest evidence before the deletion (in the key's account and
  -- Region, where the alias name lives) is on the key and is not its own deletion.
  SELECT d.alias_name, d.key_arn, 'DeleteKey' AS eventname, d.event_ts, d.seq
  FROM deleted d
  JOIN evidence e ON e.alias_name = d.alias_name AND e.seq < d.seq
    AND split_part(e.key_arn, ':', 4) = split_part(d.key_arn, ':', 4)
    AND split_part(e.key_arn, ':', 5) = split_part(d.key_arn, ':', 5)
  GROUP BY d.alias_name, d.key_arn, d.event_ts, d.seq
  HAVING max_by(e.key_arn, e.seq) = d.key_arn AND max_by(e.eventname, e.seq) <> 'DeleteAlias'
),
timeline AS (
  SELECT alias_name, key_arn, eventname, event_ts, seq FROM evidence
  UNION ALL
  SELECT alias_name, key_arn, eventname, event_ts, seq FROM ended
)
SELECT alias_name, key_arn, max(seq) AS last_seq, max_by(eventname, seq) AS last_event,
  min(CASE WHEN eventname NOT IN ('DeleteAlias', 'DeleteKey') THEN event_ts END) AS first_seen,
  max(CASE WHEN eventname NOT IN ('DeleteAlias', 'DeleteKey') THEN event_ts END) AS last_seen
FROM timeline
GROUP BY alias_name, key_arn
