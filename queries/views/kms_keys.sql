-- kms_keys: every key the logs name, with when it was first and last seen.
-- Athena: CREATE OR REPLACE VIEW kms_keys AS <this query> (npm run athena:ddl prints it).
-- DuckDB: a table rebuilt from this same text after every ingest (a rollup, so
-- "which keys exist" costs a few rows instead of a pass over every event).
-- Params: none.
WITH named AS (
  SELECT key_arn, event_ts
  FROM kms_events
  WHERE key_arn IS NOT NULL
  UNION ALL
  -- A key a ReEncrypt wrote into is named by that call too.
  SELECT dest_key_arn, event_ts
  FROM kms_events
  WHERE dest_key_arn IS NOT NULL
)
SELECT
  key_arn,
  min(event_ts) AS first_seen,
  max(event_ts) AS last_seen,
  count(*) AS events
FROM named
GROUP BY key_arn
