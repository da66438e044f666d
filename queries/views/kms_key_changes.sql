-- kms_key_changes: the successful events that change a key's state (automatic rotation, enabled or not,
-- deletion, key material, creation), with their key: what key_status.sql reads. They are a few in
-- millions of events, and finding them by name among every event cost key_status ~200 ms at 10M events
-- (bench/README.md), on every key page, the rotation page and the report. Taken from kms_lifecycle
-- (every lifecycle change), which is built before it (lib/queries/rollups.ts), not from every event again.
-- Athena: CREATE OR REPLACE VIEW kms_key_changes AS <this query> (npm run athena:ddl prints it). Its
-- "timestamp" is the table's partition, so a filter on it prunes as it does on kms_events.
-- DuckDB: a table rebuilt from this same text after every ingest, as kms_keys is.
-- Params: none.
WITH changes AS (
  SELECT "timestamp", event_ts, key_arn, eventname, principal, requestparameters, responseelements,
    serviceeventdetails
  FROM kms_lifecycle
  WHERE errorcode IS NULL
    AND key_arn IS NOT NULL
    AND contains(ARRAY['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey', 'RotateKeyOnDemand', 'EnableKey',
      'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DeleteKey', 'CreateKey', 'ImportKeyMaterial',
      'DeleteImportedKeyMaterial', 'DeleteExpiredKeyMaterial'], eventname)
)
SELECT * FROM changes
