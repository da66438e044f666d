-- kms_key_hours: calls per key and UTC hour, the ones that worked and the failed ones apart: what the
-- usage-spike rule scores (hourly_calls.sql). A ReEncrypt counts under both its keys: a mass
-- re-encryption into a key is a spike on that key. Counting every call of the rule's 28 days again on
-- each findings run cost ~370 ms at 10M events (bench/README.md).
-- Grouped by "timestamp" too (the partition: the delivery file's day), so a filter on it prunes on
-- Athena; a key's hour near midnight can be in two partitions, so readers sum.
-- Athena: CREATE OR REPLACE VIEW kms_key_hours AS <this query> (npm run athena:ddl prints it).
-- DuckDB: a table rebuilt from this same text after every ingest, as kms_keys is.
-- Params: none.
WITH calls AS (
  SELECT "timestamp", key_arn, event_ts, error_class
  FROM kms_events
  WHERE key_arn IS NOT NULL
  UNION ALL
  SELECT "timestamp", dest_key_arn, event_ts, error_class
  FROM kms_events
  WHERE dest_key_arn IS NOT NULL
)
SELECT "timestamp", key_arn, date_trunc('hour', event_ts) AS event_hour, count_if(error_class IS NULL) AS calls,
  count(error_class) AS failed
FROM calls
GROUP BY "timestamp", key_arn, date_trunc('hour', event_ts)
