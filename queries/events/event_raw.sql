-- event_raw: one event by its eventID, and the delivery file it was read from.
-- The raw record itself is read back from that file, exactly as CloudTrail wrote it:
-- a local path for KeyTrail's store, the S3 object ("$path") on Athena.
-- Params (in order):
--   1 event_id  varchar
-- Rows: eventId, eventTime, keyArn, principal, sourceFile
WITH match AS (
  SELECT eventid, event_ts, key_arn, principal, source_file
  FROM kms_events
  WHERE eventid = ?
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  key_arn AS keyArn,
  principal AS principal,
  source_file AS sourceFile
FROM match
