-- event_raw: one event by its eventID, with the record exactly as CloudTrail wrote it.
-- `raw` is kept by KeyTrail's local store at ingest. On Athena both `raw` and `source_file`
-- are NULL (the JSON SerDe keeps no original text; docs/athena.md).
-- Params (in order):
--   1 event_id  varchar
-- Rows: eventId, eventTime, keyArn, principal, raw, sourceFile
WITH match AS (
  SELECT eventid, event_ts, key_arn, principal, raw, source_file
  FROM kms_events
  WHERE eventid = ?
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  key_arn AS keyArn,
  principal AS principal,
  raw AS raw,
  source_file AS sourceFile
FROM match
