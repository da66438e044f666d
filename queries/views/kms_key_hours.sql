-- kms_key_hours: calls per key, principal and UTC hour: what the usage-spike rule scores
-- (hourly_calls.sql: the calls that worked, the failed ones apart) and the new-principal rule
-- compares (new_principals.sql: first and last call, KMS's own service events, the key's creation).
-- A ReEncrypt counts under both its keys (under its destination with no event name or type, as
-- those rules count it). Counting every call of the rules' 28 days again on each findings run cost
-- ~370 and ~300 ms at 10M events (bench/README.md).
-- Grouped by "timestamp" too (the partition: the delivery file's day), so a filter on it prunes on
-- Athena; a key's hour near midnight can be in two partitions, so readers sum.
-- Athena: CREATE OR REPLACE VIEW kms_key_hours AS <this query> (npm run athena:ddl prints it).
-- DuckDB: a table rebuilt from this same text after every ingest, as kms_keys is.
-- Params: none.
WITH calls AS (
  SELECT "timestamp", key_arn, principal, event_ts, error_class, eventname, eventtype
  FROM kms_events
  WHERE key_arn IS NOT NULL
  UNION ALL
  SELECT "timestamp", dest_key_arn, principal, event_ts, error_class, NULL, NULL
  FROM kms_events
  WHERE dest_key_arn IS NOT NULL
)
SELECT "timestamp", key_arn, principal, date_trunc('hour', event_ts) AS event_hour,
  min(event_ts) AS first_seen, max(event_ts) AS last_seen, count(*) AS calls,
  count_if(error_class IS NULL) AS worked, count(error_class) AS failed,
  count_if(eventtype IS DISTINCT FROM 'AwsServiceEvent') AS non_service_calls,
  max(CASE WHEN eventname = 'CreateKey' THEN event_ts END) AS created
FROM calls
GROUP BY "timestamp", key_arn, principal, date_trunc('hour', event_ts)
