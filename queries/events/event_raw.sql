-- event_raw: one event by its eventID, with the record exactly as CloudTrail wrote it.
-- `raw` is kept by KeyTrail's local store at ingest. On Athena the row also carries the
-- delivery file ("$path") so the record can be read back from S3 unchanged.
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
