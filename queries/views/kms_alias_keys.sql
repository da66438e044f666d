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
-- the same order. first_seen/last_seen: the alias's evidence on the key other than its deletion (what
-- a key page's header and resolve_key.sql show and order by, without a pass over every event).
WITH evidence AS (
  SELECT alias_name, key_arn, eventname, event_ts, to_unixtime(event_ts) * 10000
    + CASE WHEN eventname = 'DeleteAlias' THEN 1 WHEN eventname IN ('CreateAlias', 'UpdateAlias') THEN 2 ELSE 0 END AS seq
  FROM kms_events
  WHERE alias_name IS NOT NULL
    AND key_arn IS NOT NULL
    AND errorcode IS NULL
)
SELECT alias_name, key_arn, max(seq) AS last_seq, max_by(eventname, seq) AS last_event,
  min(CASE WHEN eventname <> 'DeleteAlias' THEN event_ts END) AS first_seen,
  max(CASE WHEN eventname <> 'DeleteAlias' THEN event_ts END) AS last_seen
FROM evidence
GROUP BY alias_name, key_arn
