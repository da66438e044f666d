-- event_raw: one event by its eventID, and the delivery file it was read from.
-- The raw record itself is read back from that file, exactly as CloudTrail wrote it:
-- a local path for KeyTrail's store, the S3 object ("$path") on Athena.
-- The event's time, when the link carries it, bounds what is read to a day each side:
-- the partitions (Athena prunes on them) and the event time itself (the local store prunes
-- on it: its string statistics keep 8 characters, '2026/11/', so the partition column alone
-- narrows to a month there). Without it, everything is read.
-- Params (in order):
--   1 event_id        varchar
--   2 near            varchar  'yyyy/MM/dd' of the event's time, or NULL when not known
--   3 partition_from  varchar  'yyyy/MM/dd', the day before (NULL when not known)
--   4 partition_to    varchar  'yyyy/MM/dd', the day after (NULL when not known)
--   5 near_from       varchar  ISO-8601, the event's time less a day (NULL when not known)
--   6 near_to         varchar  ISO-8601, the event's time plus a day (NULL when not known)
-- Rows: eventId, eventTime, keyArn, principal, encryptionContext (as stored: the events filter's text), sourceFile
WITH match AS (
  SELECT eventid, event_ts, key_arn, principal, encryption_context, source_file
  FROM kms_events
  WHERE eventid = ?
    AND (? IS NULL OR ("timestamp" BETWEEN ? AND ?
      AND event_ts BETWEEN from_iso8601_timestamp(?) AND from_iso8601_timestamp(?)))
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  key_arn AS keyArn,
  principal AS principal,
  encryption_context AS encryptionContext,
  source_file AS sourceFile
FROM match
