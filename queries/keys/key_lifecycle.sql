-- key_lifecycle: every lifecycle change of one key up to `to`, oldest first, with its actor (the kinds
-- of change are kms_lifecycle's: queries/views/kms_lifecycle.sql). A multi-Region key's rotation
-- changes logged on the other keys of its account and key id (its primary, in another Region) too:
-- rotation is set on the primary only and shared (key_status.sql).
-- Params (in order):
--   1 partition_to  varchar  'yyyy/MM/dd', the day after `to`
--   2 to            varchar  ISO-8601 UTC, exclusive
--   3-6 key_arn     varchar  full key ARN (four times)
-- Grants AWS services make and retire for their own work (kms_lifecycle's `routine`) are rolled up
-- into one row per operation and service, with eventId NULL, the service as principal, and their count
-- and span; every other change is a row of its own (events 1).
-- Rows: eventId, eventTime, lastTime, events, eventName, keyArn (where it was logged), principal,
--       errorCode, detail
WITH changes AS (
  SELECT *
  FROM kms_lifecycle
  WHERE "timestamp" <= ?
    AND event_ts < from_iso8601_timestamp(?)
    AND (key_arn = ?
      -- A multi-Region key (an mrk- key id): the rotation changes of every key with its account and key id.
      OR (contains(ARRAY['EnableKeyRotation', 'DisableKeyRotation', 'RotateKey', 'RotateKeyOnDemand'], eventname)
        AND split_part(?, ':', 6) LIKE 'key/mrk-%'
        AND split_part(key_arn, ':', 6) = split_part(?, ':', 6) AND split_part(key_arn, ':', 5) = split_part(?, ':', 5)))
)
SELECT
  eventid AS eventId,
  event_ts AS eventTime,
  event_ts AS lastTime,
  1 AS events,
  eventname AS eventName,
  key_arn AS keyArn,
  principal AS principal,
  errorcode AS errorCode,
  coalesce(
    json_extract_scalar(responseelements, '$.deletionDate'),
    json_extract_scalar(requestparameters, '$.granteePrincipal'),
    alias_name,
    json_extract_scalar(serviceeventdetails, '$.rotationType'),
    json_extract_scalar(requestparameters, '$.rotationPeriodInDays'),
    -- The tags set or removed, the new description: the caller's text, cut short for a timeline line.
    substr(coalesce(json_format(json_extract(requestparameters, '$.tags')),
      json_format(json_extract(requestparameters, '$.tagKeys')), json_extract_scalar(requestparameters, '$.description')), 1, 200)
  ) AS detail
FROM changes
WHERE NOT routine
UNION ALL
SELECT NULL, min(event_ts), max(event_ts), count(*), eventname, key_arn, via_service, NULL, NULL
FROM changes
WHERE routine
GROUP BY eventname, key_arn, via_service
ORDER BY eventTime, eventName
